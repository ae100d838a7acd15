import { z } from 'zod';
import { gridCodeSchema } from './grids';
import { specialtySchema } from './roles';
import { plainText } from './text';
import { unitCodeSchema } from './units';
import { mobileSchema } from './reports';

/** The roles an invitation can give: every staff role (a resident needs no invitation). */
export const invitableRoles = ['grid_worker', 'grid_leader', 'dispatcher', 'unit_handler', 'admin'] as const;

/**
 * An invitation's code: 8 letters and digits from an alphabet without look-alikes (no 0/O, 1/I/L), so it can be read
 * out over the phone; dashes, spaces and lower case are forgiven.
 */
export const INVITATION_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const invitationCodeSchema = z
  .string()
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
  .pipe(z.string().regex(new RegExp(`^[${INVITATION_ALPHABET}]{8}$`), '邀请码是8位字母和数字'));

export const createInvitationSchema = z
  .strictObject({
    role: z.enum(invitableRoles),
    name: plainText(z.string().trim().min(1, '姓名不能为空').max(40)),
    phone: mobileSchema.optional().describe('Where the street can reach them; matched against getPhoneNumber where the app may use it'),
    gridCodes: z.array(gridCodeSchema).max(50).default([]).describe('Scope, as for staff: grids at any level'),
    specialty: specialtySchema.optional().describe('grid_worker: 社会治理 / 城市治理 / 警格 (default social)'),
    unitCode: unitCodeSchema.optional().describe('unit_handler: the unit they will work for (required)'),
    expiresInHours: z.number().int().min(1).max(720).default(168).describe('How long the code can be redeemed (default 7 days)'),
  })
  .refine((s) => s.role !== 'unit_handler' || !!s.unitCode, { path: ['unitCode'], message: '承办单位人员须指定所属单位 unitCode' })
  .refine((s) => s.role !== 'grid_worker' || s.gridCodes.length > 0, { path: ['gridCodes'], message: '网格员须指定负责的网格' });
export type CreateInvitation = z.infer<typeof createInvitationSchema>;

export const invitationStatuses = ['pending', 'used', 'expired', 'revoked'] as const;
export const invitationStatusNames: Record<(typeof invitationStatuses)[number], string> = { pending: '待使用', used: '已使用', expired: '已过期', revoked: '已撤销' };

export const invitationViewSchema = z.object({
  id: z.string(),
  role: z.enum(invitableRoles),
  name: z.string(),
  phone: z.string().nullable().describe('Masked (138****5678)'),
  gridCodes: z.array(z.string()),
  specialty: specialtySchema.nullable(),
  unitCode: z.string().nullable(),
  status: z.enum(invitationStatuses),
  createdAt: z.string(),
  expiresAt: z.string(),
  usedAt: z.string().nullable(),
});
export type InvitationView = z.infer<typeof invitationViewSchema>;

/** Shown once, when the invitation is made: the code itself is never stored, only its hash. */
export const createdInvitationSchema = invitationViewSchema.extend({
  code: z.string().describe('The one-time code, e.g. 7KQ2-M9XD'),
  path: z.string().describe('The mini-program page that redeems it (for a WeChat QR code)'),
});

/** Redeem by the code, or — where the account may read verified phones — by a getPhoneNumber button's one-time code. */
export const bindSchema = z.union([
  z.strictObject({ code: invitationCodeSchema }),
  z.strictObject({ phoneCode: z.string().min(1, '缺少手机号授权').max(128).describe("getPhoneNumber's e.detail.code: matched against the invitation's phone") }),
]);
