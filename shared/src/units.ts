import { z } from 'zod';
import { categoryCodeSchema } from './categories';
import { gridCodeSchema } from './grids';

/** The handling units beside the 三格: 条 departments (供电, 水务, 城管…), 物业, and social forces (楼栋长, volunteers). */
export const unitKinds = ['department', 'property', 'social'] as const;
export const unitKindSchema = z.enum(unitKinds);
export type UnitKind = z.infer<typeof unitKindSchema>;
export const unitKindNames: Record<UnitKind, string> = { department: '职能部门', property: '物业', social: '社会力量' };

export const unitCodeSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, '单位代码只能包含字母、数字、下划线和连字符');

/** `POST /api/v1/admin/units`. */
export const unitInputSchema = z.strictObject({
  code: unitCodeSchema,
  name: z.string().trim().min(1, '名称不能为空').max(40),
  kind: unitKindSchema,
  categoryCodes: z.array(categoryCodeSchema).max(100).optional().describe('What it handles; omitted: anything the command centre sends'),
  gridCodes: z.array(gridCodeSchema).min(1, '请指定服务范围（网格代码）').max(200).describe('Where it works: grids at any level'),
  autoRoute: z
    .boolean()
    .default(false)
    .describe('Routing sends its categories in its grids straight to it (e.g. a 物业公司 for its 小区) instead of a grid worker'),
});
export type UnitInput = z.infer<typeof unitInputSchema>;

export const unitSchema = z.object({
  code: z.string(),
  name: z.string(),
  kind: unitKindSchema,
  categoryCodes: z.array(z.string()),
  gridCodes: z.array(z.string()),
  autoRoute: z.boolean(),
  members: z.number().int().describe('Staff accounts (unit_handler) that work its queue'),
  open: z.number().int().optional().describe('Open reports it holds (listed for a report: dispatch candidates)'),
  fits: z.boolean().optional().describe('Listed for a report: it handles the category there'),
});
export type UnitView = z.infer<typeof unitSchema>;
export const unitListSchema = z.object({ items: z.array(unitSchema) });
export const unitListQuerySchema = z.strictObject({ reportId: z.string().regex(/^[0-9a-f]{24}$/, 'ID 格式不正确').optional() });
