import type { Services } from '../../services';
import { importGrids } from '../grids/grid-import';
import { cityFeatureCollection, cityStaff, sampleUnits } from './city-sample';
import { sampleResidents, sampleStaff } from './dingshan-sample';

/**
 * Loads the sample city — 南京市, two districts, three streets with 顶山's full layout — its units, staff at every
 * level and residents, once; later starts leave an admin's edits alone.
 */
export async function seedDemo(s: Services): Promise<{ grids: number; units: number; staff: number; residents: number }> {
  let grids = 0;
  if (!(await s.models.Grid.exists({ code: 'NJ' }))) grids = (await importGrids(s.models, s.grids, cityFeatureCollection().features)).created;
  let units = 0;
  for (const u of sampleUnits) {
    if (await s.units.get(u.code)) continue;
    await s.units.create(u);
    units += 1;
  }
  let staff = 0;
  for (const person of [...sampleStaff, ...cityStaff]) {
    if (await s.users.findByOpenid(person.openid)) continue;
    await s.users.create(person);
    staff += 1;
  }
  let residents = 0;
  for (const r of sampleResidents) {
    if (await s.users.findByOpenid(r.openid)) continue;
    await s.users.create({ ...r, role: 'resident' });
    residents += 1;
  }
  return { grids, units, staff, residents };
}
