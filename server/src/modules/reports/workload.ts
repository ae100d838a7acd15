import { Schema, type Connection, type Types } from 'mongoose';
import type { Models } from '../../models';
import { modelOnce } from '../../lib/model-once';

// Open reports per assignee, kept beside the reports so that routing reads a few tiny documents instead of
// scanning every report. The reports stay the truth: reconcileWorkloads() recounts them (at start-up and hourly),
// so a crash between a report write and its counter write is repaired.
export interface WorkloadRecord {
  _id: string;
  open: number;
}

const workloadSchema = new Schema<WorkloadRecord>({ _id: { type: String, required: true }, open: { type: Number, default: 0 } }, { versionKey: false });

export function workloadModel(conn: Connection) {
  return modelOnce(conn, 'Workload', () => conn.model<WorkloadRecord>('Workload', workloadSchema, 'workloads'));
}

const OPEN = new Set(['assigned', 'accepted']);

interface Holding {
  status: string;
  assigneeId: Types.ObjectId | null;
}

/** Who holds an open report in this state, if anyone. */
const holder = (r: Holding | null) => (r && r.assigneeId && OPEN.has(r.status) ? String(r.assigneeId) : null);

/** Moves one open report between assignees' counts after a report changed from `before` to `after`. */
export async function shiftWorkload({ Workload }: Pick<Models, 'Workload'>, before: Holding | null, after: Holding | null): Promise<void> {
  const from = holder(before);
  const to = holder(after);
  if (from === to) return;
  if (from) await Workload.updateOne({ _id: from }, { $inc: { open: -1 } }, { upsert: true });
  if (to) await Workload.updateOne({ _id: to }, { $inc: { open: 1 } }, { upsert: true });
}

/** Open reports per user id, from the counters (absent = none). */
export async function openCounts({ Workload }: Pick<Models, 'Workload'>, ids: Types.ObjectId[]): Promise<Map<string, number>> {
  const rows = await Workload.find({ _id: { $in: ids.map(String) } }).lean();
  return new Map(rows.map((r) => [r._id, Math.max(0, r.open)]));
}

/** Recounts every assignee's open reports from the reports themselves; answers how many counters changed. */
export async function reconcileWorkloads({ Report, Workload }: Pick<Models, 'Report' | 'Workload'>): Promise<number> {
  const truth = await Report.aggregate<{ _id: Types.ObjectId; n: number }>([
    { $match: { status: { $in: [...OPEN] }, assigneeId: { $ne: null } } },
    { $group: { _id: '$assigneeId', n: { $sum: 1 } } },
  ]);
  const want = new Map(truth.map((t) => [String(t._id), t.n]));
  const have = await Workload.find().lean();
  let changed = 0;
  for (const w of have) {
    const n = want.get(w._id) ?? 0;
    if (w.open !== n) {
      await Workload.updateOne({ _id: w._id }, { $set: { open: n } });
      changed++;
    }
    want.delete(w._id);
  }
  for (const [id, n] of want) {
    await Workload.updateOne({ _id: id }, { $set: { open: n } }, { upsert: true });
    changed++;
  }
  return changed;
}
