import type { AreaGeometry } from '@linli/shared';

export interface LngLat {
  lng: number;
  lat: number;
}

export interface Bounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

const METRES_PER_DEGREE = 111_320;

/** The outer rings of an area, as points (holes are not drawn on a sketch map). */
export function outlinesOf(geometry: AreaGeometry): LngLat[][] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map((rings) => (rings[0] ?? []).map(([lng, lat]) => ({ lng, lat })));
}

/**
 * A view holding every point and outline, at least `minMetres` across so that one pin is not a blank page, with a
 * tenth of a margin on each side so nothing sits on the edge.
 */
export function boundsAround(points: LngLat[], minMetres = 300): Bounds | null {
  if (!points.length) return null;
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const p of points) {
    west = Math.min(west, p.lng);
    east = Math.max(east, p.lng);
    south = Math.min(south, p.lat);
    north = Math.max(north, p.lat);
  }
  const midLat = (south + north) / 2;
  const minLat = minMetres / METRES_PER_DEGREE;
  const minLng = minLat / Math.cos((midLat * Math.PI) / 180);
  const padLng = Math.max((east - west) * 0.1, (minLng - (east - west)) / 2, 0);
  const padLat = Math.max((north - south) * 0.1, (minLat - (north - south)) / 2, 0);
  return { west: west - padLng, east: east + padLng, south: south - padLat, north: north + padLat };
}

/**
 * Equirectangular projection of `bounds` into a width×height box, the same scale on both axes (metres, not degrees,
 * so a square block looks square), centred. Good to a few metres at street scale, which is what a sketch map needs.
 */
export function projector(bounds: Bounds, width: number, height: number) {
  const k = Math.cos((((bounds.south + bounds.north) / 2) * Math.PI) / 180);
  const spanX = (bounds.east - bounds.west) * k;
  const spanY = bounds.north - bounds.south;
  const scale = Math.min(width / spanX, height / spanY);
  const offX = (width - spanX * scale) / 2;
  const offY = (height - spanY * scale) / 2;
  return {
    toXY: (p: LngLat) => ({ x: offX + (p.lng - bounds.west) * k * scale, y: offY + (bounds.north - p.lat) * scale }),
    toLngLat: (x: number, y: number): LngLat => ({ lng: bounds.west + (x - offX) / (k * scale), lat: bounds.north - (y - offY) / scale }),
    /** How many metres one unit of the box is, for the scale bar. */
    metresPerUnit: METRES_PER_DEGREE / scale,
  };
}

/** A round scale-bar length (10, 20, 50, 100 … m) close to a fifth of the box. */
export function scaleBarMetres(metresPerUnit: number, width: number): number {
  const target = (metresPerUnit * width) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(target));
  return [1, 2, 5, 10].map((m) => m * magnitude).filter((m) => m <= target).at(-1) ?? magnitude;
}
