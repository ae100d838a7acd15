import { Schema, type Connection } from 'mongoose';
import { modelOnce } from './model-once';

// Named sequences: report numbers per day, the grid layout's version.
const counterSchema = new Schema({ _id: { type: String, required: true }, seq: { type: Number, required: true, default: 0 } }, { versionKey: false });

export function counterModel(conn: Connection) {
  return modelOnce(conn, 'Counter', () => conn.model('Counter', counterSchema));
}

export type CounterModel = ReturnType<typeof counterModel>;

/** Atomically increments a named sequence and returns the new value. */
export async function nextSeq(Counter: CounterModel, name: string): Promise<number> {
  const doc = await Counter.findOneAndUpdate({ _id: name }, { $inc: { seq: 1 } }, { upsert: true, new: true, lean: true });
  return doc!.seq;
}

/** Reads a named sequence without changing it (0 when it was never incremented). */
export async function currentSeq(Counter: CounterModel, name: string): Promise<number> {
  const doc = await Counter.findById(name).lean();
  return doc?.seq ?? 0;
}
