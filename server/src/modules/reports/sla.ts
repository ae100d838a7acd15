import { deadlineAfter, defaultWorkCalendar, type Category, type WorkCalendar } from '@linli/shared';
import type { WorkCalendarRepository } from '../supervision/work-calendar.repository';

export interface Deadlines {
  signBy: Date;
  resolveBy: Date;
}

type SlaCategory = Pick<Category, 'signHours' | 'resolveHours'> & { slaClock?: Category['slaClock'] };

/** Deadlines from the moment of dispatch, by the category's SLA hours on its clock (natural or working). */
export function deadlinesFrom(assignedAt: Date, category: SlaCategory, calendar: WorkCalendar = defaultWorkCalendar): Deadlines {
  const clock = category.slaClock ?? 'natural';
  return {
    signBy: deadlineAfter(assignedAt, category.signHours, clock, calendar),
    resolveBy: deadlineAfter(assignedAt, category.resolveHours, clock, calendar),
  };
}

/** The same, reading the street's calendar only when the category runs on working time. */
export async function deadlinesFor(deps: { calendar: WorkCalendarRepository }, assignedAt: Date, category: SlaCategory): Promise<Deadlines> {
  return deadlinesFrom(assignedAt, category, category.slaClock === 'working' ? await deps.calendar.get() : defaultWorkCalendar);
}

interface SlaState {
  status: string;
  signBy?: Date | null;
  resolveBy?: Date | null;
}

/** Overdue: not signed by signBy, or not resolved by resolveBy. */
export function isOverdue(r: SlaState, now: Date): boolean {
  if (r.status === 'assigned' && r.signBy && now > r.signBy) return true;
  return (r.status === 'assigned' || r.status === 'accepted') && !!r.resolveBy && now > r.resolveBy;
}
