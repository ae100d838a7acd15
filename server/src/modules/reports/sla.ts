import type { Category } from '@linli/shared';

const HOUR = 3_600_000;

export interface Deadlines {
  signBy: Date;
  resolveBy: Date;
}

/** Deadlines from the moment of dispatch, by the category's SLA hours. */
export function deadlinesFrom(assignedAt: Date, category: Pick<Category, 'signHours' | 'resolveHours'>): Deadlines {
  return {
    signBy: new Date(assignedAt.getTime() + category.signHours * HOUR),
    resolveBy: new Date(assignedAt.getTime() + category.resolveHours * HOUR),
  };
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
