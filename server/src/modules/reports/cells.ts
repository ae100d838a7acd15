/**
 * The ~100 m cells (0.001°, ≈ 100 m × 95 m here) residents see places in: 附近的报事 counts rings of them, and the
 * retention pass keeps an old report's place only to its cell.
 */
const CELL_DEG = 0.001;

type Point = { lng: number; lat: number };
const cellOf = (p: Point) => ({ x: Math.floor(p.lng / CELL_DEG), y: Math.floor(p.lat / CELL_DEG) });

/** How many cells apart two points are (0: the same cell), counting diagonal steps as one. */
export function cellRing(a: Point, b: Point): number {
  const ca = cellOf(a);
  const cb = cellOf(b);
  return Math.max(Math.abs(ca.x - cb.x), Math.abs(ca.y - cb.y));
}

/** The middle of the point's cell: the place without anything finer. */
export function cellCentre(p: Point): Point {
  const c = cellOf(p);
  return { lng: (c.x + 0.5) * CELL_DEG, lat: (c.y + 0.5) * CELL_DEG };
}
