import { z } from 'zod';

const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式为 HH:mm');

/** Which days and hours count for SLAs on the working clock: weekdays, public holidays and 调休 make-up days. */
export const workCalendarSchema = z
  .strictObject({
    utcOffsetMinutes: z.number().int().min(-720).max(840).default(480).describe('Local time of the street; 480 = UTC+8'),
    dayStart: hhmm.default('09:00'),
    dayEnd: hhmm.default('18:00'),
    weekdays: z.array(z.number().int().min(0).max(6)).max(7).default([1, 2, 3, 4, 5]).describe('0 = Sunday'),
    holidays: z.array(ymd).max(400).default([]).describe('Days off even if a weekday (法定节假日)'),
    workdays: z.array(ymd).max(100).default([]).describe('Working days even if a weekend (调休)'),
  })
  .refine((c) => c.dayStart < c.dayEnd, { path: ['dayEnd'], message: '下班时间须晚于上班时间' });
export type WorkCalendar = z.infer<typeof workCalendarSchema>;

export const defaultWorkCalendar: WorkCalendar = workCalendarSchema.parse({});

/** natural: every hour counts (urgent categories); working: only the calendar's working hours count. */
export const slaClocks = ['natural', 'working'] as const;
export type SlaClock = (typeof slaClocks)[number];

const MIN = 60_000;
const DAY = 86_400_000;
const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));

/** The local date (YYYY-MM-DD) of a local-time epoch. */
const dateOf = (localMs: number) => new Date(localMs).toISOString().slice(0, 10);

export function isWorkingDay(cal: WorkCalendar, date: string): boolean {
  if (cal.workdays.includes(date)) return true;
  if (cal.holidays.includes(date)) return false;
  return cal.weekdays.includes(new Date(`${date}T00:00:00Z`).getUTCDay());
}

/** The working window [start, end) of the local day containing `localMs`, or null on a day off. */
function windowOf(cal: WorkCalendar, localMs: number): [number, number] | null {
  const midnight = Math.floor(localMs / DAY) * DAY;
  if (!isWorkingDay(cal, dateOf(midnight))) return null;
  return [midnight + minutesOf(cal.dayStart) * MIN, midnight + minutesOf(cal.dayEnd) * MIN];
}

// Ten years of days: a calendar with no working day at all must not loop for ever.
const MAX_DAYS = 3_660;

/** The moment `hours` of working time after `start` (working clock), counting only working windows. */
export function addWorkingHours(start: Date, hours: number, cal: WorkCalendar): Date {
  const offset = cal.utcOffsetMinutes * MIN;
  let cursor = start.getTime() + offset;
  let remaining = hours * 3_600_000;
  for (let i = 0; i < MAX_DAYS; i++) {
    const w = windowOf(cal, cursor);
    if (w && cursor < w[1]) {
      const from = Math.max(cursor, w[0]);
      if (remaining <= w[1] - from) return new Date(from + remaining - offset);
      remaining -= w[1] - from;
    }
    cursor = (Math.floor(cursor / DAY) + 1) * DAY;
  }
  throw new Error('工作日历中没有工作日');
}

/** Working time (ms) between two moments. */
export function workingMsBetween(a: Date, b: Date, cal: WorkCalendar): number {
  const offset = cal.utcOffsetMinutes * MIN;
  let cursor = a.getTime() + offset;
  const end = b.getTime() + offset;
  let total = 0;
  for (let i = 0; i < MAX_DAYS && cursor < end; i++) {
    const w = windowOf(cal, cursor);
    if (w) total += Math.max(0, Math.min(end, w[1]) - Math.max(cursor, w[0]));
    cursor = (Math.floor(cursor / DAY) + 1) * DAY;
  }
  return total;
}

/** A deadline `hours` after `start` on the category's clock. */
export function deadlineAfter(start: Date, hours: number, clock: SlaClock, cal: WorkCalendar): Date {
  return clock === 'working' ? addWorkingHours(start, hours, cal) : new Date(start.getTime() + hours * 3_600_000);
}

/** The share (0…, above 1 when late) of the allowed time used between `from` and `deadline`, on the clock. */
export function shareUsed(from: Date, deadline: Date, now: Date, clock: SlaClock, cal: WorkCalendar): number {
  const allowed = clock === 'working' ? workingMsBetween(from, deadline, cal) : deadline.getTime() - from.getTime();
  if (allowed <= 0) return now >= deadline ? 1 : 0;
  if (now >= deadline) return 1 + (now.getTime() - deadline.getTime()) / allowed;
  const used = clock === 'working' ? workingMsBetween(from, now, cal) : now.getTime() - from.getTime();
  return used / allowed;
}
