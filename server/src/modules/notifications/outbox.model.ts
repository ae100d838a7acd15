import { Schema, type Connection, type Types } from 'mongoose';
import { notificationEvents, type NotificationEvent } from '@linli/shared';
import { modelOnce } from '../../lib/model-once';

export const outboxStatuses = ['pending', 'sending', 'sent', 'skipped', 'dead'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/** One notification owed to one user for one change; its _id is the change's key, so copying it twice is harmless. */
export interface OutboxRecord {
  _id: string;
  reportId: Types.ObjectId;
  userId: Types.ObjectId;
  event: NotificationEvent;
  round: number;
  at: Date;
  /** Timeline position of the announcing entry (absent on entries written by older versions). */
  index?: number;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  quotaSpent: boolean;
  lastError: string | null;
  msgid: string | null;
  sentAt: Date | null;
  createdAt: Date;
  /** Where the batch claiming it stands: only its claimer settles it. */
  leaseToken?: string | null;
}

const schema = new Schema<OutboxRecord>(
  {
    _id: { type: String, required: true },
    reportId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    event: { type: String, enum: notificationEvents, required: true },
    round: { type: Number, required: true },
    at: { type: Date, required: true },
    index: { type: Number },
    status: { type: String, enum: outboxStatuses, required: true, default: 'pending' },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    leaseOwner: { type: String, default: null },
    leaseUntil: { type: Date, default: null },
    quotaSpent: { type: Boolean, default: false },
    lastError: { type: String, default: null },
    msgid: { type: String, default: null },
    sentAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    leaseToken: { type: String, default: null },
  },
  { versionKey: false, strict: 'throw' },
);
// Delivery claims: the due entries, oldest first.
schema.index({ status: 1, nextAttemptAt: 1 });
// Dead letters for the admin, newest first; settled entries past their retention, for pruning.
schema.index({ status: 1, createdAt: 1 });

export function outboxModel(conn: Connection) {
  return modelOnce(conn, 'Outbox', () => conn.model<OutboxRecord>('Outbox', schema, 'outbox'));
}
