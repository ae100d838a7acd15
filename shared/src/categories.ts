import { z } from 'zod';
import { defaultCategoryPhrases } from './category-phrases';
import { specialtySchema } from './roles';
import { slaClocks } from './work-calendar';

/** 部件 (fixed assets) or 事件 (incidents), as 数字城管 classifies them. */
export const categoryGroups = ['part', 'event'] as const;
export const categoryGroupNames: Record<(typeof categoryGroups)[number], string> = { part: '部件', event: '事件' };

export const categoryCodeSchema = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, '类别代码格式不正确');

const keywordsSchema = z
  .array(z.string().trim().min(1).max(20))
  .max(300)
  .describe('Phrases residents use for it; `…` is a short gap. The category suggester reads these');

export const categorySchema = z.object({
  code: categoryCodeSchema,
  name: z.string().min(1).max(20),
  icon: z.string().min(1).max(40).describe('Icon key the mini-program maps to an image'),
  group: z.enum(categoryGroups),
  specialty: specialtySchema.describe('Which of the 三格 handles it'),
  signHours: z.number().positive().max(24 * 30).describe('Time allowed to sign (签收) after dispatch'),
  resolveHours: z.number().positive().max(24 * 90).describe('Time allowed to resolve (办结) after dispatch'),
  needsAfterPhoto: z.boolean().describe('A resolve must carry an after-photo'),
  needsVerification: z.boolean().default(false).describe('Closing passes through the command centre’s 核查 (call-back or site check)'),
  slaClock: z.enum(slaClocks).default('natural').describe('natural: every hour counts; working: only the working calendar’s hours'),
  keywords: keywordsSchema.default([]),
  active: z.boolean(),
  order: z.number().int(),
});
export type Category = z.infer<typeof categorySchema>;

/** Admins edit routing and SLAs as data; the code never branches on a category. */
// Zod 4 applies defaults inside optional fields: keywords are re-declared so an edit never wipes them.
export const categoryUpdateSchema = categorySchema.omit({ code: true }).partial().extend({ keywords: keywordsSchema.optional(), slaClock: z.enum(slaClocks).optional(), needsVerification: z.boolean().optional() }).strict();
export type CategoryUpdate = z.infer<typeof categoryUpdateSchema>;

type Seed = Omit<Category, 'active' | 'order' | 'keywords' | 'slaClock' | 'needsVerification'> & { slaClock?: Category['slaClock']; needsVerification?: boolean };

// What a street really receives; SLA hours follow common 12345 / 数字城管 practice and are edited by admins.
// Urgent ones run on the natural clock; the rest count working hours (9 a working day) on the street's calendar.
const seeds: Seed[] = [
  { code: 'street_light', name: '路灯照明', icon: 'light', group: 'part', specialty: 'urban', signHours: 24, resolveHours: 72, needsAfterPhoto: true },
  { code: 'road_manhole', name: '道路井盖', icon: 'road', group: 'part', specialty: 'urban', signHours: 2, resolveHours: 48, needsAfterPhoto: true, needsVerification: true },
  { code: 'municipal_facility', name: '市政设施', icon: 'facility', group: 'part', specialty: 'urban', signHours: 9, resolveHours: 45, needsAfterPhoto: true, slaClock: 'working' },
  { code: 'sanitation', name: '环境卫生', icon: 'rubbish', group: 'event', specialty: 'urban', signHours: 8, resolveHours: 24, needsAfterPhoto: true },
  { code: 'greenery', name: '园林绿化', icon: 'tree', group: 'part', specialty: 'urban', signHours: 9, resolveHours: 45, needsAfterPhoto: true, slaClock: 'working' },
  { code: 'parking_occupation', name: '违停占道', icon: 'parking', group: 'event', specialty: 'urban', signHours: 2, resolveHours: 24, needsAfterPhoto: false },
  { code: 'noise', name: '噪音扰民', icon: 'noise', group: 'event', specialty: 'police', signHours: 2, resolveHours: 24, needsAfterPhoto: false },
  { code: 'public_security', name: '治安隐患', icon: 'shield', group: 'event', specialty: 'police', signHours: 1, resolveHours: 24, needsAfterPhoto: false },
  { code: 'fire_hazard', name: '消防隐患', icon: 'fire', group: 'event', specialty: 'police', signHours: 1, resolveHours: 24, needsAfterPhoto: true, needsVerification: true },
  { code: 'neighbour_dispute', name: '邻里纠纷', icon: 'people', group: 'event', specialty: 'social', signHours: 9, resolveHours: 45, needsAfterPhoto: false, slaClock: 'working' },
  { code: 'elderly_help', name: '老人求助', icon: 'elderly', group: 'event', specialty: 'social', signHours: 1, resolveHours: 24, needsAfterPhoto: false },
  { code: 'property_repair', name: '物业报修', icon: 'wrench', group: 'event', specialty: 'social', signHours: 4, resolveHours: 27, needsAfterPhoto: true, slaClock: 'working' },
  { code: 'other', name: '其他', icon: 'more', group: 'event', specialty: 'social', signHours: 24, resolveHours: 120, needsAfterPhoto: false },
];

/** The catalogue a new installation starts with. */
export const defaultCategories: Category[] = seeds.map((s, i) => ({ slaClock: 'natural' as const, needsVerification: false, ...s, keywords: defaultCategoryPhrases[s.code] ?? [], active: true, order: (i + 1) * 10 }));

/** The category nobody has to choose: the dispatcher sorts it out. */
export const fallbackCategoryCode = 'other';
