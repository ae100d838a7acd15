import { distanceMetres } from '@linli/shared';
import { boundsAround, outlinesOf, projector, scaleBarMetres } from './map-view';

const pin = { lng: 118.665, lat: 32.09 };

describe('the sketch map view', () => {
  it('shows at least 300 m around a single pin, with the pin in the middle', () => {
    const b = boundsAround([pin])!;
    const across = distanceMetres({ lng: b.west, lat: pin.lat }, { lng: b.east, lat: pin.lat });
    const high = distanceMetres({ lng: pin.lng, lat: b.south }, { lng: pin.lng, lat: b.north });

    expect(across).toBeGreaterThanOrEqual(299);
    expect(high).toBeGreaterThanOrEqual(299);
    const p = projector(b, 360, 360).toXY(pin);
    expect(p.x).toBeCloseTo(180, 5);
    expect(p.y).toBeCloseTo(180, 5);
  });

  it('keeps every point of a spread of tasks inside the box, away from the edge', () => {
    const tasks = [pin, { lng: 118.7, lat: 32.12 }, { lng: 118.68, lat: 32.1 }];
    const to = projector(boundsAround(tasks)!, 360, 220);

    for (const t of tasks) {
      const { x, y } = to.toXY(t);
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(360);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(220);
    }
  });

  it('turns a tap back into the place under the finger, to the centimetre', () => {
    const to = projector(boundsAround([pin])!, 360, 220);
    const moved = { lng: 118.6655, lat: 32.0903 };
    const { x, y } = to.toXY(moved);

    expect(distanceMetres(to.toLngLat(x, y), moved)).toBeLessThan(0.01);
  });

  it('draws the same distance east and north as the same length on screen', () => {
    const to = projector(boundsAround([pin], 1000)!, 400, 400);
    const east = to.toXY({ lng: pin.lng + 0.001 / Math.cos((pin.lat * Math.PI) / 180), lat: pin.lat });
    const north = to.toXY({ lng: pin.lng, lat: pin.lat + 0.001 });
    const origin = to.toXY(pin);

    expect(east.x - origin.x).toBeCloseTo(origin.y - north.y, 6);
  });

  it('takes outer rings of polygons and multipolygons', () => {
    const ring = [[0, 0], [1, 0], [1, 1], [0, 0]] as [number, number][];
    expect(outlinesOf({ type: 'Polygon', coordinates: [ring] })).toHaveLength(1);
    expect(outlinesOf({ type: 'MultiPolygon', coordinates: [[ring], [ring, ring]] })).toHaveLength(2);
  });

  it('picks a round scale bar length', () => {
    expect(scaleBarMetres(1, 360)).toBe(50);
    expect(scaleBarMetres(10, 360)).toBe(500);
    expect(scaleBarMetres(2.3, 360)).toBe(100);
  });
});
