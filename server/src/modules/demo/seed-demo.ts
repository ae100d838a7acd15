import type { Services } from '../../services';
import { importGrids } from '../grids/grid-import';
import { sampleFeatureCollection, sampleResidents, sampleStaff } from './dingshan-sample';

/** Loads the sample 顶山街道 layout, staff and residents once; later starts leave an admin's edits alone. */
export async function seedDemo(s: Services): Promise<{ grids: number; staff: number; residents: number }> {
  let grids = 0;
  if (!(await s.models.Grid.exists({ code: 'DS' }))) {
    grids = (await importGrids(s.models, s.grids, sampleFeatureCollection().features)).created;
  }
  let staff = 0;
  for (const person of sampleStaff) {
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
  return { grids, staff, residents };
}
