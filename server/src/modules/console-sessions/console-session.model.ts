import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { roles } from '@linli/shared';
import { modelOnce } from '../../lib/model-once';

// A console sign-in by QR code. `_id` is the random id in the code: every step (confirm, poll, sign-out, the check on
// each console request) is a lookup by _id. Only the hash of the browser's poll secret is kept.
const consoleSessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    secretHash: { type: String, required: true },
    device: { type: String, required: true, maxlength: 120 },
    ip: { type: String, required: true },
    createdAt: { type: Date, required: true },
    // The QR code's life; after confirmation, the console token's.
    expiresAt: { type: Date, required: true },
    userId: { type: Schema.Types.ObjectId, default: null },
    role: { type: String, enum: roles, default: null },
    confirmedAt: { type: Date, default: null },
    deliveredAt: { type: Date, default: null },
    sessionExpiresAt: { type: Date, default: null },
    signedOutAt: { type: Date, default: null },
    signedOutBy: { type: Schema.Types.ObjectId, default: null },
  },
  { versionKey: false, strict: 'throw' },
);
// A staff member's own sessions (their list; not a hot path).
consoleSessionSchema.index({ userId: 1, confirmedAt: -1 });

export type ConsoleSessionDoc = InferSchemaType<typeof consoleSessionSchema> & { _id: string };

export function consoleSessionModel(conn: Connection) {
  return modelOnce(conn, 'ConsoleSession', () => conn.model('ConsoleSession', consoleSessionSchema, 'console_sessions'));
}
