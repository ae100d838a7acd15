import { z } from 'zod';

/** A report's lifecycle, in order. */
export const statuses = ['submitted', 'assigned', 'accepted', 'resolved', 'closed'] as const;
export const statusSchema = z.enum(statuses);
export type Status = z.infer<typeof statusSchema>;

const statusAlternatives = statuses.join('|');
/** `?status=assigned,accepted` in a query: the pattern names every status, so the API document states the rule. */
export const statusListSchema = z
  .string()
  .regex(new RegExp(`^(${statusAlternatives})(,(${statusAlternatives}))*$`), '状态不正确')
  .describe(`Comma-separated statuses: ${statuses.join(', ')}`)
  .transform((s) => s.split(',') as Status[]);

export const statusNames: Record<Status, string> = {
  submitted: '已提交',
  assigned: '已派单',
  accepted: '已签收',
  resolved: '已办结',
  closed: '已评价',
};

/** Statuses in which someone still owes the resident work. */
export const openStatuses: readonly Status[] = ['submitted', 'assigned', 'accepted'];

/** Escalation levels after unsatisfied ratings: 街 → 区 → 市. */
export const escalationNames = ['街道', '区', '市'] as const;
export const maxEscalationLevel = escalationNames.length - 1;
