import { Schema, type Connection, type Types } from 'mongoose';
import { modelOnce } from '../../lib/model-once';

// One document per (resident, Idempotency-Key), keyed by _id: an _id lookup is cheap on every engine
// (FerretDB's SQLite backend pushes down only {_id} filters), and it fixes the report's _id before it exists.
export interface IdempotencyRecord {
  _id: string;
  reportId: Types.ObjectId;
  createdAt: Date;
}

const idempotencySchema = new Schema<IdempotencyRecord>(
  {
    _id: { type: String, required: true },
    reportId: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, strict: 'throw' },
);

export function idempotencyModel(conn: Connection) {
  return modelOnce(conn, 'IdempotencyKey', () => conn.model<IdempotencyRecord>('IdempotencyKey', idempotencySchema, 'idempotency_keys'));
}
