import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { gridLevels } from '@linli/shared';
import { modelOnce } from '../../lib/model-once';

const gridSchema = new Schema(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    level: { type: String, enum: gridLevels, required: true },
    parentCode: { type: String, default: null },
    // Codes from the street down to this grid: a leader's subtree is every report whose path holds their code.
    path: { type: [String], required: true },
    // GeoJSON Polygon/MultiPolygon as text: FerretDB v1 cannot store nested arrays.
    geometry: { type: String, required: true },
    bbox: {
      minLng: Number,
      minLat: Number,
      maxLng: Number,
      maxLat: Number,
    },
  },
  { timestamps: true, strict: 'throw' },
);
gridSchema.index({ code: 1 }, { unique: true });
gridSchema.index({ parentCode: 1 });

export type GridDoc = InferSchemaType<typeof gridSchema>;

export function gridModel(conn: Connection) {
  return modelOnce(conn, 'Grid', () => conn.model('Grid', gridSchema));
}
