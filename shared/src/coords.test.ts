import { distanceMetres } from './geometry';
import { gcj02ToWgs84, wgs84ToGcj02 } from './coords';

describe('WGS-84 ↔ GCJ-02', () => {
  it('shifts a point in Nanjing by a few hundred metres, as the published transform does', () => {
    const gps = { lng: 118.69, lat: 32.1 };

    const shifted = distanceMetres(gps, wgs84ToGcj02(gps));

    expect(shifted).toBeGreaterThan(200);
    expect(shifted).toBeLessThan(800);
  });

  it('round-trips within a metre', () => {
    const gcj = { lng: 118.6952, lat: 32.1003 };

    expect(distanceMetres(gcj, wgs84ToGcj02(gcj02ToWgs84(gcj)))).toBeLessThan(1);
  });

  it('leaves points outside China alone', () => {
    expect(wgs84ToGcj02({ lng: -0.1276, lat: 51.5072 })).toEqual({ lng: -0.1276, lat: 51.5072 });
  });
});
