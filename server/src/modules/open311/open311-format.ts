import { describeLimit, gcj02ToWgs84, type Category } from '@linli/shared';
import type { GridIndex } from '../grids/spatial-index';
import type { Report } from '../reports/report-view';

/** ISO 8601 in Beijing time with its offset, as GeoReport v2 requires a timezone. */
export function beijingIso(d: Date | null | undefined): string | null {
  if (!d) return null;
  const shifted = new Date(new Date(d).getTime() + 8 * 3_600_000);
  return `${shifted.toISOString().slice(0, 19)}+08:00`;
}

/** A category as a GeoReport service. */
export function toService(c: Category) {
  return {
    service_code: c.code,
    service_name: c.name,
    description: `${c.name}（${c.group === 'part' ? '部件' : '事件'}），${describeLimit(c.resolveLimit)}内办结`,
    metadata: false,
    type: 'realtime',
    keywords: c.name,
    group: c.group === 'part' ? '部件' : '事件',
  };
}

/** A report as a GeoReport service request; resolved and closed both read as closed. */
export function toServiceRequest(r: Report, categories: Map<string, Category>, grids: GridIndex) {
  const grid = r.gridCode ? grids.get(r.gridCode) : undefined;
  const closed = r.status === 'resolved' || r.status === 'closed';
  const hasPoint = typeof r.location?.lng === 'number' && typeof r.location?.lat === 'number';
  const wgs = hasPoint ? gcj02ToWgs84({ lng: r.location.lng!, lat: r.location.lat! }) : null;
  return {
    service_request_id: r.no,
    status: closed ? 'closed' : 'open',
    status_notes: r.lastReply ?? null,
    service_name: categories.get(r.categoryCode)?.name ?? r.categoryCode,
    service_code: r.categoryCode,
    description: r.description,
    agency_responsible: grid ? grid.name : '街道指挥中心',
    service_notice: null,
    requested_datetime: beijingIso(r.createdAt),
    updated_datetime: beijingIso(closed ? (r.resolvedAt ?? r.closedAt ?? r.updatedAt) : r.updatedAt),
    expected_datetime: beijingIso(r.resolveBy),
    address: r.location?.address ?? null,
    address_id: null,
    zipcode: null,
    lat: wgs ? Number(wgs.lat.toFixed(6)) : null,
    long: wgs ? Number(wgs.lng.toFixed(6)) : null,
    media_url: null,
  };
}
