import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { invitableRoles, specialties } from '@linli/shared';
import { modelOnce } from '../../lib/model-once';

// A staff invitation. `_id` is the SHA-256 of the code: redeeming is a lookup by _id (the one filter the embedded
// database serves from its index), and a copy of the database cannot be used to sign anyone in.
const invitationSchema = new Schema(
  {
    _id: { type: String, required: true },
    role: { type: String, enum: invitableRoles, required: true },
    name: { type: String, required: true, maxlength: 40 },
    phone: { type: String },
    gridCodes: { type: [String], default: [] },
    specialty: { type: String, enum: specialties },
    unitCode: { type: String },
    createdBy: { type: Schema.Types.ObjectId, default: null },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    usedBy: { type: Schema.Types.ObjectId, default: null },
    revokedAt: { type: Date, default: null },
  },
  { versionKey: false, strict: 'throw' },
);

export type InvitationDoc = InferSchemaType<typeof invitationSchema>;

export function invitationModel(conn: Connection) {
  return modelOnce(conn, 'Invitation', () => conn.model('Invitation', invitationSchema, 'invitations'));
}
