import { z } from 'zod';
import { defaultCategoryPhrases } from './category-phrases';
import { specialtySchema } from './roles';
import { timeLimitSchema, type TimeLimit } from './time-limits';

/** 部件 (fixed assets) or 事件 (incidents), as 数字城管 classifies them. */
export const categoryGroups = ['part', 'event'] as const;
export const categoryGroupNames: Record<(typeof categoryGroups)[number], string> = { part: '部件', event: '事件' };

export const categoryCodeSchema = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, '类别代码格式不正确');

const keywordsSchema = z
  .array(z.string().trim().min(1).max(20))
  .max(300)
  .describe('Phrases residents use for it; `…` is a short gap. The category suggester reads these');

/** Where a category or 小类 sits in a national standard, or `local` when no standard names it. */
export const standardRefSchema = z.discriminatedUnion('scheme', [
  z.strictObject({
    scheme: z.literal('CJ/T 214'),
    code: z.string().regex(/^\d{2}(\d{2})?$/, '标准代码为2位大类或4位小类'),
    name: z.string().min(1).max(30).describe('The standard’s own name for it'),
  }),
  z.strictObject({ scheme: z.literal('local'), note: z.string().max(100).optional() }),
]);
export type StandardRef = z.infer<typeof standardRefSchema>;

export const urgencies = ['normal', 'urgent'] as const;
export type Urgency = (typeof urgencies)[number];

/** A 小类: what a resident may optionally narrow a category to; its own standard code and time limits when it has them. */
export const subcategorySchema = z.strictObject({
  code: categoryCodeSchema,
  name: z.string().min(1).max(20),
  group: z.enum(categoryGroups).optional().describe('部件 or 事件 when it differs from its category'),
  standard: standardRefSchema,
  signLimit: timeLimitSchema.optional().describe('Overrides the category’s'),
  resolveLimit: timeLimitSchema.optional().describe('Overrides the category’s'),
  urgency: z.enum(urgencies).optional(),
  active: z.boolean().default(true),
});
export type Subcategory = z.infer<typeof subcategorySchema>;

export const categorySchema = z.object({
  code: categoryCodeSchema,
  name: z.string().min(1).max(20),
  icon: z.string().min(1).max(40).describe('Icon key the mini-program maps to an image'),
  group: z.enum(categoryGroups).describe('Its kind: 部件 (a fixed object) or 事件 (an incident)'),
  standard: standardRefSchema.describe('The CJ/T 214 大类 it belongs to, or local'),
  specialty: specialtySchema.describe('Which of the 三格 handles it'),
  signLimit: timeLimitSchema.describe('Time allowed to sign (签收) after dispatch'),
  resolveLimit: timeLimitSchema.describe('Time allowed to resolve (办结, 处置时限) after dispatch'),
  urgency: z.enum(urgencies).default('normal'),
  subcategories: z.array(subcategorySchema).max(60).default([]).describe('小类: optional for residents, used by staff and the standards'),
  needsAfterPhoto: z.boolean().describe('A resolve must carry an after-photo'),
  needsVerification: z.boolean().default(false).describe('Closing passes through the command centre’s 核查 (call-back or site check)'),
  keywords: keywordsSchema.default([]),
  active: z.boolean(),
  order: z.number().int(),
});
export type Category = z.infer<typeof categorySchema>;

const uniqueSubcategories = (subs: Subcategory[] | undefined) => !subs || new Set(subs.map((s) => s.code)).size === subs.length;

/** Admins edit routing and time limits as data; the code never branches on a category. */
// Zod 4 applies defaults inside optional fields: defaulted fields are re-declared so an edit never wipes them.
export const categoryUpdateSchema = categorySchema
  .omit({ code: true })
  .partial()
  .extend({
    keywords: keywordsSchema.optional(),
    needsVerification: z.boolean().optional(),
    urgency: z.enum(urgencies).optional(),
    subcategories: z.array(subcategorySchema).max(60).optional(),
  })
  .strict()
  .refine((u) => uniqueSubcategories(u.subcategories), { path: ['subcategories'], message: '小类代码不能重复' });
export type CategoryUpdate = z.infer<typeof categoryUpdateSchema>;

/** The time limits and urgency that apply: the 小类's where it sets them, else the category's. */
export function limitsOf(category: Pick<Category, 'signLimit' | 'resolveLimit' | 'urgency' | 'subcategories'>, subcategoryCode?: string | null) {
  const sub = subcategoryCode ? category.subcategories.find((s) => s.code === subcategoryCode) : undefined;
  return {
    signLimit: sub?.signLimit ?? category.signLimit,
    resolveLimit: sub?.resolveLimit ?? category.resolveLimit,
    urgency: sub?.urgency ?? category.urgency,
  };
}

