import { z } from 'zod';
import { plainText } from './text';
import { categoryCodeSchema, categorySchema, standardRefSchema } from './categories';
import { appealTypes } from './hotline';
import { gridCodeSchema, gridSummarySchema } from './grids';
import { roleSchema, specialtySchema } from './roles';
import { statusListSchema, statusSchema } from './statuses';
import { actionSchema, timelineEvents, verifyResults } from './transitions';
import { unitCodeSchema, unitKindSchema } from './units';

/** What a voice-only report without a transcript says in lists, Open311 and pushes: listen to the recording. */
export const voiceOnlyDescription = '（语音报事，请收听录音）';

/** A mainland mobile number, as residents give it for call-backs. */
export const mobileSchema = z.string().trim().regex(/^1[3-9]\d{9}$/, '请填写11位手机号码');

export const relations = ['父母', '祖父母', '其他亲属', '邻居'] as const;
export type Relation = (typeof relations)[number];
/** 亲友代办: who the report is really for. */
export const onBehalfOfSchema = z.strictObject({
  name: plainText(z.string().trim().min(1, '请填写家人的称呼').max(20)),
  relation: z.enum(relations).optional(),
});

export const objectIdSchema = z.string().regex(/^[0-9a-f]{24}$/, 'ID 格式不正确');

export const channels = ['miniapp', 'phone', 'visit', 'open311', 'hotline'] as const;
export type Channel = (typeof channels)[number];
export const channelNames: Record<(typeof channels)[number], string> = { miniapp: '小程序', phone: '电话', visit: '来访', open311: 'Open311', hotline: '12345热线' };

export const locationSchema = z.strictObject({
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  address: plainText(z.string().trim().max(200)).optional(),
});

export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_.:-]{8,128}$/, 'Idempotency-Key 须为8-128位字母、数字或 _.:-');

export const createReportSchema = z
  .strictObject({
    categoryCode: categoryCodeSchema.optional().describe('Omitted: the server suggests one from the text or transcript, else 其他'),
    subcategoryCode: categoryCodeSchema.optional().describe('An optional 小类 of the category'),
    description: plainText(z.string().trim().max(2_000, '描述不能超过2000字')).default(''),
    location: locationSchema.optional().describe('Where the problem is (GCJ-02); or gridCode when the resident did not share a position'),
    gridCode: gridCodeSchema.optional().describe('The grid the resident chose by name instead of sharing a position'),
    photoIds: z.array(objectIdSchema).max(9, '最多9张照片').default([]),
    voiceIds: z.array(objectIdSchema).max(5, '最多5段语音').default([]),
    transcript: plainText(z.string().trim().max(2_000)).optional().describe('Speech-to-text of the voice clips, when the client has it'),
    anonymous: z.boolean().default(false),
    contactPhone: mobileSchema.optional().describe('A call-back number: staff see it masked and reveal it through an audited action'),
    onBehalfOf: onBehalfOfSchema.optional().describe('亲友代办: filed for a relative or neighbour (e.g. an elder who cannot use the phone); staff call them back'),
  })
  // A resident who cannot type reports by voice alone: words or a recording, one of the two.
  .refine((r) => r.description.length > 0 || r.voiceIds.length > 0, { path: ['description'], message: '请描述问题，或录一段语音' })
  // A resident who refused location (WeChat's privacy guide or the permission) names the grid instead.
  .refine((r) => r.location || r.gridCode, { path: ['location'], message: '请定位或选择所在网格' })
  // The two rules above, stated in the API document as JSON Schema so that clients can check them too.
  .meta({
    description: 'Words or a recording (description non-empty, or at least one voiceId); a position or a grid (location, or gridCode)',
    allOf: [
      { anyOf: [{ required: ['description'], properties: { description: { pattern: '\\S' } } }, { required: ['voiceIds'], properties: { voiceIds: { minItems: 1 } } }] },
      { anyOf: [{ required: ['location'] }, { required: ['gridCode'] }] },
    ],
  });
export type CreateReport = z.infer<typeof createReportSchema>;

export const reportActionSchema = z.strictObject({
  action: actionSchema,
  note: plainText(z.string().trim().min(1).max(1_000)).optional(),
  photoIds: z.array(objectIdSchema).max(9).default([]),
  assigneeId: objectIdSchema.optional(),
  intoId: objectIdSchema.optional().describe('merge: the original report this one duplicates'),
  unitCode: unitCodeSchema.optional().describe('dispatch: the unit (department, 物业 or social force) that takes it'),
  dueAt: z.iso.datetime({ offset: true }).optional().describe('instruct: the deadline the instruction sets; extend: the new deadline asked for'),
  result: z.enum(verifyResults).optional().describe('verify: pass closes the report, fail reopens it'),
  categoryCode: categoryCodeSchema.optional().describe('recategorize: the right category'),
  subcategoryCode: categoryCodeSchema.optional().describe('recategorize: and its 小类, if any'),
});
export type ReportActionInput = z.infer<typeof reportActionSchema>;

