import { Schema, type Connection } from 'mongoose';
import { modelOnce } from '../../lib/model-once';
import { TALLIES } from '../reports/workload';
import { allCounters, type Counter } from './tally';

/** One bucket of the command centre's counters: a local day × grid × category (modules/stats/tally.ts). */
export type DayTallyRecord = { _id: string; kind: 'day'; day: string; gridCode: string; categoryCode: string } & Partial<Record<Counter, number>>;

const schema = new Schema<DayTallyRecord>(
  {
    _id: { type: String, required: true },
    kind: { type: String, default: 'day' },
    day: { type: String, required: true },
    gridCode: { type: String, default: '' },
    categoryCode: { type: String, required: true },
    ...Object.fromEntries(allCounters.map((c) => [c, { type: Number }])),
  },
  { versionKey: false },
);
// The console reads a window of days (and the recount replaces one day's buckets).
schema.index({ day: 1 });

export function dayTallyModel(conn: Connection) {
  return modelOnce(conn, 'DayTally', () => conn.model<DayTallyRecord>('DayTally', schema, TALLIES));
}
