import { GridIndex, type IndexedGrid } from '../server/src/modules/grids/spatial-index';

export interface PipResult {
  grids: number;
  lookups: number;
  meanUs: number;
  p99Us: number;
  buildMs: number;
}

/** n grid cells (octagons, so the exact test has work to do) tiling a street, with a community level above them. */
function syntheticLayout(n: number): IndexedGrid[] {
  const side = Math.ceil(Math.sqrt(n));
  const cell = 0.06 / side;
  const grids: IndexedGrid[] = [{ code: 'S', name: 'S', level: 'street', parentCode: null, bbox: [118.66, 32.08, 118.72, 32.14], geometry: { type: 'Polygon', coordinates: [[[118.66, 32.08], [118.72, 32.08], [118.72, 32.14], [118.66, 32.14], [118.66, 32.08]]] } }];
  for (let i = 0; i < n; i++) {
    const x0 = 118.66 + (i % side) * cell;
    const y0 = 32.08 + Math.floor(i / side) * cell;
    const c = cell * 0.29;
    const ring: [number, number][] = [
      [x0 + c, y0], [x0 + cell - c, y0], [x0 + cell, y0 + c], [x0 + cell, y0 + cell - c],
      [x0 + cell - c, y0 + cell], [x0 + c, y0 + cell], [x0, y0 + cell - c], [x0, y0 + c], [x0 + c, y0],
    ];
    grids.push({ code: `G${i}`, name: `G${i}`, level: 'grid', parentCode: 'S', bbox: [x0, y0, x0 + cell, y0 + cell], geometry: { type: 'Polygon', coordinates: [ring] } });
  }
  return grids;
}

/** Microseconds per point-in-polygon lookup over random points in the street, at a given number of grids. */
export function measurePip(n: number, lookups = 50_000): PipResult {
  const layout = syntheticLayout(n);
  const t0 = process.hrtime.bigint();
  const index = new GridIndex(layout);
  const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
  let seed = 42;
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 5_000; i++) index.locate(118.66 + rand() * 0.06, 32.08 + rand() * 0.06); // warm-up
  const times = new Float64Array(lookups);
  let found = 0;
  for (let i = 0; i < lookups; i++) {
    const lng = 118.66 + rand() * 0.06;
    const lat = 32.08 + rand() * 0.06;
    const s = process.hrtime.bigint();
    if (index.locate(lng, lat).length > 0) found++;
    times[i] = Number(process.hrtime.bigint() - s) / 1e3;
  }
  if (found === 0) throw new Error('no lookup found a grid: the layout is wrong');
  const sorted = Array.from(times).sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / lookups;
  return { grids: n, lookups, meanUs: mean, p99Us: sorted[Math.floor(lookups * 0.99)]!, buildMs };
}
