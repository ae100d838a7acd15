import { z } from 'zod';
import { addWorkingHours, type SlaClock, type WorkCalendar } from './work-calendar';

/**
 * How a city states a time limit (处置时限): calendar minutes, hours or days, or working hours and working days on the
 * street's work calendar (数字城管 and 12345 count most limits in working time).
 */
export const timeUnits = ['minutes', 'hours', 'days', 'working_hours', 'working_days'] as const;
export type TimeUnit = (typeof timeUnits)[number];
export const timeUnitNames: Record<TimeUnit, string> = { minutes: '分钟', hours: '小时', days: '天', working_hours: '个工作小时', working_days: '个工作日' };

export const timeLimitSchema = z.strictObject({
  value: z.number().positive().max(10_000),
  unit: z.enum(timeUnits),
});
export type TimeLimit = z.infer<typeof timeLimitSchema>;

const MINUTE = 60_000;
const calendarMinutes: Partial<Record<TimeUnit, number>> = { minutes: 1, hours: 60, days: 1_440 };

/** Working limits run on the working clock; every other unit counts every minute. */
export const clockOf = (limit: TimeLimit): SlaClock => (limit.unit === 'working_hours' || limit.unit === 'working_days' ? 'working' : 'natural');

/** Hours in one working day of the calendar (09:00–18:00 → 9). */
export function workingDayHours(cal: WorkCalendar): number {
  const m = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  return (m(cal.dayEnd) - m(cal.dayStart)) / 60;
}

/** The moment a limit runs out when started at `start`; a working day is the calendar's working hours of one day. */
export function deadlineOf(start: Date, limit: TimeLimit, cal: WorkCalendar): Date {
  if (limit.unit === 'working_hours') return addWorkingHours(start, limit.value, cal);
  if (limit.unit === 'working_days') return addWorkingHours(start, limit.value * workingDayHours(cal), cal);
  return new Date(start.getTime() + limit.value * calendarMinutes[limit.unit]! * MINUTE);
}

/** "4个工作小时", "30分钟", "5个工作日". */
export const describeLimit = (limit: TimeLimit): string => `${limit.value}${timeUnitNames[limit.unit]}`;

/** A limit from the hours and clock categories were stored with before limits had units. */
export function limitFromHours(hours: number, clock: SlaClock | undefined): TimeLimit {
  return { value: hours, unit: clock === 'working' ? 'working_hours' : 'hours' };
}
