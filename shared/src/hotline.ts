import { z } from 'zod';
import { categoryCodeSchema } from './categories';
import { gridCodeSchema } from './grids';
import type { TimeLimit } from './time-limits';
import type { Status } from './statuses';
import type { TimelineEvent } from './transitions';

/** 诉求类型 of a 12345 work order (GB/T 33358), by the names the hotline sends. */
export const appealTypes = ['咨询', '求助', '投诉', '举报', '建议'] as const;
export type AppealType = (typeof appealTypes)[number];

/** When the order names no deadline: the common 12345 limits from 受理, in working days (国办发〔2020〕53号 practice). */
export const appealLimits: Record<AppealType, TimeLimit> = {
  咨询: { value: 2, unit: 'working_days' },
  求助: { value: 5, unit: 'working_days' },
  建议: { value: 10, unit: 'working_days' },
  投诉: { value: 10, unit: 'working_days' },
  举报: { value: 15, unit: 'working_days' },
};

/** 签收 is due within two hours of 转办. */
export const hotlineSignLimit: TimeLimit = { value: 2, unit: 'hours' };

const text = (max: number) => z.string().trim().min(1).max(max);

/** A work order 12345 hands to the street (转办/交办). */
export const workOrderInSchema = z.strictObject({
  orderNo: z.string().regex(/^[A-Za-z0-9-]{4,40}$/, '工单编号为4-40位字母、数字或-'),
  appealType: z.enum(appealTypes),
  content: text(2_000).describe('诉求内容'),
  address: z.string().trim().max(200).optional(),
  lat: z.number().min(-90).max(90).optional().describe('WGS-84, with long'),
  long: z.number().min(-180).max(180).optional(),
  gridCode: gridCodeSchema.optional().describe('The street or grid when 12345 knows it and has no position; else the key’s own'),
  categoryCode: categoryCodeSchema.optional().describe('Omitted: suggested from the content'),
  contactName: z.string().trim().max(40).optional(),
  contactPhone: z.string().trim().max(40).optional().describe('Personal information: stored for staff, shown masked'),
  acceptedAt: z.iso.datetime({ offset: true }).optional().describe('受理 at the hotline; default now'),
  deadline: z.iso.datetime({ offset: true }).optional().describe('办结时限; default from the 诉求类型'),
}).refine((o) => (o.lat === undefined) === (o.long === undefined), { path: ['long'], message: '经纬度须同时提供' });
export type WorkOrderIn = z.infer<typeof workOrderInSchema>;

export const orderNoParamsSchema = z.strictObject({ orderNo: z.string().regex(/^[A-Za-z0-9-]{4,40}$/) });

/** 12345's answer to the street's 延期 request. */
export const extensionDecisionSchema = z.strictObject({
  approved: z.boolean(),
  note: z.string().trim().max(500).optional(),
});

/** 回访 and 评价: 12345 called the citizen back. */
export const satisfactions = ['满意', '基本满意', '不满意'] as const;
export const visitSchema = z.strictObject({
  satisfaction: z.enum(satisfactions),
  comment: z.string().trim().max(500).optional(),
});
export type VisitInput = z.infer<typeof visitSchema>;
/** On the resident's 1–5 scale: 基本满意 still closes, 不满意 reopens (重办). */
export const satisfactionScores: Record<(typeof satisfactions)[number], number> = { 满意: 5, 基本满意: 3, 不满意: 2 };

/** The chain as 12345 names it, step by step, from the report's timeline. */
export const hotlineStepNames: Partial<Record<TimelineEvent, string>> = {
  submit: '受理',
  route: '交办',
  assign: '交办',
  dispatch: '交办',
  reassign: '交办',
  accept: '签收',
  return_to_hotline: '退回',
  extend: '延期申请',
  approve_extension: '延期同意',
  reject_extension: '延期不同意',
  resolve: '办结',
  rate: '回访评价',
  reopen: '重办',
  verify: '核查',
  close: '归档',
};

/** Where a work order stands, in 12345's words. */
export function hotlineStateOf(status: Status, returned: boolean): string {
  if (returned) return '已退回';
  const names: Record<Status, string> = { submitted: '待交办', assigned: '待签收', accepted: '办理中', resolved: '已办结待回访', verifying: '已办结待核查', closed: '已归档' };
  return names[status];
}

export const workOrderViewSchema = z.object({
  orderNo: z.string(),
  reportNo: z.string().describe('The street’s own number'),
  appealType: z.enum(appealTypes),
  state: z.string().describe('待交办 / 待签收 / 办理中 / 已办结待回访 / 已办结待核查 / 已归档 / 已退回'),
  deadline: z.string().nullable().describe('办结时限 now in force (after any granted 延期)'),
  signedAt: z.string().nullable(),
  reply: z.string().nullable().describe('办结回复'),
  returned: z.object({ reason: z.string(), at: z.string() }).nullable().describe('退回: not the street’s, with the reason'),
  extension: z.object({ state: z.enum(['pending', 'granted', 'refused']), dueAt: z.string(), reason: z.string() }).nullable().describe('The street’s latest 延期 request'),
  satisfaction: z.object({ score: z.number().int(), comment: z.string().optional(), at: z.string() }).nullable().describe('回访评价 of the latest round'),
  steps: z.array(z.object({ at: z.string(), step: z.string(), note: z.string().optional() })).describe('受理 → 交办 → 签收 → 办结 → 回访评价, with 退回, 延期 and 重办'),
});
export type WorkOrderView = z.infer<typeof workOrderViewSchema>;
