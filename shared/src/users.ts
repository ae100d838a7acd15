import { z } from 'zod';
import { plainText } from './text';
import { gridCodeSchema } from './grids';
import { roleSchema, specialtySchema } from './roles';
import { unitCodeSchema } from './units';

export const openidSchema = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'openid 格式不正确');
const phoneSchema = z.string().regex(/^\+?[0-9-]{5,20}$/, '电话号码格式不正确');

/** A user as the API shows them; never includes WeChat's session_key. */
export const userSchema = z.object({
  id: z.string(),
  role: roleSchema,
  name: z.string().nullable(),
  specialty: specialtySchema.nullable(),
  gridCodes: z.array(z.string()),
  unitCode: z.string().nullable().describe('unit_handler: the unit whose queue they work'),
  careMode: z.boolean(),
});
export type UserView = z.infer<typeof userSchema>;

export const wechatLoginSchema = z.strictObject({
  code: z.string().min(1, '缺少登录凭证').max(128),
});

export const devLoginSchema = z.strictObject({
  openid: openidSchema,
  role: roleSchema,
  name: plainText(z.string().trim().min(1).max(40)).optional(),
  gridCodes: z.array(gridCodeSchema).max(50).optional(),
  specialty: specialtySchema.optional(),
  unitCode: unitCodeSchema.optional(),
});

export const authResultSchema = z.object({
  token: z.string(),
  expiresAt: z.string().describe('ISO 8601'),
  user: userSchema,
});

export const staffSchema = z
  .strictObject({
    openid: openidSchema,
    name: plainText(z.string().trim().min(1, '姓名不能为空').max(40)),
    phone: phoneSchema.optional(),
    role: z.enum(['grid_worker', 'grid_leader', 'dispatcher', 'unit_handler', 'admin']),
    specialty: specialtySchema.optional().describe('grid_worker only; part-time helpers default to social'),
    gridCodes: z.array(gridCodeSchema).max(50).default([]).describe('Scope: grids at any level (市/区/街道/…); a dispatcher with none sees the whole deployment'),
    unitCode: unitCodeSchema.optional().describe('unit_handler: the unit they belong to (required)'),
  })
  .refine((s) => s.role !== 'unit_handler' || !!s.unitCode, { path: ['unitCode'], message: '承办单位人员须指定所属单位 unitCode' });
export type StaffInput = z.infer<typeof staffSchema>;

/** One staff member, or many at once as `{ staff: [...] }`. */
export const staffImportSchema = z.union([staffSchema, z.strictObject({ staff: z.array(staffSchema).min(1).max(2_000) })]);

export const staffImportResultSchema = z.object({ created: z.number().int(), updated: z.number().int(), users: z.array(userSchema) });

export const profileUpdateSchema = z.strictObject({
  careMode: z.boolean().optional(),
  name: plainText(z.string().trim().min(1).max(40)).optional(),
});

/** What the mini-program needs to know about this deployment before signing in. */
export const clientConfigSchema = z.object({
  devLogin: z.boolean().describe('Whether the demo login picker is offered (never in production)'),
  subscribeTemplateIds: z.array(z.string()).describe('Template ids to pass to requestSubscribeMessage'),
  subscribeKind: z.enum(['one_time', 'long_term']),
  autoCloseDays: z.number(),
  phoneBinding: z.boolean().describe('Whether staff may bind by their WeChat-verified phone (getPhoneNumber) instead of the code'),
});
export type ClientConfig = z.infer<typeof clientConfigSchema>;

export const devUserSchema = z.object({ openid: z.string(), name: z.string().nullable(), role: roleSchema });
