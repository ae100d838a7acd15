import { z } from 'zod';
import { gridCodeSchema, gridLevelSchema } from './grids';
import { roleSchema, specialtySchema } from './roles';
import { plainText } from './text';
import { unitCodeSchema } from './units';

/** A staff account as the administration section lists it: phone masked, with the reports they hold now. */
export const staffMemberSchema = z.object({
  id: z.string(),
  role: roleSchema,
  name: z.string().nullable(),
  phone: z.string().nullable().describe('Masked (138****5678)'),
  specialty: specialtySchema.nullable(),
  gridCodes: z.array(z.string()),
  unitCode: z.string().nullable(),
  disabled: z.boolean(),
  openReports: z.number().int().describe('Open reports they hold now'),
  createdAt: z.string(),
});
export type StaffMember = z.infer<typeof staffMemberSchema>;

/** Re-scope or disable a staff member; a role change is a new invitation, so it is not here. */
export const staffUpdateSchema = z
  .strictObject({
    name: plainText(z.string().trim().min(1, '姓名不能为空').max(40)).optional(),
    gridCodes: z.array(gridCodeSchema).max(50).optional(),
    specialty: specialtySchema.optional(),
    unitCode: unitCodeSchema.optional(),
    disabled: z.boolean().optional().describe('A disabled account cannot sign in and receives nothing; hand its reports over first'),
  })
  .refine((b) => Object.keys(b).length > 0, { message: '没有要修改的内容' });
export type StaffUpdate = z.infer<typeof staffUpdateSchema>;

export const handOverSchema = z.strictObject({
  toUserId: z.string().regex(/^[a-f0-9]{24}$/, '接手人不正确'),
  disable: z.boolean().default(false).describe('Also disable the leaving account once nothing is left with it'),
  note: plainText(z.string().trim().max(200)).optional(),
});
export type HandOver = z.infer<typeof handOverSchema>;

export const handOverResultSchema = z.object({
  moved: z.number().int(),
  failed: z.array(z.object({ id: z.string(), no: z.string(), message: z.string() })).describe('Reports left with the leaving member, each with why'),
  disabled: z.boolean(),
});
export type HandOverResult = z.infer<typeof handOverResultSchema>;

/** One administrative change: who, what, and the state before and after. */
export const adminLogEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string(),
  action: z.string(),
  subject: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AdminLogEntry = z.infer<typeof adminLogEntrySchema>;
export const adminLogQuerySchema = z.strictObject({
  action: z.string().regex(/^[a-z_.]{1,60}$/).optional().describe('Exact action, or a prefix ending in "." (e.g. "staff.")'),
  before: z.string().regex(/^[a-f0-9]{24}$/).optional().describe('Cursor: the last id seen'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The administration log's actions, in Chinese for the console. */
export const adminActionNames: Record<string, string> = {
  'invitation.create': '创建邀请',
  'invitation.revoke': '撤销邀请',
  'invitation.redeem': '绑定邀请',
  'admin.first_invitation': '首个管理员邀请',
  'console_session.confirm': '扫码登录电脑端',
  'console_session.sign_out': '退出电脑端',
  'staff.import': '导入人员',
  'staff.update': '修改人员',
  'staff.disable': '停用人员',
  'staff.enable': '启用人员',
  'staff.hand_over': '工作交接',
  'grids.import': '导入网格',
  'category.update': '修改分类',
  'unit.create': '新建单位',
  'unit.update': '修改单位',
  'work_calendar.update': '修改工作日历',
  'api_key.issue': '签发接口密钥',
  'api_key.revoke': '吊销接口密钥',
  'outbox.retry': '重发通知',
};

export const apiKeyViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.enum(['open311', 'hotline']),
  gridCode: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable().describe('To the minute'),
  revokedAt: z.string().nullable(),
});
export type ApiKeyView = z.infer<typeof apiKeyViewSchema>;

/** What an import would do, without doing it: every feature with its change or its problems. */
export const gridPreviewSchema = z.object({
  valid: z.boolean(),
  created: z.number().int(),
  updated: z.number().int(),
  features: z.array(
    z.object({
      index: z.number().int(),
      code: z.string().nullable(),
      name: z.string().nullable(),
      level: gridLevelSchema.nullable(),
      parentCode: z.string().nullable(),
      change: z.enum(['create', 'update', 'invalid']),
      problems: z.array(z.string()),
    }),
  ),
});
export type GridPreview = z.infer<typeof gridPreviewSchema>;
