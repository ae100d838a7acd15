import Flatbush from 'flatbush';
import inside from 'point-in-polygon-hao';
import { gridLevels, type AreaGeometry, type GridLevel, type GridSummary } from '@linli/shared';

export interface IndexedGrid {
  code: string;
  name: string;
  level: GridLevel;
  parentCode: string | null;
  geometry: AreaGeometry;
  bbox: [number, number, number, number];
}

const depth = (level: GridLevel) => gridLevels.indexOf(level);

/** An immutable spatial index over grid polygons: bounding boxes in a Flatbush, then an exact point-in-polygon test. */
export class GridIndex {
  private readonly tree: Flatbush | null;
  private readonly byCode: Map<string, IndexedGrid>;

  constructor(private readonly grids: IndexedGrid[]) {
    this.byCode = new Map(grids.map((g) => [g.code, g]));
    if (grids.length === 0) {
      this.tree = null;
      return;
    }
    const tree = new Flatbush(grids.length);
    for (const g of grids) tree.add(...g.bbox);
    tree.finish();
    this.tree = tree;
  }

  get size(): number {
    return this.grids.length;
  }

  /** Every grid, for drawing the boundaries. */
  all(): readonly IndexedGrid[] {
    return this.grids;
  }

  /**
   * The top-level area nearest a point outside every grid (by its bounding box), whose command centre takes such
   * reports; null when there is no layout.
   */
  nearestRoot(lng: number, lat: number): IndexedGrid | null {
    const roots = this.grids.filter((g) => !g.parentCode);
    const gap = (g: IndexedGrid) => {
      const [minX, minY, maxX, maxY] = g.bbox;
      const dx = Math.max(minX - lng, 0, lng - maxX);
      const dy = Math.max(minY - lat, 0, lat - maxY);
      return dx * dx + dy * dy;
    };
    return roots.sort((a, b) => gap(a) - gap(b) || a.code.localeCompare(b.code))[0] ?? null;
  }

  get(code: string): IndexedGrid | undefined {
    return this.byCode.get(code);
  }

  /** The chain of grids containing the point, deepest first; empty when it is in none. */
  locate(lng: number, lat: number): GridSummary[] {
    if (!this.tree) return [];
    let deepest: IndexedGrid | undefined;
    for (const i of this.tree.search(lng, lat, lng, lat)) {
      const g = this.grids[i]!;
      if (deepest && depth(g.level) <= depth(deepest.level)) continue;
      if (containsPoint(g.geometry, [lng, lat])) deepest = g;
    }
    return deepest ? this.chain(deepest.code) : [];
  }

  /** A grid and every grid below it (its subtree), or nothing for an unknown code. */
  subtree(code: string): string[] {
    if (!this.byCode.has(code)) return [];
    const out: string[] = [];
    const todo = [code];
    while (todo.length) {
      const c = todo.pop()!;
      if (out.includes(c)) continue;
      out.push(c);
      todo.push(...(this.children().get(c) ?? []));
    }
    return out;
  }

  private kids: Map<string, string[]> | null = null;
  private children(): Map<string, string[]> {
    if (!this.kids) {
      this.kids = new Map();
      for (const g of this.grids) if (g.parentCode) this.kids.set(g.parentCode, [...(this.kids.get(g.parentCode) ?? []), g.code]);
    }
    return this.kids;
  }

  /** A grid and its ancestors, deepest first. */
  chain(code: string): GridSummary[] {
    const out: GridSummary[] = [];
    const seen = new Set<string>();
    let g = this.byCode.get(code);
    while (g && !seen.has(g.code)) {
      seen.add(g.code);
      out.push({ code: g.code, name: g.name, level: g.level, parentCode: g.parentCode });
      g = g.parentCode ? this.byCode.get(g.parentCode) : undefined;
    }
    return out;
  }
}

/** Boundary points count as inside, so a report on a shared edge still lands somewhere. */
export function containsPoint(geometry: AreaGeometry, point: [number, number]): boolean {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.some((rings) => inside(point, rings as number[][][]) !== false);
}
