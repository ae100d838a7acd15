import type { Status } from '@linli/shared';

const HOUR = 3_600_000;

function span(ms: number): string {
  const h = Math.floor(Math.abs(ms) / HOUR);
  if (h >= 48) return `${Math.floor(h / 24)}天`;
  if (h >= 1) return `${h}小时`;
  return `${Math.max(1, Math.floor(Math.abs(ms) / 60_000))}分钟`;
}

/** The deadline a worker faces next, in words: "还剩3小时签收", "办结已超时2天"; empty when none applies. */
export function slaText(r: { status: Status; signBy: string | null; resolveBy: string | null }, now = Date.now()): { text: string; late: boolean } {
  const due = r.status === 'assigned' && r.signBy ? { at: r.signBy, what: '签收' } : (r.status === 'assigned' || r.status === 'accepted') && r.resolveBy ? { at: r.resolveBy, what: '办结' } : null;
  if (!due) return { text: '', late: false };
  const left = new Date(due.at).getTime() - now;
  return left >= 0 ? { text: `还剩${span(left)}${due.what}`, late: false } : { text: `${due.what}已超时${span(left)}`, late: true };
}

/** 待办 order: late first, then the nearest deadline, then the oldest. */
export function byUrgency<T extends { status: Status; signBy: string | null; resolveBy: string | null; createdAt: string }>(items: T[], now = Date.now()): T[] {
  const due = (r: T) => new Date((r.status === 'assigned' ? r.signBy : r.resolveBy) ?? '9999-12-31').getTime();
  return [...items].sort((a, b) => Number(slaText(b, now).late) - Number(slaText(a, now).late) || due(a) - due(b) || a.createdAt.localeCompare(b.createdAt));
}