/** 5 非常满意 … 1 非常不满意; ≥ 3 closes the report, ≤ 2 reopens and escalates it. */
export const ratingLabels = { 1: '非常不满意', 2: '不满意', 3: '基本满意', 4: '满意', 5: '非常满意' } as const;
export const satisfiedThreshold = 3;

export const ratingSchema = z.strictObject({
  score: z.number().int().min(1, '评分为1-5').max(5, '评分为1-5'),
  comment: plainText(z.string().trim().max(500)).optional(),
  tags: z.array(z.string().trim().min(1).max(20)).max(10).default([]),
});
export type RatingInput = z.infer<typeof ratingSchema>;

export const timelineEntrySchema = z.object({
  at: z.string(),
  actor: z.object({ role: z.union([roleSchema, z.literal('system')]), name: z.string().optional(), gridName: z.string().optional() }),
  action: z.enum(timelineEvents),
  from: statusSchema.nullable(),
  to: statusSchema.nullable(),
  note: z.string().optional(),
  photoIds: z.array(z.string()).optional(),
});
export type TimelineEntryView = z.infer<typeof timelineEntrySchema>;

export const reportRatingSchema = z.object({
  round: z.number().int(),
  score: z.number().int(),
  comment: z.string().optional(),
  tags: z.array(z.string()),
  at: z.string(),
});

