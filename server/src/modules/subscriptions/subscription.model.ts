import { Schema, type Connection, type Types } from 'mongoose';
import { subscribeResults } from '@linli/shared';
import { modelOnce } from '../../lib/model-once';

// One document per (user, template): whether the user accepted it, and how many one-time messages remain.
export interface SubscriptionRecord {
  _id: string; // `${userId}:${templateId}`, so reads and updates are _id lookups
  userId: Types.ObjectId;
  templateId: string;
  kind: 'one_time' | 'long_term';
  quota: number;
  active: boolean;
  lastResult: (typeof subscribeResults)[number];
  updatedAt: Date;
}

const subscriptionSchema = new Schema<SubscriptionRecord>(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    templateId: { type: String, required: true },
    kind: { type: String, enum: ['one_time', 'long_term'], required: true },
    quota: { type: Number, default: 0, min: 0 },
    active: { type: Boolean, default: false },
    lastResult: { type: String, enum: subscribeResults, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, strict: 'throw' },
);
subscriptionSchema.index({ userId: 1 });

export function subscriptionModel(conn: Connection) {
  return modelOnce(conn, 'Subscription', () => conn.model<SubscriptionRecord>('Subscription', subscriptionSchema, 'subscriptions'));
}
