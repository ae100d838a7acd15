import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { categoryGroups, specialties } from '@linli/shared';
import { modelOnce } from '../../lib/model-once';

// Routing and SLAs are data: admins edit these documents, the code never branches on a category.
const categorySchema = new Schema(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    icon: { type: String, required: true },
    group: { type: String, enum: categoryGroups, required: true },
    specialty: { type: String, enum: specialties, required: true },
    signHours: { type: Number, required: true },
    resolveHours: { type: Number, required: true },
    needsAfterPhoto: { type: Boolean, default: false },
    needsVerification: { type: Boolean, default: false },
    keywords: { type: [String], default: [] },
    slaClock: { type: String, enum: ['natural', 'working'], default: 'natural' },
    active: { type: Boolean, default: true },
    order: { type: Number, default: 0 },
  },
  { timestamps: true, strict: 'throw' },
);
categorySchema.index({ code: 1 }, { unique: true });

export type CategoryDoc = InferSchemaType<typeof categorySchema>;

export function categoryModel(conn: Connection) {
  return modelOnce(conn, 'Category', () => conn.model('Category', categorySchema));
}
