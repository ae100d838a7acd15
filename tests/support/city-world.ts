import { cityFeatureCollection, cityStaff, sampleUnits } from '../../server/src/modules/demo/city-sample';
import { sampleStaff } from '../../server/src/modules/demo/dingshan-sample';
import { Api, type Session } from './api';
import { fakeOpenid } from './factories';
import type { TestServer } from './server';

type Person = { openid: string; name: string; role: Session['user']['role']; gridCodes: string[]; specialty?: 'social' | 'urban' | 'police'; unitCode?: string };

/** The sample city — 南京市, 浦口区 (顶山, 泰山), 六合区 (雄州) — with its units and staff at every level, set up through the admin API. */
export interface CityWorld {
  api: Api;
  admin: Session;
  /** Signs in as the sample staff member with this openid. */
  staff(openid: string): Promise<Session>;
  resident(name?: string): Promise<Session>;
}

export async function buildCityWorld(server: TestServer): Promise<CityWorld> {
  const api = new Api(server.url);
  const admin = await api.login(fakeOpenid('admin'), 'admin', { name: '管理员' });
  const ok = (what: string, res: { status: number; text: string }) => {
    if (res.status >= 300) throw new Error(`${what} failed: ${res.status} ${res.text}`);
  };
  ok('grid import', await api.call('POST', '/api/v1/admin/grids/import', { token: admin.token, body: cityFeatureCollection() }));
  for (const unit of sampleUnits) ok(`unit ${unit.code}`, await api.call('POST', '/api/v1/admin/units', { token: admin.token, body: unit }));
  const people: Person[] = [...sampleStaff, ...cityStaff];
  const body = people.map(({ openid, name, role, specialty, gridCodes, unitCode }) => ({ openid, name, role, gridCodes, ...(specialty ? { specialty } : {}), ...(unitCode ? { unitCode } : {}) }));
  ok('staff import', await api.call('POST', '/api/v1/admin/staff', { token: admin.token, body: { staff: body } }));
  const byOpenid = new Map(people.map((p) => [p.openid, p]));
  return {
    api,
    admin,
    async staff(openid) {
      const p = byOpenid.get(openid);
      if (!p) throw new Error(`no sample staff ${openid}`);
      return api.login(openid, p.role, { name: p.name, gridCodes: p.gridCodes, ...(p.specialty ? { specialty: p.specialty } : {}), ...(p.unitCode ? { unitCode: p.unitCode } : {}) });
    },
    resident: (name = '居民') => api.login(fakeOpenid('r'), 'resident', { name }),
  };
}
