import { Schema, type Connection } from 'mongoose';
import { modelOnce } from '../../lib/model-once';

// Who changed what in the administration of the deployment, with the state before and after. Append-only: the code
// only inserts. Read newest first by _id (time).
const adminLogSchema = new Schema(
  {
    at: { type: Date, required: true },
    actorId: { type: Schema.Types.ObjectId, default: null },
    actorRole: { type: String, required: true },
    // e.g. invitation.create, invitation.revoke, invitation.redeem, admin.first_invitation
    action: { type: String, required: true },
    subject: { type: String, required: true },
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
  },
  { versionKey: false, strict: 'throw' },
);

export function adminLogModel(conn: Connection) {
  return modelOnce(conn, 'AdminLog', () => conn.model('AdminLog', adminLogSchema, 'admin_log'));
}
