import { z } from 'zod';
import { categoryCodeSchema } from './categories';
import { gridCodeSchema } from './grids';
import { statusListSchema, statusSchema, statuses } from './statuses';

// A real calendar day: 2026-13-45 and 2026-02-30 are refused, not read as some other day.
const day = z.iso.date({ error: '日期应为有效的 YYYY-MM-DD' });

/** Filters shared by the statistics, the table and its CSV export. */
export const statsFilterSchema = z.strictObject({
  from: day.optional().describe('First day (local), inclusive; default 29 days before today'),
  to: day.optional().describe('Last day (local), inclusive; default today'),
  gridCode: gridCodeSchema.optional().describe('A grid or any level above it'),
  categoryCode: categoryCodeSchema.optional(),
  status: statusListSchema.optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export type StatsFilter = z.infer<typeof statsFilterSchema>;

export const statsTableQuerySchema = statsFilterSchema.extend({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const rate = z.object({ numerator: z.number().int(), denominator: z.number().int(), value: z.number().nullable().describe('numerator / denominator; null when nothing to measure') });
export type Rate = z.infer<typeof rate>;

export const statsOverviewSchema = z.object({
  window: z.object({ from: day, to: day }),
  total: z.number().int().describe('Reports filed in the window'),
  byStatus: z.record(z.enum(statuses), z.number().int()),
  byCategory: z.array(z.object({ code: z.string(), name: z.string(), count: z.number().int() })),
  byGrid: z.array(z.object({ code: z.string(), name: z.string(), count: z.number().int(), open: z.number().int() })),
  today: z.object({ new: z.number().int(), overdue: z.number().int().describe('Open and late now'), escalated: z.number().int().describe('Open and escalated (rating or supervision)') }),
  rates: z.object({
    response: rate.describe('响应率: signed within the sign deadline, of those signed or past it'),
    onTime: rate.describe('按时办结率: resolved within the resolve deadline, of those resolved or past it'),
    satisfaction: rate.describe('满意率: ratings of 3 or more, of all ratings'),
    returns: rate.describe('退单率: reports returned at least once, of those dispatched'),
  }),
  repeats: z.object({ merged: z.number().int().describe('Duplicates merged into another report'), joined: z.number().int().describe('我也遇到了 joins') }),
});
export type StatsOverview = z.infer<typeof statsOverviewSchema>;

export const statsTrendSchema = z.object({
  days: z.array(z.object({ date: day, new: z.number().int(), resolved: z.number().int(), closed: z.number().int(), late: z.number().int().describe('Deadlines missed that day') })),
});
export type StatsTrend = z.infer<typeof statsTrendSchema>;

export const statsRowSchema = z.object({
  id: z.string(),
  no: z.string(),
  createdAt: z.string(),
  status: statusSchema,
  statusName: z.string(),
  categoryName: z.string(),
  gridName: z.string(),
  channel: z.string(),
  description: z.string(),
  assignee: z.string(),
  signBy: z.string().nullable(),
  resolveBy: z.string().nullable(),
  overdue: z.boolean(),
  supervision: z.enum(['none', 'yellow', 'red']),
  rating: z.number().int().nullable(),
});
export type StatsRow = z.infer<typeof statsRowSchema>;
export const statsTableSchema = z.object({ items: z.array(statsRowSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const statsMapSchema = z.object({
  grids: z.array(z.object({ code: z.string(), name: z.string(), level: z.string(), geometry: z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.unknown()) }) })),
  reports: z.array(z.object({ id: z.string(), no: z.string(), lng: z.number(), lat: z.number(), status: statusSchema, categoryName: z.string(), supervision: z.enum(['none', 'yellow', 'red']), overdue: z.boolean() })),
});
export type StatsMap = z.infer<typeof statsMapSchema>;
