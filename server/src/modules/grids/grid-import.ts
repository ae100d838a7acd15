import {
  rootLevels,
  bbox,
  geometryProblems,
  gridFeatureSchema,
  gridLevelNames,
  gridLevels,
  type GridFeature,
  type GridImportProblem,
  type GridLevel,
  type GridPreview,
} from '@linli/shared';
import { AppError } from '../../lib/errors';
import type { Models } from '../../models';
import type { GridDirectory } from './grid-directory';

interface Existing {
  code: string;
  level: GridLevel;
  path: string[];
}

/** Checks every feature on its own and against the file and the database; returns the problems of each bad one. */
export function findImportProblems(features: unknown[], existing: Map<string, Existing>): GridImportProblem[] {
  const problems: GridImportProblem[] = [];
  const parsed: (GridFeature | null)[] = features.map((raw, index) => {
    const r = gridFeatureSchema.safeParse(raw);
    if (r.success) return r.data;
    const code = (raw as { properties?: { code?: unknown } })?.properties?.code;
    problems.push({
      index,
      ...(typeof code === 'string' ? { code } : {}),
      problems: r.error.issues.map((i) => describeIssue(i.path, i.message)),
    });
    return null;
  });

  const inFile = new Map<string, { level: GridLevel; index: number }>();
  parsed.forEach((f, index) => {
    if (!f) return;
    const first = inFile.get(f.properties.code);
    if (first) addProblem(problems, index, f.properties.code, `代码 ${f.properties.code} 在文件中重复（第${first.index + 1}个要素已使用）`);
    else inFile.set(f.properties.code, { level: f.properties.level, index });
  });

  parsed.forEach((f, index) => {
    if (!f) return;
    const { code, level, parentCode } = f.properties;
    for (const p of geometryProblems(f.geometry)) addProblem(problems, index, code, p);
    if (level === 'city') {
      if (parentCode) addProblem(problems, index, code, '市是最高层级，不能有上级');
      return;
    }
    // A layout may start at the city, a district or a street; below those every area names its parent.
    if (!parentCode && rootLevels.includes(level)) return;
    if (!parentCode) {
      addProblem(problems, index, code, `${gridLevelNames[level]}必须指定上级代码 parentCode`);
      return;
    }
    const parent = inFile.get(parentCode) ?? existing.get(parentCode);
    if (!parent) addProblem(problems, index, code, `上级 ${parentCode} 不存在`);
    else if (gridLevels.indexOf(parent.level) >= gridLevels.indexOf(level))
      addProblem(problems, index, code, `上级 ${parentCode}（${gridLevelNames[parent.level]}）的层级必须高于${gridLevelNames[level]}`);
  });
  return problems.sort((a, b) => a.index - b.index);
}

function describeIssue(path: PropertyKey[], message: string): string {
  const p = path.map(String).join('.');
  if (p === 'properties.level') return `层级 level 必须是 ${gridLevels.join(' / ')} 之一`;
  return p ? `${p}：${message}` : message;
}

function addProblem(list: GridImportProblem[], index: number, code: string, problem: string): void {
  const entry = list.find((p) => p.index === index);
  if (entry) entry.problems.push(problem);
  else list.push({ index, code, problems: [problem] });
}

/** Resolves each feature's path (codes from the street down), using the file first, then the database. */
function computePaths(features: GridFeature[], existing: Map<string, Existing>): Map<string, string[]> {
  const byCode = new Map(features.map((f) => [f.properties.code, f]));
  const paths = new Map<string, string[]>();
  const pathOf = (code: string): string[] => {
    const known = paths.get(code);
    if (known) return known;
    const f = byCode.get(code);
    if (!f) return existing.get(code)?.path ?? [code];
    const parent = f.properties.parentCode;
    const p = parent ? [...pathOf(parent), code] : [code];
    paths.set(code, p);
    return p;
  };
  for (const f of features) pathOf(f.properties.code);
  return paths;
}

const summaryOf = (raw: unknown) => {
  const p = (raw as { properties?: Record<string, unknown> } | null)?.properties ?? {};
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const level = str(p.level);
  return { code: str(p.code), name: str(p.name), level: (gridLevels as readonly string[]).includes(level ?? '') ? (level as GridLevel) : null, parentCode: str(p.parentCode) };
};

