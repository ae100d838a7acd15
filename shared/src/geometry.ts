/** Pure planar geometry on [lng, lat] positions: ring checks used when grids are imported. */
export type Position = [number, number] | [number, number, number];
export type Ring = Position[];
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Ring[];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Ring[][];
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

/** Sign of the turn a→b→c: >0 left, <0 right, 0 collinear. */
function orient(a: Position, b: Position, c: Position): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

function onSegment(a: Position, b: Position, p: Position): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

/** Whether closed segments ab and cd share any point. */
export function segmentsIntersect(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = Math.sign(orient(a, b, c));
  const o2 = Math.sign(orient(a, b, d));
  const o3 = Math.sign(orient(c, d, a));
  const o4 = Math.sign(orient(c, d, b));
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d)) || (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b));
}

function samePoint(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** Whether any two non-adjacent edges of a closed ring touch or cross. O(n²), fine for boundary-sized rings. */
export function isSelfIntersecting(ring: Ring): boolean {
  // Drop repeated consecutive points: they make zero-length edges, not intersections.
  const pts = ring.filter((p, i) => i === 0 || !samePoint(p, ring[i - 1]!));
  const n = pts.length - 1; // edges; the last point repeats the first
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const adjacent = j === i + 1 || (i === 0 && j === n - 1);
      if (adjacent) continue;
      if (segmentsIntersect(pts[i]!, pts[i + 1]!, pts[j]!, pts[j + 1]!)) return true;
    }
  }
  return false;
}

/** Chinese descriptions of everything wrong with one linear ring; empty when it is valid. */
export function ringProblems(ring: Ring, label: string): string[] {
  const problems: string[] = [];
  if (ring.length < 4) problems.push(`${label}至少需要4个坐标点（首尾相同）`);
  const outOfRange = ring.some(([lng, lat]) => !(lng >= -180 && lng <= 180 && lat >= -90 && lat <= 90));
  if (outOfRange) problems.push(`${label}的坐标超出经纬度范围（经度 -180~180，纬度 -90~90）`);
  if (ring.length > 0 && !samePoint(ring[0]!, ring[ring.length - 1]!)) problems.push(`${label}未闭合（首尾坐标必须相同）`);
  if (problems.length === 0 && isSelfIntersecting(ring)) problems.push(`${label}自相交`);
  return problems;
}

/** Every problem of a polygon or multipolygon's rings. */
export function geometryProblems(geometry: AreaGeometry): string[] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const problems: string[] = [];
  polygons.forEach((rings, p) => {
    if (rings.length === 0) problems.push(`第${p + 1}个多边形没有坐标`);
    rings.forEach((ring, r) => {
      const label = `${polygons.length > 1 ? `第${p + 1}个多边形的` : ''}${r === 0 ? '外环' : `第${r}个内环`}`;
      problems.push(...ringProblems(ring, label));
    });
  });
  return problems;
}

/** [minLng, minLat, maxLng, maxLat] of a geometry. */
export function bbox(geometry: AreaGeometry): [number, number, number, number] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const rings of polygons) {
    for (const [x, y] of rings[0] ?? []) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  }
  return [minX, minY, maxX, maxY];
}

/** Great-circle distance in metres between two [lng, lat] points. */
export function distanceMetres(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const R = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}
