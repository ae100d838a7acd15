import { Schema, type Connection } from 'mongoose';
import { isDuplicateKeyError } from './errors';
import { modelOnce } from './model-once';

// One document per background job: whoever holds an unexpired lease runs it; the others skip that turn.
const leaseSchema = new Schema({ _id: { type: String, required: true }, owner: { type: String, required: true }, until: { type: Date, required: true } }, { versionKey: false });

export function jobLeaseModel(conn: Connection) {
  return modelOnce(conn, 'JobLease', () => conn.model('JobLease', leaseSchema));
}
type JobLeaseModel = ReturnType<typeof jobLeaseModel>;

/** Takes (or renews) the job's lease if it is free, expired or already ours; true when this owner may run. */
export async function acquireLease(JobLease: JobLeaseModel, job: string, owner: string, now: Date, ms: number): Promise<boolean> {
  const until = new Date(now.getTime() + ms);
  const taken = await JobLease.updateOne({ _id: job, $or: [{ until: { $lte: now } }, { owner }] }, { $set: { owner, until } });
  if (taken.matchedCount === 1) return true;
  try {
    await JobLease.create({ _id: job, owner, until });
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}
