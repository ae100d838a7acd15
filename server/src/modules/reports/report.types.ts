import type { Types } from 'mongoose';
import type { AppealType, Channel, Relation, Role, Specialty, Status, TimelineEvent } from '@linli/shared';

/** A timeline entry as stored: the actor keeps the user id for audits; views decide what to show. */
export interface TimelineEntry {
  at: Date;
  actor: { role: Role | 'system'; userId?: Types.ObjectId; name?: string; gridName?: string };
  action: TimelineEvent;
  from: Status | null;
  to: Status | null;
  note?: string;
  photoIds?: string[];
}

export interface RatingRecord {
  round: number;
  score: number;
  comment?: string;
  tags: string[];
  at: Date;
}

export interface FeedbackRecord {
  residentId: Types.ObjectId;
  round: number;
  score?: number;
  comment: string;
  at: Date;
}

export interface HotlineOrder {
  orderNo: string;
  appealType: AppealType;
  acceptedAt: Date;
  deadline: Date;
  contactName?: string;
  address?: string;
}

/** A report as stored (and as `.lean()` returns it). */
export interface ReportRecord {
  _id: Types.ObjectId;
  no: string;
  residentId: Types.ObjectId;
  idempotencyKey: string;
  channel: Channel;
  anonymous: boolean;
  categoryCode: string;
  /** The 小类, when the resident or staff named one. */
  subcategoryCode?: string | null;
  /** The (sub)category is urgent, or the words named an emergency. */
  urgent?: boolean;
  /** A 12345 work order: its number, 诉求类型, the hotline's deadlines and whom to call back. */
  hotline?: HotlineOrder | null;
  specialty: Specialty;
  description: string;
  categorySource?: 'resident' | 'suggested';
  transcript?: string;
  transcription?: { state: 'pending' | 'working' | 'done' | 'failed'; attempts: number; leaseUntil: Date | null };
  location: { lng?: number; lat?: number; address?: string };
  photoIds: string[];
  voiceIds: string[];
  mediaIds: string[];
  gridCode: string | null;
  gridPath: string[];
  cityCode?: string | null;
  districtCode?: string | null;
  streetCode?: string | null;
  areaCode?: string | null;
  communityCode?: string | null;
  status: Status;
  assigneeId: Types.ObjectId | null;
  assigneeRole: Role | null;
  /** The unit (department, 物业, social force) holding the report after 派遣. */
  unitCode?: string | null;
  /** The latest 督办批示, from the command centre of some level. */
  instruction?: { level: string; note: string; dueAt: Date; at: Date; byId?: Types.ObjectId } | null;
  /** The latest 延期 request and its answer. */
  extension?: { state: 'pending' | 'granted' | 'refused'; dueAt: Date; reason: string; at: Date } | null;
  /** 核查 results that sent the work back. */
  verifyFailures?: number;
  round: number;
  escalationLevel: number;
  followerIds?: Types.ObjectId[];
  mergedInto?: Types.ObjectId | null;
  returns?: number;
  /** 催办: how often the resident urged, and when last (once a day after a deadline). */
  urges?: number;
  lastUrgedAt?: Date | null;
  /** 撤回: the resident withdrew it before anyone signed. */
  withdrawnAt?: Date | null;
  actionKeys?: string[];
  supervisionLevel?: 'none' | 'yellow' | 'red';
  supervisionStep?: number;
  assignedAt: Date | null;
  signBy: Date | null;
  resolveBy: Date | null;
  acceptedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  lastReply?: string;
  timeline: TimelineEntry[];
  ratings: RatingRecord[];
  feedback?: FeedbackRecord[];
  contactPhone?: string;
  /** 亲友代办: the relative or neighbour it was filed for. */
  onBehalfOf?: { name: string; relation?: Relation } | null;
  anonymisedAt?: Date;
  /** Notifications owed for changes written with this document, until copied to the outbox (JSON strings). */
  pendingNotifications: string[];
  createdAt: Date;
  updatedAt: Date;
}
