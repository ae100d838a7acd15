import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelOnce } from '../../lib/model-once';

// Staff moved a report to another category: the resident's words with the right answer, for the next training.
const correctionSchema = new Schema(
  {
    reportId: { type: Schema.Types.ObjectId, required: true },
    text: { type: String, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    byRole: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { strict: 'throw' },
);

export type CorrectionDoc = InferSchemaType<typeof correctionSchema>;

export function correctionModel(conn: Connection) {
  return modelOnce(conn, 'CategoryCorrection', () => conn.model('CategoryCorrection', correctionSchema));
}
