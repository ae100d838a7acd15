import { Schema, type Connection } from 'mongoose';
import { modelOnce } from './model-once';

// Small named settings edited at run time (the working calendar), one document each, read by _id.
const settingSchema = new Schema({ _id: { type: String, required: true }, value: { type: Schema.Types.Mixed, required: true }, updatedAt: { type: Date } }, { versionKey: false });

export function settingModel(conn: Connection) {
  return modelOnce(conn, 'Setting', () => conn.model('Setting', settingSchema));
}
