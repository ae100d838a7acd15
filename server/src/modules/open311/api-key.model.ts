import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelOnce } from '../../lib/model-once';

export const apiKeyScopes = ['open311', 'hotline'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

// Client systems: Open311 clients, and the 12345 hotline's work-order exchange. Only a hash of the key is stored.
const apiKeySchema = new Schema(
  {
    name: { type: String, required: true },
    keyHash: { type: String, required: true },
    // The user reports from this client are filed as; it sees only those reports.
    userId: { type: Schema.Types.ObjectId, required: true },
    revokedAt: { type: Date, default: null },
    // Which door the key opens: Open311 (GeoReport v2) or the 12345 work-order exchange. Keys issued before are Open311.
    scope: { type: String, enum: apiKeyScopes, default: 'open311' },
    // 12345: the street or grid its orders go to when they carry no position and name no grid.
    gridCode: { type: String, default: null },
    // When the key last opened its door, to the minute (written at most once a minute per key and instance).
    lastUsedAt: { type: Date, default: null },
  },
  { timestamps: true, strict: 'throw' },
);
apiKeySchema.index({ keyHash: 1 }, { unique: true });

export type ApiKeyDoc = InferSchemaType<typeof apiKeySchema>;

export function apiKeyModel(conn: Connection) {
  return modelOnce(conn, 'ApiKey', () => conn.model('ApiKey', apiKeySchema));
}
