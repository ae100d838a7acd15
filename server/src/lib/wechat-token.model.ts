import { Schema, type Connection } from 'mongoose';
import { modelOnce } from './model-once';

// One access token per app, shared by every server instance (WeChat wants one token per app, not per process).
export interface WechatTokenRecord {
  _id: string; // appid
  accessToken: string;
  expiresAt: Date;
  refreshedAt: Date;
}

const schema = new Schema<WechatTokenRecord>(
  { _id: { type: String, required: true }, accessToken: { type: String, required: true }, expiresAt: { type: Date, required: true }, refreshedAt: { type: Date, required: true } },
  { versionKey: false },
);

export function wechatTokenModel(conn: Connection) {
  return modelOnce(conn, 'WechatToken', () => conn.model<WechatTokenRecord>('WechatToken', schema, 'wechat_tokens'));
}
