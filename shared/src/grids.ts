import { z } from 'zod';

/** 市 → 区 → 街道 → 片区 → 社区 → 网格, top to bottom. A deployment may start at any of the first three. */
export const gridLevels = ['city', 'district', 'street', 'area', 'community', 'grid'] as const;
export const gridLevelSchema = z.enum(gridLevels);
export type GridLevel = z.infer<typeof gridLevelSchema>;
export const gridLevelNames: Record<GridLevel, string> = { city: '市', district: '区', street: '街道', area: '片区', community: '社区', grid: '网格' };
/** Levels that may stand at the top of a layout (no parent). */
export const rootLevels: readonly GridLevel[] = ['city', 'district', 'street'];
/** Levels whose 指挥中心 is a dispatcher scoped to that code: the three 把关 levels (街-区-市). */
export const commandLevels: readonly GridLevel[] = ['city', 'district', 'street'];

export const gridCodeSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, '网格代码只能包含字母、数字、下划线和连字符');

const positionSchema = z.union([z.tuple([z.number(), z.number()]), z.tuple([z.number(), z.number(), z.number()])]);
const ringSchema = z.array(positionSchema);

export const areaGeometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ringSchema).min(1) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ringSchema).min(1)).min(1) }),
]);

export const gridPropertiesSchema = z.object({
  code: gridCodeSchema,
  name: z.string().trim().min(1, '名称不能为空').max(40),
  level: gridLevelSchema,
  parentCode: gridCodeSchema.nullish(),
});

export const gridFeatureSchema = z.object({
  type: z.literal('Feature'),
  properties: gridPropertiesSchema,
  geometry: areaGeometrySchema,
});
export type GridFeature = z.infer<typeof gridFeatureSchema>;

/** The import body: a FeatureCollection; each feature is checked on its own so errors can name it. */
export const gridImportSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.unknown()).min(1, '至少需要一个要素').max(5_000, '一次最多导入5000个网格'),
});

export const gridImportResultSchema = z.object({ created: z.number().int(), updated: z.number().int() });

/** One bad feature in a refused import. */
export const gridImportProblemSchema = z.object({
  index: z.number().int().describe('Position of the feature in the file, from 0'),
  code: z.string().optional(),
  problems: z.array(z.string()),
});
export type GridImportProblem = z.infer<typeof gridImportProblemSchema>;

export const gridSummarySchema = z.object({
  code: z.string(),
  name: z.string(),
  level: gridLevelSchema,
  parentCode: z.string().nullable(),
});
export type GridSummary = z.infer<typeof gridSummarySchema>;

export const locateQuerySchema = z.strictObject({
  lng: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
});

/** Deepest first: 网格, 社区, 片区, 街道. Empty when the point is outside every grid. */
export const locateResultSchema = z.object({ grids: z.array(gridSummarySchema) });

/** Up to 50 codes, comma-separated: the areas a map draws (the resident's grid, a worker's grids). */
export const gridBoundariesQuerySchema = z.strictObject({
  codes: z
    .string()
    .transform((s) => [...new Set(s.split(',').map((c) => c.trim()).filter(Boolean))])
    .pipe(z.array(gridCodeSchema).min(1, '请指定网格代码').max(50, '一次最多50个网格')),
});

/** A grid's outline (GCJ-02), for drawing; boundaries are public administrative data, not personal information. */
export const gridBoundarySchema = gridSummarySchema.extend({ geometry: areaGeometrySchema });
export type GridBoundary = z.infer<typeof gridBoundarySchema>;
