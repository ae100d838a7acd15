/**
 * SAMPLE DATA — NOT REAL BOUNDARIES. The levels above 顶山街道 for demos: 南京市 with two districts and three streets
 * (顶山 among them, laid out in dingshan-sample.ts), the departments, 物业 and social forces that take work, and a
 * command centre at every level. Rectangles near the real places; every name of a person is invented.
 */
import type { UnitInput } from '@linli/shared';
import { featureCollectionOf, sampleGrids, type SampleGrid } from './dingshan-sample';

const city: SampleGrid = { code: 'NJ', name: '南京市', level: 'city', parentCode: null, box: [118.5, 31.9, 119.0, 32.4] };
const districts: SampleGrid[] = [
  { code: 'PK', name: '浦口区', level: 'district', parentCode: 'NJ', box: [118.6, 32.04, 118.8, 32.16] },
  { code: 'LH', name: '六合区', level: 'district', parentCode: 'NJ', box: [118.8, 32.25, 118.9, 32.35] },
];
/** A street with one community of two grids, beside 顶山. */
function smallStreet(code: string, name: string, parentCode: string, box: [number, number, number, number], community: string): SampleGrid[] {
  const [x0, y0, x1, y1] = box;
  const mid = (x0 + x1) / 2;
  return [
    { code, name, level: 'street', parentCode, box },
    { code: `${code}-C1`, name: community, level: 'community', parentCode: code, box },
    { code: `${code}-C1-G1`, name: `${community}第一网格`, level: 'grid', parentCode: `${code}-C1`, box: [x0, y0, mid, y1] },
    { code: `${code}-C1-G2`, name: `${community}第二网格`, level: 'grid', parentCode: `${code}-C1`, box: [mid, y0, x1, y1] },
  ];
}
const streets: SampleGrid[] = [
  ...smallStreet('TS', '泰山街道', 'PK', [118.72, 32.08, 118.78, 32.12], '桥北社区'),
  ...smallStreet('XZ', '雄州街道', 'LH', [118.82, 32.28, 118.88, 32.33], '龙池社区'),
];

/** 顶山 joins 浦口区 of 南京市: the street keeps its layout and gains its parents. */
export const cityGrids: SampleGrid[] = [
  city,
  ...districts,
  ...sampleGrids.map((g) => (g.code === 'DS' ? { ...g, parentCode: 'PK' } : g)),
  ...streets,
];

export const cityFeatureCollection = () => featureCollectionOf(cityGrids);

/** Departments (条), a 物业 and social forces ("N"), each with where it works and what it takes. */
export const sampleUnits: UnitInput[] = [
  { code: 'PK-POWER', name: '浦口供电所', kind: 'department', categoryCodes: ['street_light'], gridCodes: ['PK'], autoRoute: false },
  { code: 'PK-WATER', name: '浦口水务所', kind: 'department', categoryCodes: ['municipal_facility', 'road_manhole'], gridCodes: ['PK'], autoRoute: false },
  { code: 'DS-CHENGGUAN', name: '顶山城管中队', kind: 'department', categoryCodes: ['parking_occupation', 'sanitation'], gridCodes: ['DS'], autoRoute: false },
  { code: 'DS-POLICE', name: '顶山派出所', kind: 'department', categoryCodes: ['public_security', 'noise'], gridCodes: ['DS'], autoRoute: false },
  { code: 'JQ-PROPERTY', name: '吉庆小区物业', kind: 'property', categoryCodes: ['property_repair'], gridCodes: ['DS-A1-C1'], autoRoute: true },
  { code: 'DX-BUILDING', name: '大新社区楼栋长队伍', kind: 'social', categoryCodes: ['elderly_help', 'neighbour_dispute'], gridCodes: ['DS-A1-C2'], autoRoute: false },
  { code: 'DS-VOLUNTEER', name: '顶山志愿者服务队', kind: 'social', categoryCodes: ['elderly_help'], gridCodes: ['DS'], autoRoute: false },
];

const handlerNames = ['周师傅', '吴工', '郑队长', '冯警官', '陈经理', '褚楼栋长', '卫志愿者'];

/** Staff above the street and in the units: a command centre at every level, a worker per grid of the new streets. */
export const cityStaff = [
  { openid: 'demo-dispatcher-NJ', name: '市指挥中心值班员', role: 'dispatcher' as const, gridCodes: ['NJ'] },
  { openid: 'demo-dispatcher-PK', name: '浦口区指挥中心值班员', role: 'dispatcher' as const, gridCodes: ['PK'] },
  { openid: 'demo-dispatcher-LH', name: '六合区指挥中心值班员', role: 'dispatcher' as const, gridCodes: ['LH'] },
  { openid: 'demo-dispatcher-DS', name: '顶山街道指挥中心值班员', role: 'dispatcher' as const, gridCodes: ['DS'] },
  { openid: 'demo-dispatcher-TS', name: '泰山街道指挥中心值班员', role: 'dispatcher' as const, gridCodes: ['TS'] },
  { openid: 'demo-dispatcher-XZ', name: '雄州街道指挥中心值班员', role: 'dispatcher' as const, gridCodes: ['XZ'] },
  ...['TS', 'XZ'].map((st) => ({ openid: `demo-leader-${st}`, name: `${st === 'TS' ? '泰山' : '雄州'}网格长`, role: 'grid_leader' as const, gridCodes: [st] })),
  ...streets
    .filter((g) => g.level === 'grid')
    .flatMap((g, i) =>
      (['social', 'urban', 'police'] as const).map((sp) => ({ openid: `demo-worker-${g.code}-${sp}`, name: `${['钱', '孙', '李', '郑'][i]}${{ social: '社', urban: '城', police: '警' }[sp]}`, role: 'grid_worker' as const, specialty: sp, gridCodes: [g.code] })),
    ),
  ...sampleUnits.map((u, i) => ({ openid: `demo-unit-${u.code}`, name: handlerNames[i]!, role: 'unit_handler' as const, gridCodes: [], unitCode: u.code })),
];