const cjt = (code: string, name: string): StandardRef => ({ scheme: 'CJ/T 214', code, name });
const local = (note?: string): StandardRef => ({ scheme: 'local', ...(note ? { note } : {}) });
const h = (value: number): TimeLimit => ({ value, unit: 'hours' });
const wh = (value: number): TimeLimit => ({ value, unit: 'working_hours' });
const wd = (value: number): TimeLimit => ({ value, unit: 'working_days' });
const min = (value: number): TimeLimit => ({ value, unit: 'minutes' });
const sub = (code: string, name: string, standard: StandardRef, more: Partial<Subcategory> = {}): Subcategory => ({ code, name, standard, active: true, ...more });

type Seed = Omit<Category, 'active' | 'order' | 'keywords' | 'needsVerification' | 'urgency' | 'subcategories'> &
  Partial<Pick<Category, 'needsVerification' | 'urgency' | 'subcategories'>>;

// What a street really receives, mapped onto 数字城管's 部件/事件 (CJ/T 214) where it has a class; docs/taxonomy.md lists
// the sources and which codes are confirmed. Limits follow common 12345 / 数字城管 practice; admins edit them.
const seeds: Seed[] = [
  { code: 'street_light', name: '路灯照明', icon: 'light', group: 'part', standard: cjt('01', '公用设施'), specialty: 'urban', signLimit: h(24), resolveLimit: h(72), needsAfterPhoto: true,
    subcategories: [sub('street_lamp', '路灯', cjt('0118', '路灯')), sub('landscape_lamp', '景观灯', cjt('0119', '景观灯')), sub('lamp_cover', '路灯井盖', cjt('0106', '路灯井盖'))] },
  { code: 'road_manhole', name: '道路井盖', icon: 'road', group: 'part', standard: cjt('01', '公用设施'), specialty: 'urban', signLimit: h(2), resolveLimit: h(48), needsAfterPhoto: true, needsVerification: true,
    subcategories: [
      sub('manhole_missing', '井盖缺失', local('井盖丢失、破碎：30分钟到场，6小时内消除危险'), { signLimit: min(30), resolveLimit: h(6), urgency: 'urgent' }),
      sub('water_cover', '上水井盖', cjt('0101', '上水井盖')), sub('sewage_cover', '污水井盖', cjt('0102', '污水井盖')), sub('rain_cover', '雨水井盖', cjt('0103', '雨水井盖')),
      sub('power_cover', '电力井盖', cjt('0105', '电力井盖')), sub('gas_cover', '燃气井盖', cjt('0111', '燃气井盖')),
      sub('road_damage', '路面破损', local('道路由道路交通部件和养护单位处置')), sub('road_collapse', '路面塌陷', cjt('0401', '路面塌陷'), { group: 'event', signLimit: min(30), resolveLimit: h(6), urgency: 'urgent' }),
    ] },
  { code: 'municipal_facility', name: '市政设施', icon: 'facility', group: 'part', standard: cjt('02', '道路交通'), specialty: 'urban', signLimit: wd(1), resolveLimit: wd(5), needsAfterPhoto: true,
    subcategories: [
      sub('guardrail', '护栏', cjt('0206', '护栏')), sub('bus_shelter', '公交站亭', cjt('0202', '公交站亭')), sub('road_sign', '路名牌、指示牌', cjt('0205', '路名牌')),
      sub('public_toilet', '公共厕所', cjt('0301', '公共厕所')), sub('rain_grate', '雨水箅子', cjt('0104', '雨水箅子')),
      sub('water_main_burst', '自来水管破裂', cjt('0402', '自来水管破裂'), { group: 'event', signLimit: h(1), resolveLimit: h(24), urgency: 'urgent' }),
      sub('sewer_blocked', '下水道堵塞', cjt('0404', '下水道堵塞或破损'), { group: 'event' }),
      sub('road_ponding', '道路积水', cjt('0406', '道路积水'), { group: 'event', signLimit: h(1), resolveLimit: h(12) }),
    ] },
  { code: 'sanitation', name: '环境卫生', icon: 'rubbish', group: 'event', standard: cjt('01', '市容环境'), specialty: 'urban', signLimit: h(8), resolveLimit: h(24), needsAfterPhoto: true,
    subcategories: [
      sub('exposed_rubbish', '暴露垃圾', cjt('0102', '暴露垃圾'), { signLimit: wh(1), resolveLimit: wh(4) }), sub('piled_rubbish', '积存垃圾渣土', cjt('0103', '积存垃圾渣土')),
      sub('burning_rubbish', '焚烧垃圾树叶', cjt('0110', '焚烧垃圾树叶'), { resolveLimit: wh(2) }), sub('illegal_flyers', '非法小广告', cjt('0201', '非法小广告'), { resolveLimit: wd(1) }),
      sub('dirty_road', '道路不洁', cjt('0104', '道路不洁')), sub('dirty_water', '水域不洁', cjt('0105', '水域不洁')),
    ] },
  { code: 'greenery', name: '园林绿化', icon: 'tree', group: 'part', standard: cjt('04', '园林绿化'), specialty: 'urban', signLimit: wd(1), resolveLimit: wd(5), needsAfterPhoto: true,
    subcategories: [sub('street_tree', '行道树', cjt('0403', '行道树')), sub('old_tree', '古树名木', cjt('0401', '古树名木')), sub('green_space', '绿地', cjt('0405', '绿地')), sub('dirty_green', '绿地脏乱', cjt('0106', '绿地脏乱'), { group: 'event' })] },
  { code: 'parking_occupation', name: '违停占道', icon: 'parking', group: 'event', standard: cjt('05', '街面秩序'), specialty: 'urban', signLimit: h(2), resolveLimit: h(24), needsAfterPhoto: false,
    subcategories: [
      sub('car_parking', '机动车乱停放', cjt('0512', '机动车乱停放')), sub('bike_parking', '非机动车乱停放', cjt('0513', '非机动车乱停放')),
      sub('blind_lane', '占压盲道', local('常见地方扩展小类')), sub('hawkers', '无照经营游商', cjt('0501', '无照经营游商')), sub('outside_shop', '店外经营', cjt('0504', '店外经营')),
    ] },
  { code: 'noise', name: '噪音扰民', icon: 'noise', group: 'event', standard: local('生活噪声由公安处理，施工噪声见小类'), specialty: 'police', signLimit: h(2), resolveLimit: h(24), needsAfterPhoto: false,
    subcategories: [sub('construction_noise', '施工扰民', cjt('0301', '施工扰民'), { group: 'event' }), sub('living_noise', '生活噪声', local()), sub('business_noise', '商业噪声', local())] },
  { code: 'public_security', name: '治安隐患', icon: 'shield', group: 'event', standard: local('警格：公安派出所处置'), specialty: 'police', signLimit: h(1), resolveLimit: h(24), needsAfterPhoto: false },
  { code: 'fire_hazard', name: '消防隐患', icon: 'fire', group: 'event', standard: local('消防救援与街道安全生产'), specialty: 'police', signLimit: h(1), resolveLimit: h(24), needsAfterPhoto: true, needsVerification: true, urgency: 'urgent',
    subcategories: [
      sub('gas_leak', '燃气泄漏', cjt('0403', '燃气管道破裂'), { signLimit: min(30), resolveLimit: h(2) }), sub('fire', '火灾', cjt('0409', '火灾'), { signLimit: min(15), resolveLimit: h(2) }),
      sub('fire_lane', '消防通道堵塞', local()), sub('flying_wire', '飞线充电', local()), sub('hydrant', '消防设施损坏', cjt('0114', '消防设施'), { group: 'part' }),
    ] },
  { code: 'neighbour_dispute', name: '邻里纠纷', icon: 'people', group: 'event', standard: local('社会治理网格：调解'), specialty: 'social', signLimit: wd(1), resolveLimit: wd(5), needsAfterPhoto: false },
  { code: 'elderly_help', name: '老人求助', icon: 'elderly', group: 'event', standard: local('社会治理网格：为老服务'), specialty: 'social', signLimit: h(1), resolveLimit: h(24), needsAfterPhoto: false, urgency: 'urgent' },
  { code: 'property_repair', name: '物业报修', icon: 'wrench', group: 'event', standard: local('物业服务'), specialty: 'social', signLimit: wh(4), resolveLimit: wd(3), needsAfterPhoto: true,
    subcategories: [sub('lift', '电梯故障', local(), { signLimit: min(30), resolveLimit: h(4), urgency: 'urgent' }), sub('water_supply', '停水、水压', local()), sub('building_door', '门禁、单元门', local()), sub('roof_leak', '屋顶、外墙', local())] },
  { code: 'other', name: '其他', icon: 'more', group: 'event', standard: local('咨询、建议等，由指挥中心分派'), specialty: 'social', signLimit: h(24), resolveLimit: h(120), needsAfterPhoto: false },
];

/** The catalogue a new installation starts with. */
export const defaultCategories: Category[] = seeds.map((s, i) => ({
  needsVerification: false,
  urgency: 'normal' as const,
  subcategories: [],
  ...s,
  keywords: defaultCategoryPhrases[s.code] ?? [],
  active: true,
  order: (i + 1) * 10,
}));

/** The category nobody has to choose: the dispatcher sorts it out. */
export const fallbackCategoryCode = 'other';
