import type { AreaGeometry } from '@linli/shared';
import { GridIndex, containsPoint, type IndexedGrid } from './spatial-index';

const rect = (x0: number, y0: number, x1: number, y1: number): AreaGeometry => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
const grid = (code: string, level: IndexedGrid['level'], parentCode: string | null, box: [number, number, number, number], geometry = rect(...box)): IndexedGrid => ({ code, name: code, level, parentCode, geometry, bbox: box });

describe('GridIndex', () => {
  const index = new GridIndex([
    grid('S', 'street', null, [0, 0, 10, 10]),
    grid('C', 'community', 'S', [0, 0, 5, 10]),
    grid('G1', 'grid', 'C', [0, 0, 5, 5]),
    // An L-shaped grid whose bounding box covers a point it does not contain.
    grid('G2', 'grid', 'C', [0, 5, 5, 10], { type: 'Polygon', coordinates: [[[0, 5], [5, 5], [5, 6], [1, 6], [1, 10], [0, 10], [0, 5]]] }),
  ]);

  it('returns the deepest grid and its ancestors', () => {
    expect(index.locate(2, 2).map((g) => g.code)).toEqual(['G1', 'C', 'S']);
  });

  it('tests the polygon itself, not only its bounding box', () => {
    expect(index.locate(3, 8).map((g) => g.code)).toEqual(['C', 'S']);
    expect(index.locate(0.5, 8).map((g) => g.code)).toEqual(['G2', 'C', 'S']);
  });

  it('counts a point on a shared edge as inside', () => {
    expect(index.locate(5, 2)[0]!.level).not.toBe('street');
  });

  it('returns nothing outside every grid, and for an empty index', () => {
    expect(index.locate(20, 20)).toEqual([]);
    expect(new GridIndex([]).locate(1, 1)).toEqual([]);
  });
});

describe('containsPoint', () => {
  it('respects holes', () => {
    const withHole: AreaGeometry = { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]]] };

    expect(containsPoint(withHole, [0.5, 0.5])).toBe(true);
    expect(containsPoint(withHole, [2, 2])).toBe(false);
  });
});
