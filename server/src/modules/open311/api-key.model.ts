import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelOnce } from '../../lib/model-once';

// Open311 clients (a 12345 hotline system, say). Only a hash of the key is stored.
const apiKeySchema = new Schema(
  {
    name: { type: String, required: true },
    keyHash: { type: String, required: true },
    // The user reports from this client are filed as; it sees only those reports.
    userId: { type: Schema.Types.ObjectId, required: true },
    revokedAt: { type: Date, default: null },
  },
  { timestamps: true, strict: 'throw' },
);
apiKeySchema.index({ keyHash: 1 }, { unique: true });

export type ApiKeyDoc = InferSchemaType<typeof apiKeySchema>;

export function apiKeyModel(conn: Connection) {
  return modelOnce(conn, 'ApiKey', () => conn.model('ApiKey', apiKeySchema));
}