export const reportSchema = z.object({
  id: z.string(),
  no: z.string().describe('Human-readable number residents can quote, e.g. 20261127-0001'),
  status: statusSchema,
  categoryCode: z.string(),
  category: categorySchema.pick({ code: true, name: true, icon: true, group: true }).optional(),
  subcategory: z.object({ code: z.string(), name: z.string(), standard: standardRefSchema }).nullable().describe('The 小类, with its CJ/T 214 code or local'),
  urgent: z.boolean().describe('The (sub)category is urgent, or the words named an emergency'),
  hotline: z.object({ orderNo: z.string(), appealType: z.enum(appealTypes), deadline: z.string().nullable() }).nullable().describe('A 12345 work order: its number, 诉求类型 and the hotline’s deadline'),
  description: z.string(),
  categorySource: z.enum(['resident', 'suggested']).describe('suggested: the server chose it from the words'),
  transcript: z.string().optional(),
  location: z.object({ lng: z.number().optional(), lat: z.number().optional(), address: z.string().optional() }),
  photoIds: z.array(z.string()),
  voiceIds: z.array(z.string()),
  anonymous: z.boolean(),
  channel: z.enum(channels),
  gridCode: z.string().nullable(),
  grids: z.array(gridSummarySchema).describe('The grid chain, deepest first'),
  specialty: specialtySchema,
  assignee: z.object({ id: z.string().optional(), role: roleSchema, name: z.string().optional() }).nullable(),
  unit: z.object({ code: z.string(), name: z.string(), kind: unitKindSchema }).nullable().describe('The unit (条 or N) holding the report, when dispatched to one'),
  instruction: z
    .object({ level: z.string().describe('市 / 区 / 街道: whose 指挥中心 gave it'), note: z.string(), dueAt: z.string(), at: z.string() })
    .nullable()
    .describe('The latest 督办批示'),
  extension: z.object({ state: z.enum(['pending', 'granted', 'refused']), dueAt: z.string(), reason: z.string(), at: z.string() }).nullable().describe('延期: the latest request and its answer'),
  verification: z.enum(['none', 'required']).describe('required: closing passes through the command centre’s 核查 (the category asks for it)'),
  round: z.number().int(),
  escalationLevel: z.number().int().min(0).max(2).describe('Whose desk watches it after unsatisfied ratings: 0 街道, 1 区, 2 市'),
  signBy: z.string().nullable(),
  resolveBy: z.string().nullable(),
  overdue: z.boolean(),
  followers: z.number().int().min(0).describe('Residents who joined with 我也遇到了'),
  urges: z.number().int().min(0).describe('催办: how often the reporter urged it'),
  joined: z.boolean().describe('The viewer joined this report (not the original reporter)'),
  mergedInto: z.string().nullable().describe('Set when closed as a duplicate of another report'),
  supervision: z.object({ level: z.enum(['none', 'yellow', 'red']), step: z.number().int().min(0).max(4) }).describe('督办: yellow nearly due, red late; step = levels escalated'),
  allowedActions: z.array(actionSchema).describe("What the caller may do now, from the shared transition table"),
  canRate: z.boolean(),
  ratings: z.array(reportRatingSchema),
  contactPhone: z.string().optional().describe('Staff only, always masked (138****5678); POST /reports/{id}/reveal-phone shows it, audited'),
  onBehalfOf: onBehalfOfSchema.nullable().describe('亲友代办: who it was filed for (the reporter and staff only)'),
  feedback: z.array(z.object({ score: z.number().int().optional(), comment: z.string(), at: z.string() })).describe('评价 left by residents who joined (staff only; they do not decide the outcome)'),
  timeline: z.array(timelineEntrySchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ReportView = z.infer<typeof reportSchema>;

export const reportListQuerySchema = z.strictObject({
  status: statusListSchema.optional(),
  categoryCode: categoryCodeSchema.optional(),
  gridCode: gridCodeSchema.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: objectIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ReportListQuery = z.infer<typeof reportListQuerySchema>;

export const reportListSchema = z.object({
  items: z.array(reportSchema.omit({ timeline: true })),
  nextCursor: z.string().nullable(),
});

export const mediaKinds = ['image', 'audio'] as const;
export const mediaSchema = z.object({
  id: z.string(),
  kind: z.enum(mediaKinds),
  mime: z.string(),
  size: z.number().int(),
  durationMs: z.number().int().optional(),
});
export type MediaView = z.infer<typeof mediaSchema>;

export const idParamsSchema = z.strictObject({ id: z.string() });
export const specialtyOrNull = specialtySchema.nullable();

export const nearbyQuerySchema = z.strictObject({
  lng: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
  categoryCode: categoryCodeSchema,
  radius: z.coerce.number().int().min(10).max(1_000).default(100).describe('Metres; residents at most 300'),
  days: z.coerce.number().int().min(1).max(90).default(7).describe('Only reports filed within this many days'),
});
export type NearbyQuery = z.infer<typeof nearbyQuerySchema>;

/** How far a nearby report is, counted in cells of about 100 m so that no answer pins a point (docs/privacy.md). */
export const distanceBands = ['same_block', 'adjacent', 'near'] as const;
export type DistanceBand = (typeof distanceBands)[number];
export const distanceBandLabels: Record<DistanceBand, string> = { same_block: '就在附近（约100米内）', adjacent: '约200米内', near: '约300米内' };

export const nearbyReportSchema = z.object({
  id: z.string(),
  categoryCode: z.string(),
  categoryName: z.string(),
  status: statusSchema,
  distanceBand: z.enum(distanceBands).describe('Coarse: the report and the point fall in the same ~100 m cell, a neighbouring one, or one further'),
  followers: z.number().int(),
  ageDays: z.number().int().min(0).describe('Whole days since it was filed'),
  mine: z.boolean().describe('Filed or already joined by the viewer'),
  no: z.string().optional().describe('Staff only'),
  summary: z.string().optional().describe('Staff only: the first words of the description'),
  distanceM: z.number().int().optional().describe('Staff only: metres from the point'),
});
export const nearbyListSchema = z.object({ items: z.array(nearbyReportSchema) });
export const joinReportSchema = z.strictObject({
  lng: z.number().min(-180).max(180).describe("The joiner's own position now (GCJ-02); must be within about 300 m of the report"),
  lat: z.number().min(-90).max(90),
});
export type JoinReportInput = z.infer<typeof joinReportSchema>;
export const followerFeedbackSchema = z.strictObject({
  comment: z.string().trim().min(1, '请写下您的评价').max(500),
  score: z.number().int().min(1, '评分为1-5').max(5, '评分为1-5').optional(),
});
export type FollowerFeedbackInput = z.infer<typeof followerFeedbackSchema>;
export type NearbyReport = z.infer<typeof nearbyReportSchema>;

export const candidateSchema = z.object({ id: z.string(), name: z.string(), role: roleSchema, specialty: specialtySchema.nullable(), gridName: z.string(), workload: z.number().int() });
export const candidateListSchema = z.object({ items: z.array(candidateSchema) });
export type Candidate = z.infer<typeof candidateSchema>;

/** A report staff file for a resident who phoned (电话) or walked in (来访). */
export const staffReportSchema = z
  .strictObject({
    channel: z.enum(['phone', 'visit']),
    residentName: z.string().trim().min(1, '请填写居民称呼').max(20),
    residentPhone: z.string().regex(/^1\d{10}$/, '请输入11位手机号').optional().describe('Links repeat callers to one resident record'),
    categoryCode: categoryCodeSchema.optional(),
    description: z.string().trim().min(1, '请描述问题').max(2_000, '描述不能超过2000字'),
    location: locationSchema.optional(),
    gridCode: gridCodeSchema.optional().describe('When the caller names a place but no point: the grid it is in'),
    photoIds: z.array(objectIdSchema).max(9).default([]),
  })
  .refine((r) => r.location || r.gridCode, { path: ['location'], message: '请定位或选择所在网格' });
export type StaffReportInput = z.infer<typeof staffReportSchema>;
