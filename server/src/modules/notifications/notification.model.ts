import { Schema, type Connection, type Types } from 'mongoose';
import { notificationEvents, type NotificationEvent } from '@linli/shared';
import { modelOnce } from '../../lib/model-once';

/** A message in a user's in-app notification centre; its _id is the outbox entry's, so it is written once. */
export interface NotificationRecord {
  _id: string;
  userId: Types.ObjectId;
  reportId: Types.ObjectId;
  event: NotificationEvent;
  title: string;
  body: string;
  read: boolean;
  createdAt: Date;
}

const schema = new Schema<NotificationRecord>(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    reportId: { type: Schema.Types.ObjectId, required: true },
    event: { type: String, enum: notificationEvents, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    read: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, strict: 'throw' },
);
schema.index({ userId: 1, createdAt: -1 });

export function notificationModel(conn: Connection) {
  return modelOnce(conn, 'Notification', () => conn.model<NotificationRecord>('Notification', schema, 'notifications'));
}
