import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { roles, specialties } from '@linli/shared';
import { modelOnce } from '../../lib/model-once';

const userSchema = new Schema(
  {
    openid: { type: String, required: true },
    role: { type: String, enum: roles, required: true, default: 'resident' },
    name: { type: String, maxlength: 40 },
    phone: { type: String, maxlength: 20 },
    specialty: { type: String, enum: specialties },
    gridCodes: { type: [String], default: [] },
    careMode: { type: Boolean, default: false },
    // When this worker last received a report: ties in routing go to the one idle longest.
    lastAssignedAt: { type: Date },
  },
  { timestamps: true, strict: 'throw' },
);
userSchema.index({ openid: 1 }, { unique: true });
userSchema.index({ role: 1, gridCodes: 1, specialty: 1 });

export type UserDoc = InferSchemaType<typeof userSchema>;

export function userModel(conn: Connection) {
  return modelOnce(conn, 'User', () => conn.model('User', userSchema));
}
