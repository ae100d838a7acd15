import { Schema, type Connection } from 'mongoose';
import { modelOnce } from '../../lib/model-once';

export const accessActions = ['report.read', 'report.list', 'media.read', 'phone.reveal', 'me.export', 'me.delete', 'retention.anonymise'] as const;
export type AccessAction = (typeof accessActions)[number];

// Who read whose personal information, when and why (PIPL). Append-only: the code only inserts; the retention pass
// removes entries older than ACCESS_LOG_RETENTION_DAYS (at least 183). Read by _id ranges (time), newest first.
const accessLogSchema = new Schema(
  {
    at: { type: Date, required: true },
    actorId: { type: Schema.Types.ObjectId, default: null },
    actorRole: { type: String, required: true },
    action: { type: String, enum: accessActions, required: true },
    // The report, media file or account read; a list page names every report on it.
    subjectIds: { type: [String], default: [] },
    // Whose information it was (the reporting resident), where known.
    residentIds: { type: [String], default: [] },
    reason: { type: String, maxlength: 200 },
    count: { type: Number },
  },
  { versionKey: false, strict: 'throw' },
);

export function accessLogModel(conn: Connection) {
  return modelOnce(conn, 'AccessLog', () => conn.model('AccessLog', accessLogSchema, 'access_log'));
}
