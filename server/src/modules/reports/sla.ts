import { clockOf, deadlineOf, defaultWorkCalendar, limitsOf, type SlaClock, type WorkCalendar } from '@linli/shared';
import type { WorkCalendarRepository } from '../supervision/work-calendar.repository';

export interface Deadlines {
  signBy: Date;
  resolveBy: Date;
}

type SlaCategory = Parameters<typeof limitsOf>[0];

/** What about the report itself decides its limits: its 小类, and a 12345 work order's own deadline. */
export interface SlaSubject {
  subcategoryCode?: string | null;
  hotline?: { deadline?: Date | null; signBy?: Date | null } | null;
}

/** Deadlines from the moment of dispatch, by the (sub)category's time limits in their units. */
export function deadlinesFrom(assignedAt: Date, category: SlaCategory, calendar: WorkCalendar = defaultWorkCalendar, subject: SlaSubject = {}): Deadlines {
  const { signLimit, resolveLimit } = limitsOf(category, subject.subcategoryCode);
  const ordered = subject.hotline?.deadline;
  return {
    signBy: subject.hotline?.signBy && subject.hotline.signBy > assignedAt ? subject.hotline.signBy : deadlineOf(assignedAt, signLimit, calendar),
    // A 12345 work order carries the hotline's deadline: the street does not set its own.
    resolveBy: ordered && ordered > assignedAt ? ordered : deadlineOf(assignedAt, resolveLimit, calendar),
  };
}

/** The clock supervision measures a report's time on: working when its limit is in working time. */
export function clockFor(category: SlaCategory | undefined, subject: SlaSubject = {}): SlaClock {
  return category ? clockOf(limitsOf(category, subject.subcategoryCode).resolveLimit) : 'natural';
}

/** The same, reading the street's calendar only when a limit runs on working time. */
export async function deadlinesFor(deps: { calendar: WorkCalendarRepository }, assignedAt: Date, category: SlaCategory, subject: SlaSubject = {}): Promise<Deadlines> {
  const { signLimit, resolveLimit } = limitsOf(category, subject.subcategoryCode);
  const working = clockOf(signLimit) === 'working' || clockOf(resolveLimit) === 'working';
  return deadlinesFrom(assignedAt, category, working ? await deps.calendar.get() : defaultWorkCalendar, subject);
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
