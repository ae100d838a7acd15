import { bbox, distanceMetres, geometryProblems, isSelfIntersecting, ringProblems, segmentsIntersect, type Ring } from './geometry';

const square: Ring = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];

describe('segmentsIntersect', () => {
  it('finds crossing, touching and collinear-overlapping segments, and not parallel ones', () => {
    expect(segmentsIntersect([0, 0], [2, 2], [0, 2], [2, 0])).toBe(true);
    expect(segmentsIntersect([0, 0], [1, 0], [1, 0], [1, 1])).toBe(true);
    expect(segmentsIntersect([0, 0], [2, 0], [1, 0], [3, 0])).toBe(true);
    expect(segmentsIntersect([0, 0], [1, 0], [0, 1], [1, 1])).toBe(false);
  });
});

describe('isSelfIntersecting', () => {
  it('accepts a square and a concave ring', () => {
    expect(isSelfIntersecting(square)).toBe(false);
    expect(isSelfIntersecting([[0, 0], [4, 0], [4, 4], [2, 1], [0, 4], [0, 0]])).toBe(false);
  });

  it('finds a bow-tie and a ring that touches itself', () => {
    expect(isSelfIntersecting([[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]])).toBe(true);
    expect(isSelfIntersecting([[0, 0], [4, 0], [2, 2], [4, 4], [0, 4], [2, 2], [0, 0]])).toBe(true);
  });

  it('ignores repeated consecutive points', () => {
    expect(isSelfIntersecting([[0, 0], [1, 0], [1, 0], [1, 1], [0, 1], [0, 0]])).toBe(false);
  });
});

describe('ringProblems', () => {
  it('names an unclosed ring, too few points and coordinates out of range', () => {
    expect(ringProblems([[0, 0], [1, 0], [1, 1], [0, 1]], '外环')).toEqual(['外环未闭合（首尾坐标必须相同）']);
    expect(ringProblems([[0, 0], [1, 0], [0, 0]], '外环')[0]).toContain('至少需要4个坐标点');
    expect(ringProblems([[0, 0], [190, 0], [190, 1], [0, 0]], '外环')[0]).toContain('超出经纬度范围');
  });
});

describe('geometryProblems and bbox', () => {
  it('labels rings of a multipolygon by polygon and ring', () => {
    const problems = geometryProblems({ type: 'MultiPolygon', coordinates: [[square], [square, [[0.2, 0.2], [0.4, 0.2], [0.4, 0.4], [0.2, 0.4]]]] });

    expect(problems).toEqual(['第2个多边形的第1个内环未闭合（首尾坐标必须相同）']);
  });

  it('computes the bounding box over all polygons', () => {
    expect(bbox({ type: 'MultiPolygon', coordinates: [[square], [[[5, 5], [6, 5], [6, 7], [5, 5]]]] })).toEqual([0, 0, 6, 7]);
  });
});

describe('distanceMetres', () => {
  it('measures 0.001° of latitude as about 111 m', () => {
    expect(distanceMetres({ lng: 118.7, lat: 32.1 }, { lng: 118.7, lat: 32.101 })).toBeCloseTo(111.2, 0);
  });
});
