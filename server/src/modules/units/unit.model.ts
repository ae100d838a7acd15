import { Schema, type Connection } from 'mongoose';
import { unitKinds, type UnitKind } from '@linli/shared';
import { modelOnce } from '../../lib/model-once';

/** A handling unit: a 条 department, a 物业 company or a social force; its code is its _id. */
export interface UnitRecord {
  _id: string;
  name: string;
  kind: UnitKind;
  categoryCodes: string[];
  gridCodes: string[];
  autoRoute: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const unitSchema = new Schema<UnitRecord>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, enum: unitKinds, required: true },
    categoryCodes: { type: [String], default: [] },
    gridCodes: { type: [String], default: [] },
    autoRoute: { type: Boolean, default: false },
  },
  { timestamps: true, strict: 'throw' },
);

export function unitModel(conn: Connection) {
  return modelOnce(conn, 'Unit', () => conn.model<UnitRecord>('Unit', unitSchema));
}
