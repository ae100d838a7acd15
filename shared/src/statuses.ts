import { z } from 'zod';

/** A report's lifecycle, in order. `verifying`: done and rated, waiting for the command centre's 核查 before closing. */
export const statuses = ['submitted', 'assigned', 'accepted', 'resolved', 'verifying', 'closed'] as const;
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
  verifying: '待核查',
  closed: '已评价',
};

/**
 * The status groups, defined once: `open` — someone still owes the resident work; `held` — a named handler or unit
 * holds it (workload, SLA clocks, supervision); `done` — the work is done, quality checks may still follow.
 */
export const statusGroups = {
  open: ['submitted', 'assigned', 'accepted'],
  held: ['assigned', 'accepted'],
  done: ['resolved', 'verifying', 'closed'],
} as const satisfies Record<string, readonly Status[]>;

/** Statuses in which someone still owes the resident work. */
export const openStatuses: readonly Status[] = statusGroups.open;
export const isOpenStatus = (s: Status): boolean => openStatuses.includes(s);
export const isHeldStatus = (s: Status): boolean => (statusGroups.held as readonly Status[]).includes(s);

/** Escalation levels after unsatisfied ratings: 街 → 区 → 市. */
export const escalationNames = ['街道', '区', '市'] as const;
export const maxEscalationLevel = escalationNames.length - 1;
