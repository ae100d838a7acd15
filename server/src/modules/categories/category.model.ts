import { Schema, type Connection } from 'mongoose';
import { categoryGroups, specialties, timeUnits, urgencies, type Category, type SlaClock } from '@linli/shared';
import { modelOnce } from '../../lib/model-once';

const limitSchema = new Schema({ value: { type: Number, required: true }, unit: { type: String, enum: timeUnits, required: true } }, { _id: false });

const subcategorySchema = new Schema(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    group: { type: String, enum: categoryGroups },
    standard: { type: Schema.Types.Mixed, required: true },
    signLimit: { type: limitSchema },
    resolveLimit: { type: limitSchema },
    urgency: { type: String, enum: urgencies },
    active: { type: Boolean, default: true },
  },
  { _id: false },
);

// Routing and SLAs are data: admins edit these documents, the code never branches on a category.
/** A category as stored: today's fields, and the hours it may still carry from before limits had units. */
export type StoredCategory = Category & { signHours?: number; resolveHours?: number; slaClock?: SlaClock };

const categorySchema = new Schema<StoredCategory>(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    icon: { type: String, required: true },
    group: { type: String, enum: categoryGroups, required: true },
    specialty: { type: String, enum: specialties, required: true },
    standard: { type: Schema.Types.Mixed, required: true },
    signLimit: { type: limitSchema, required: true },
    resolveLimit: { type: limitSchema, required: true },
    urgency: { type: String, enum: urgencies, default: 'normal' },
    subcategories: { type: [subcategorySchema], default: [] },
    // Before limits had units (read once into signLimit / resolveLimit by categories.repository.ts).
    signHours: { type: Number },
    resolveHours: { type: Number },
    needsAfterPhoto: { type: Boolean, default: false },
    needsVerification: { type: Boolean, default: false },
    keywords: { type: [String], default: [] },
    slaClock: { type: String, enum: ['natural', 'working'] },
    active: { type: Boolean, default: true },
    order: { type: Number, default: 0 },
  },
  { timestamps: true, strict: 'throw' },
);
categorySchema.index({ code: 1 }, { unique: true });

export type CategoryDoc = StoredCategory;

export function categoryModel(conn: Connection) {
  return modelOnce(conn, 'Category', () => conn.model<StoredCategory>('Category', categorySchema));
}
