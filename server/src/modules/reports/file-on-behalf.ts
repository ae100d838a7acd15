import { phoneKey } from '../privacy/phone';
import type { ReportView, StaffReportInput } from '@linli/shared';
import { AppError } from '../../lib/errors';
import type { User } from '../users/users.repository';
import type { ReportDeps } from './report-deps';
import { submitReport } from './submit-report';

/** A point inside the grid: the middle of its box if that is inside, else the first of a 7×7 sample that is. */
async function pointIn(deps: ReportDeps, gridCode: string): Promise<{ lng: number; lat: number }> {
  const index = await deps.grids.current();
  const g = index.get(gridCode);
  if (!g) throw new AppError(400, 'GRID_UNKNOWN', '没有这个网格');
  const [minLng, minLat, maxLng, maxLat] = g.bbox;
  const tries = [[0.5, 0.5], ...Array.from({ length: 49 }, (_, i) => [((i % 7) + 0.5) / 7, (Math.floor(i / 7) + 0.5) / 7])];
  for (const [fx, fy] of tries) {
    const p = { lng: minLng + (maxLng - minLng) * fx!, lat: minLat + (maxLat - minLat) * fy! };
    if (index.locate(p.lng, p.lat).some((x) => x.code === gridCode)) return p;
  }
  return { lng: (minLng + maxLng) / 2, lat: (minLat + maxLat) / 2 };
}

/**
 * Staff file a report for a resident who phoned or walked in: the caller becomes (or is found as) a resident record
 * keyed by phone, the channel is recorded, and the report is routed like any other.
 */
export async function fileOnBehalf(deps: ReportDeps, staff: User, input: StaffReportInput, key: string): Promise<{ report: ReportView; created: boolean }> {
  // The number itself is never the account's id: a keyed hash links repeat callers (modules/privacy/phone.ts).
  const openid = input.residentPhone ? phoneKey(input.residentPhone, deps.phoneSecret) : `walk-in:${String(staff._id)}:${key}`;
  const resident = await deps.users.findOrCreateResident(openid);
  if (resident.role !== 'resident') throw new AppError(400, 'RESIDENT_INVALID', '该号码属于工作人员账号');
  if (!resident.name) await deps.users.updateProfile(String(resident._id), { name: input.residentName });
  const location = input.location ?? { ...(await pointIn(deps, input.gridCode!)) };
  return submitReport(
    deps,
    { ...resident, name: input.residentName },
    {
      ...(input.categoryCode ? { categoryCode: input.categoryCode } : {}),
      description: input.description,
      location,
      photoIds: [],
      voiceIds: [],
      anonymous: false,
      ...(input.residentPhone ? { contactPhone: input.residentPhone } : {}),
    },
    `staff-${String(staff._id)}-${key}`.slice(0, 128),
    input.channel,
    staff,
  );
}
