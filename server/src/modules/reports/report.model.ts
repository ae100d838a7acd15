import { Schema, type Connection } from 'mongoose';
import { appealTypes, channels, roles, specialties, statuses, timelineEvents } from '@linli/shared';
import type { ReportRecord } from './report.types';
import { modelOnce } from '../../lib/model-once';

const actorSchema = new Schema(
  {
    role: { type: String, enum: [...roles, 'system'], required: true },
    userId: { type: Schema.Types.ObjectId },
    name: { type: String },
    gridName: { type: String },
  },
  { _id: false },
);

// Append-only: entries are only ever $push-ed, never edited.
const timelineEntrySchema = new Schema(
  {
    at: { type: Date, required: true },
    actor: { type: actorSchema, required: true },
    action: { type: String, enum: timelineEvents, required: true },
    from: { type: String, enum: [...statuses, null], default: null },
    to: { type: String, enum: [...statuses, null], default: null },
    note: { type: String },
    photoIds: { type: [String], default: undefined },
  },
  { _id: false },
);

// 评价 from a resident who joined: staff read it; it decides nothing (only the reporter rates).
const feedbackSchema = new Schema(
  {
    residentId: { type: Schema.Types.ObjectId, required: true },
    round: { type: Number, required: true },
    score: { type: Number, min: 1, max: 5 },
    comment: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { _id: false },
);

const ratingSchema = new Schema(
  {
    round: { type: Number, required: true },
    score: { type: Number, required: true, min: 1, max: 5 },
    comment: { type: String },
    tags: { type: [String], default: [] },
    at: { type: Date, required: true },
  },
  { _id: false },
);

const reportSchema = new Schema<ReportRecord>(
  {
    no: { type: String, required: true },
    residentId: { type: Schema.Types.ObjectId, required: true },
    // (residentId, idempotencyKey) is unique: a retried submission finds the first one.
    idempotencyKey: { type: String, required: true },
    channel: { type: String, enum: channels, required: true, default: 'miniapp' },
    anonymous: { type: Boolean, default: false },
    categoryCode: { type: String, required: true },
    subcategoryCode: { type: String, default: null },
    urgent: { type: Boolean, default: false },
    // 12345: the work order this report answers (modules/hotline).
    hotline: {
      type: new Schema(
        { orderNo: { type: String, required: true }, appealType: { type: String, enum: appealTypes, required: true }, acceptedAt: Date, deadline: Date, contactName: String, address: String },
        { _id: false },
      ),
      default: null,
    },
    specialty: { type: String, enum: specialties, required: true },
    description: { type: String, required: true },
    // Whether the resident chose the category or the suggester did (voice reports often leave it to the server).
    categorySource: { type: String, enum: ['resident', 'suggested'], default: 'resident' },
    transcript: { type: String },
    // Server-side speech recognition queue, only when an engine is configured (jobs/transcribe-voice.ts).
    transcription: {
      type: new Schema({ state: { type: String, enum: ['pending', 'working', 'done', 'failed'] }, attempts: { type: Number, default: 0 }, leaseUntil: { type: Date, default: null } }, { _id: false }),
      default: undefined,
    },
    location: {
      lng: { type: Number },
      lat: { type: Number },
      address: { type: String },
    },
    photoIds: { type: [String], default: [] },
    voiceIds: { type: [String], default: [] },
    gridCode: { type: String, default: null },
    // Codes from the street down to gridCode, for views and checks on a report in hand.
    gridPath: { type: [String], default: [] },
    // The same codes one field per level: a leader's scope is one indexed equality (arrays cannot be indexed on the
    // embedded database, docs/database.md).
    cityCode: { type: String, default: null },
    districtCode: { type: String, default: null },
    streetCode: { type: String, default: null },
    areaCode: { type: String, default: null },
    communityCode: { type: String, default: null },
    status: { type: String, enum: statuses, required: true },
    assigneeId: { type: Schema.Types.ObjectId, default: null },
    assigneeRole: { type: String, enum: [...roles, null], default: null },
    // 派遣: the unit (条 department, 物业, social force) holding it; its members work its queue.
    unitCode: { type: String, default: null },
    instruction: {
      type: new Schema({ level: String, note: String, dueAt: Date, at: Date, byId: Schema.Types.ObjectId }, { _id: false }),
      default: null,
    },
    extension: {
      type: new Schema({ state: { type: String, enum: ['pending', 'granted', 'refused'] }, dueAt: Date, reason: String, at: Date }, { _id: false }),
      default: null,
    },
    verifyFailures: { type: Number, default: 0 },
    round: { type: Number, default: 1 },
    escalationLevel: { type: Number, default: 0, min: 0, max: 2 },
    // 督办: none → yellow (80 % of the time used) → red (late); the step is how far up a red report has gone.
    supervisionLevel: { type: String, enum: ['none', 'yellow', 'red'], default: 'none' },
    supervisionStep: { type: Number, default: 0, min: 0, max: 4 },
    assignedAt: { type: Date, default: null },
    signBy: { type: Date, default: null },
    resolveBy: { type: Date, default: null },
    acceptedAt: { type: Date, default: null },
    resolvedAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    lastReply: { type: String },
    timeline: { type: [timelineEntrySchema], default: [] },
    ratings: { type: [ratingSchema], default: [] },
    feedback: { type: [feedbackSchema], default: undefined },
    // A call-back number (a phoned-in report, an Open311 client's): personal information, masked in every view.
    contactPhone: { type: String, maxlength: 40 },
    // 亲友代办: who the report is for, when a relative or neighbour filed it (personal information, like the phone).
    onBehalfOf: { type: new Schema({ name: { type: String, required: true }, relation: String }, { _id: false }), default: null },
    // Set when the retention pass removed what identified the resident (modules/privacy/retention.ts).
    anonymisedAt: { type: Date, default: undefined },
    // Media referenced anywhere in the report (its own photos, voice, and staff's after-photos): for download checks.
    mediaIds: { type: [String], default: [] },
    // Written in the same update as the change they announce, so a crash cannot separate them (docs/decisions.md).
    pendingNotifications: { type: [String], default: [] },
    // 我也遇到了: residents who joined this report instead of filing their own (and those of merged duplicates).
    followerIds: { type: [Schema.Types.ObjectId], default: [] },
    // A duplicate closed into another report.
    mergedInto: { type: Schema.Types.ObjectId, default: null },
    // How often it was returned (退单), for the 退单率.
    returns: { type: Number, default: 0 },
    urges: { type: Number, default: 0 },
    lastUrgedAt: { type: Date, default: null },
    withdrawnAt: { type: Date, default: null },
    // Idempotency keys (user:key) of staff actions, so a replayed offline action is applied once.
    actionKeys: { type: [String], default: undefined },
  },
  { timestamps: true, strict: 'throw' },
);
// Every index serves named queries (docs/database.md lists them); each list query ends in _id so pages stream in order.
// Submission's idempotency: a retry with the same key finds the first report.
reportSchema.index({ residentId: 1, idempotencyKey: 1 }, { unique: true });
// Open311 and the phone: a report by its number.
reportSchema.index({ no: 1 }, { unique: true });
// 我的报事: a resident's own reports, newest first.
reportSchema.index({ residentId: 1, _id: -1 });
// Workbench tabs and staff lists: by assignee, by grid, and by each level above it, with the status filter.
reportSchema.index({ assigneeId: 1, status: 1, _id: -1 });
reportSchema.index({ gridCode: 1, status: 1, _id: -1 });
reportSchema.index({ communityCode: 1, status: 1, _id: -1 });
reportSchema.index({ areaCode: 1, status: 1, _id: -1 });
reportSchema.index({ streetCode: 1, status: 1, _id: -1 });
reportSchema.index({ districtCode: 1, status: 1, _id: -1 });
reportSchema.index({ cityCode: 1, status: 1, _id: -1 });
// A unit's queue (派遣 to a department, 物业 or social force).
reportSchema.index({ unitCode: 1, status: 1, _id: -1 });
// The dispatcher's lists; open reports for supervision, the map and today's numbers; resolved ones for auto-close.
reportSchema.index({ status: 1, _id: -1 });
// The live feed: what changed since a cursor.
reportSchema.index({ updatedAt: 1, _id: 1 });
// The command centre's table (a window of filing days), nearby reports, and recounting a day's statistics.
reportSchema.index({ createdAt: 1 });
// Recounting a day's events, and the deadlines still ahead that statistics must not count as missed yet.
reportSchema.index({ resolvedAt: 1 });
reportSchema.index({ closedAt: 1 });
reportSchema.index({ signBy: 1 });
reportSchema.index({ resolveBy: 1 });

export type ReportDoc = ReportRecord;

export function reportModel(conn: Connection) {
  return modelOnce(conn, 'Report', () => conn.model<ReportRecord>('Report', reportSchema));
}
