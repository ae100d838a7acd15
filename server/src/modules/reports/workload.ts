import { Schema, type Connection, type Types } from 'mongoose';
import { statusGroups } from '@linli/shared';
import type { Models } from '../../models';
import { modelOnce } from '../../lib/model-once';

// Open reports per assignee, kept in the `tallies` collection beside the statistics' day counters, so that a
// report's change updates every counter it moves in one bulk write. Routing reads a few of these by _id instead of
// counting reports. The reports stay the truth: reconcileWorkloads() recounts them (at start-up and hourly), so a
// crash between a report write and its counter write is repaired.
export interface WorkloadRecord {
  _id: string;
  kind: 'workload';
  open: number;
  /** When this person last received a report: ties in routing go to the one idle longest. */
  lastAssignedAt?: Date | null;
}

export const TALLIES = 'tallies';

const workloadSchema = new Schema<WorkloadRecord>(
  { _id: { type: String, required: true }, kind: { type: String, default: 'workload' }, open: { type: Number, default: 0 }, lastAssignedAt: { type: Date, default: null } },
  { versionKey: false },
);

export function workloadModel(conn: Connection) {
  return modelOnce(conn, 'Workload', () => conn.model<WorkloadRecord>('Workload', workloadSchema, TALLIES));
}

const OPEN = new Set<string>(statusGroups.held);

export interface Holding {
  status: string;
  assigneeId: Types.ObjectId | null;
  assignedAt?: Date | null;
}

/** Who holds an open report in this state, if anyone. */
export const holder = (r: Holding | null) => (r && r.assigneeId && OPEN.has(r.status) ? String(r.assigneeId) : null);

/** The bulk-write operations that move one report between assignees' counters (none when nothing moved). */
export function workloadOps(before: Holding | null, after: Holding | null): object[] {
  const from = holder(before);
  const to = holder(after);
  const ops: object[] = [];
  if (from && from !== to) ops.push({ updateOne: { filter: { _id: from }, update: { $inc: { open: -1 }, $setOnInsert: { kind: 'workload' } }, upsert: true } });
  if (to && from !== to) {
    const newlyAssigned = String(before?.assigneeId ?? '') !== to && after?.assignedAt;
    ops.push({ updateOne: { filter: { _id: to }, update: { $inc: { open: 1 }, ...(newlyAssigned ? { $set: { lastAssignedAt: after!.assignedAt } } : {}), $setOnInsert: { kind: 'workload' } }, upsert: true } });
  }
  return ops;
}

/** Open reports and last assignment per user id, from the counters (absent = none, never). */
export async function openCounts({ Workload }: Pick<Models, 'Workload'>, ids: Types.ObjectId[]): Promise<Map<string, { open: number; lastAssignedAt: Date | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await Workload.find({ _id: { $in: ids.map(String) } }).lean();
  return new Map(rows.map((r) => [r._id, { open: Math.max(0, r.open ?? 0), lastAssignedAt: r.lastAssignedAt ?? null }]));
}

/** Recounts every assignee's open reports from the reports themselves; answers how many counters changed. */
export async function reconcileWorkloads({ Report, Workload }: Pick<Models, 'Report' | 'Workload'>): Promise<number> {
  const open = await Report.find({ status: { $in: [...OPEN] } }, { assigneeId: 1 }).lean<{ assigneeId: Types.ObjectId | null }[]>();
  const want = new Map<string, number>();
  for (const r of open) if (r.assigneeId) want.set(String(r.assigneeId), (want.get(String(r.assigneeId)) ?? 0) + 1);
  const have = await Workload.find({ kind: 'workload' }).lean();
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
    await Workload.updateOne({ _id: id }, { $set: { open: n }, $setOnInsert: { kind: 'workload' } }, { upsert: true });
    changed++;
  }
  return changed;
}
