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
    // unit_handler: the unit whose queue they work.
    unitCode: { type: String },
    careMode: { type: Boolean, default: false },
    // Legacy: when this worker last received a report (now kept with the workload counter, modules/reports/workload.ts).
    lastAssignedAt: { type: Date },
    // Reports this resident follows (我也遇到了, merged duplicates): their list reads these by _id.
    following: { type: [Schema.Types.ObjectId], default: undefined },
    // The resident deleted their account: its sessions end; their reports stay, anonymised (modules/privacy).
    deletedAt: { type: Date, default: undefined },
    // A staff account an administrator disabled: it cannot sign in and is never chosen; its history stays.
    disabledAt: { type: Date, default: undefined },
  },
  { timestamps: true, strict: 'throw' },
);
userSchema.index({ openid: 1 }, { unique: true });
// The staff directory loads every staff account by role.
userSchema.index({ role: 1 });

export type UserDoc = InferSchemaType<typeof userSchema>;

export function userModel(conn: Connection) {
  return modelOnce(conn, 'User', () => conn.model('User', userSchema));
}
