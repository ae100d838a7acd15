import { nextSeq, type CounterModel } from '../../lib/counter.model';

/** The Beijing-time calendar date of an instant, as YYYYMMDD. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

/** A number residents can read out on the phone: 20261127-0001, counted per Beijing day. */
export async function nextReportNo(Counter: CounterModel, at: Date): Promise<string> {
  const day = beijingDate(at);
  const seq = await nextSeq(Counter, `reports.${day}`);
  return `${day}-${String(seq).padStart(4, '0')}`;
}
