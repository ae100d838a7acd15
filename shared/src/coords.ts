/**
 * WGS-84 (GPS, browsers, Open311) ↔ GCJ-02 (WeChat's maps and wx.getLocation({type:'gcj02'})).
 * The system stores GCJ-02, so a point from a browser or a GPS device is converted on the way in.
 * The standard published approximation; outside mainland China the two are the same.
 */
const A = 6378245.0;
const EE = 0.006693421622965943;

function outOfChina(lng: number, lat: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function transformLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

export interface LngLat {
  lng: number;
  lat: number;
}

/** GPS coordinates to the GCJ-02 coordinates the grids are drawn in. */
export function wgs84ToGcj02({ lng, lat }: LngLat): LngLat {
  if (outOfChina(lng, lat)) return { lng, lat };
  let dLat = transformLat(lng - 105, lat - 35);
  let dLng = transformLng(lng - 105, lat - 35);
  const radLat = (lat / 180) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lng: lng + dLng, lat: lat + dLat };
}

/** GCJ-02 back to GPS coordinates, by iteration (error well under a metre). */
export function gcj02ToWgs84(p: LngLat): LngLat {
  let guess = { ...p };
  for (let i = 0; i < 5; i++) {
    const back = wgs84ToGcj02(guess);
    guess = { lng: guess.lng - (back.lng - p.lng), lat: guess.lat - (back.lat - p.lat) };
  }
  return guess;
}