/** What importing these features would do — which are new, which change an existing grid, which are wrong and why — without writing. */
export async function previewGrids({ Grid }: Pick<Models, 'Grid'>, features: unknown[]): Promise<GridPreview> {
  const rows = await Grid.find({}, { code: 1, level: 1, path: 1 }).lean();
  const existing = new Map(rows.map((r) => [r.code, { code: r.code, level: r.level as GridLevel, path: r.path }]));
  const problems = new Map(findImportProblems(features, existing).map((p) => [p.index, p.problems]));
  const items = features.map((raw, index) => {
    const summary = summaryOf(raw);
    const wrong = problems.get(index) ?? [];
    const change = wrong.length ? ('invalid' as const) : existing.has(summary.code!) ? ('update' as const) : ('create' as const);
    return { index, ...summary, change, problems: wrong };
  });
  return {
    valid: problems.size === 0,
    created: items.filter((i) => i.change === 'create').length,
    updated: items.filter((i) => i.change === 'update').length,
    features: items,
  };
}

/** A grid as the administration log keeps it: no geometry (that is in the imported file). */
type GridLogEntry = { code: string; name: string; level: string; parentCode: string | null };

/** Validates the whole file first; writes only when every feature is valid, then tells every instance. */
export async function importGrids(
  { Grid, Report }: Pick<Models, 'Grid' | 'Report'>,
  directory: GridDirectory,
  features: unknown[],
): Promise<{ created: number; updated: number; before: GridLogEntry[]; after: GridLogEntry[] }> {
  const rows = await Grid.find({}, { code: 1, name: 1, level: 1, path: 1, parentCode: 1 }).lean();
  const existing = new Map(rows.map((r) => [r.code, { code: r.code, level: r.level as GridLevel, path: r.path }]));
  const problems = findImportProblems(features, existing);
  if (problems.length > 0) throw new AppError(400, 'GRID_IMPORT_INVALID', `有${problems.length}个网格要素不合格，未导入任何数据`, problems);

  const valid = features as GridFeature[];
  const paths = computePaths(valid, existing);
  const result = await Grid.bulkWrite(
    valid.map((f) => {
      const [minLng, minLat, maxLng, maxLat] = bbox(f.geometry);
      return {
        updateOne: {
          filter: { code: f.properties.code },
          update: {
            $set: {
              name: f.properties.name,
              level: f.properties.level,
              parentCode: f.properties.parentCode ?? null,
              path: paths.get(f.properties.code)!,
              geometry: JSON.stringify({ type: f.geometry.type, coordinates: f.geometry.coordinates }),
              bbox: { minLng, minLat, maxLng, maxLat },
            },
          },
          upsert: true,
        },
      };
    }),
    { ordered: true },
  );
  await directory.changed();
  await restampAncestors(Report, valid, existing, paths);
  const created = result.upsertedCount;
  // For the administration log: what the changed grids were called and hung under before.
  const touched = new Set(valid.map((f) => f.properties.code));
  const before = rows.filter((r) => touched.has(r.code)).map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode ?? null }));
  const after = valid.map((f) => ({ code: f.properties.code, name: f.properties.name, level: f.properties.level, parentCode: f.properties.parentCode ?? null }));
  return { created, updated: valid.length - created, before, after };
}

/**
 * A street (or district) that gains or changes the areas above it — a single-street deployment joining its district and
 * city — takes its stored reports along: their district and city codes are rewritten, one indexed update per area.
 */
async function restampAncestors(
  Report: Models['Report'],
  features: GridFeature[],
  existing: Map<string, { path: string[] }>,
  paths: Map<string, string[]>,
): Promise<void> {
  const levelOf = new Map<string, GridLevel>(features.map((f) => [f.properties.code, f.properties.level]));
  for (const f of features) {
    const { code, level } = f.properties;
    if (level !== 'street' && level !== 'district') continue;
    const before = existing.get(code)?.path ?? [code];
    const after = paths.get(code) ?? [code];
    if (before.join('/') === after.join('/')) continue;
    const above = after.slice(0, -1);
    const codeAt = (l: GridLevel) => above.find((c) => levelOf.get(c) === l) ?? null;
    const set = level === 'street' ? { districtCode: codeAt('district'), cityCode: codeAt('city') } : { cityCode: codeAt('city') };
    await Report.updateMany({ [level === 'street' ? 'streetCode' : 'districtCode']: code }, { $set: set }, { timestamps: false });
  }
}
