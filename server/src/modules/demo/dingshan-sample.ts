/**
 * SAMPLE DATA — NOT REAL BOUNDARIES. A plausible layout for 顶山街道 (Dingshan Street, Jiangbei New Area,
 * Nanjing) for demos and tests: one street, 2 areas, 4 communities, 12 grids, drawn as rectangles near the
 * street's real location. Names of communities are illustrative; staff names are invented.
 */
import type { GridLevel, Specialty } from '@linli/shared';

export interface SampleGrid {
  code: string;
  name: string;
  level: GridLevel;
  parentCode: string | null;
  /** [minLng, minLat, maxLng, maxLat] */
  box: [number, number, number, number];
}

const street: SampleGrid = { code: 'DS', name: '顶山街道', level: 'street', parentCode: null, box: [118.66, 32.08, 118.72, 32.12] };
const areas: SampleGrid[] = [
  { code: 'DS-A1', name: '顶山西片区', level: 'area', parentCode: 'DS', box: [118.66, 32.08, 118.69, 32.12] },
  { code: 'DS-A2', name: '顶山东片区', level: 'area', parentCode: 'DS', box: [118.69, 32.08, 118.72, 32.12] },
];
const communityNames = [
  ['吉庆社区', '大新社区'],
  ['九华社区', '象山社区'],
];
const ordinals = ['第一', '第二', '第三'];

const communities: SampleGrid[] = areas.flatMap((a, ai) =>
  [0, 1].map((ci) => ({
    code: `${a.code}-C${ci + 1}`,
    name: communityNames[ai]![ci]!,
    level: 'community' as const,
    parentCode: a.code,
    box: [a.box[0], ci === 0 ? 32.08 : 32.1, a.box[2], ci === 0 ? 32.1 : 32.12] as [number, number, number, number],
  })),
);
const grids: SampleGrid[] = communities.flatMap((c) =>
  [0, 1, 2].map((gi) => ({
    code: `${c.code}-G${gi + 1}`,
    name: `${c.name}${ordinals[gi]}网格`,
    level: 'grid' as const,
    parentCode: c.code,
    box: [c.box[0] + gi * 0.01, c.box[1], c.box[0] + (gi + 1) * 0.01, c.box[3]] as [number, number, number, number],
  })),
);

export const sampleGrids: SampleGrid[] = [street, ...areas, ...communities, ...grids];

/** The sample layout as the GeoJSON FeatureCollection the import endpoint takes. */
export const sampleFeatureCollection = () => featureCollectionOf(sampleGrids);

/** Sample areas (rectangles) as the GeoJSON FeatureCollection the import endpoint takes. */
export function featureCollectionOf(grids: SampleGrid[]) {
  return {
    type: 'FeatureCollection' as const,
    features: grids.map((g) => {
      const [x0, y0, x1, y1] = g.box;
      return {
        type: 'Feature' as const,
        properties: { code: g.code, name: g.name, level: g.level, ...(g.parentCode ? { parentCode: g.parentCode } : {}) },
        geometry: { type: 'Polygon' as const, coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] },
      };
    }),
  };
}

/** A point in the middle of a sample grid. */
export function centreOf(code: string): { lng: number; lat: number } {
  const g = sampleGrids.find((x) => x.code === code);
  if (!g) throw new Error(`no sample grid ${code}`);
  return { lng: (g.box[0] + g.box[2]) / 2, lat: (g.box[1] + g.box[3]) / 2 };
}

const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙'];
const specialtyLabel: Record<Specialty, string> = { social: '社', urban: '城', police: '警' };

export interface SampleStaff {
  openid: string;
  name: string;
  role: 'grid_worker' | 'grid_leader' | 'dispatcher' | 'admin';
  specialty?: Specialty;
  gridCodes: string[];
}

/** Three workers (社会/城市/警格) per grid, a leader per community, area and the street, a dispatcher and an admin. */
export const sampleStaff: SampleStaff[] = [
  ...grids.flatMap((g, i) =>
    (['social', 'urban', 'police'] as Specialty[]).map((sp) => ({
      openid: `demo-worker-${g.code}-${sp}`,
      name: `${surnames[i % surnames.length]}${specialtyLabel[sp]}${i + 1}`,
      role: 'grid_worker' as const,
      specialty: sp,
      gridCodes: [g.code],
    })),
  ),
  ...[...communities, ...areas, street].map((c, i) => ({
    openid: `demo-leader-${c.code}`,
    name: `${surnames[(i + 5) % surnames.length]}网格长`,
    role: 'grid_leader' as const,
    gridCodes: [c.code],
  })),
  { openid: 'demo-dispatcher', name: '指挥中心值班员', role: 'dispatcher', gridCodes: [] },
  { openid: 'demo-admin', name: '系统管理员', role: 'admin', gridCodes: [] },
];

export const sampleResidents = [
  { openid: 'demo-resident-zhang', name: '张阿姨' },
  { openid: 'demo-resident-li', name: '李先生' },
  { openid: 'demo-resident-wang', name: '王女士' },
];
