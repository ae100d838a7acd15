import type { Report } from '../reports/report-view';

/** A timeline that no longer names the resident (staff and system entries are kept as they were). */
export function withoutResidentNames(timeline: Report['timeline']): Report['timeline'] {
  return timeline.map((t) => (t.actor.role === 'resident' ? { ...t, actor: { role: t.actor.role } } : t));
}

/** …and without the resident's own words (their rating comments). */
export function withoutResidentWords(timeline: Report['timeline']): Report['timeline'] {
  return withoutResidentNames(timeline).map((t) => (t.action === 'rate' ? { ...t, note: t.note?.split('：')[0] } : t));
}
