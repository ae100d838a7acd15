import { centreOf, sampleFeatureCollection, sampleStaff } from '../../server/src/modules/demo/dingshan-sample';
import { Api, type Session } from './api';
import { fakeOpenid } from './factories';
import type { TestServer } from './server';

export { centreOf };

/** The sample 顶山街道 layout with its staff, imported through the real admin API. */
export interface World {
  api: Api;
  admin: Session;
  dispatcher: Session;
  /** Signs in as the sample staff member with this openid. */
  staff(openid: string): Promise<Session>;
  /** A new resident with a unique openid. */
  resident(name?: string): Promise<Session>;
}

export async function buildWorld(server: TestServer): Promise<World> {
  const api = new Api(server.url);
  const admin = await api.login(fakeOpenid('admin'), 'admin', { name: '管理员' });
  const imported = await api.call('POST', '/api/v1/admin/grids/import', { token: admin.token, body: sampleFeatureCollection() });
  if (imported.status !== 200) throw new Error(`grid import failed: ${imported.text}`);
  const staffRes = await api.call('POST', '/api/v1/admin/staff', { token: admin.token, body: { staff: sampleStaff.map(({ openid, name, role, specialty, gridCodes }) => ({ openid, name, role, gridCodes, ...(specialty ? { specialty } : {}) })) } });
  if (staffRes.status !== 200) throw new Error(`staff import failed: ${staffRes.text}`);
  const dispatcher = await api.login('demo-dispatcher', 'dispatcher', { name: '指挥中心值班员' });
  const byOpenid = new Map(sampleStaff.map((s) => [s.openid, s]));
  return {
    api,
    admin,
    dispatcher,
    async staff(openid) {
      const s = byOpenid.get(openid);
      if (!s) throw new Error(`no sample staff ${openid}`);
      return api.login(openid, s.role, { name: s.name, gridCodes: s.gridCodes, ...(s.specialty ? { specialty: s.specialty } : {}) });
    },
    resident: (name = '居民') => api.login(fakeOpenid('r'), 'resident', { name }),
  };
}

/** A valid report body at the centre of a sample grid. */
export function reportAt(gridCode: string, categoryCode = 'street_light', extra: Record<string, unknown> = {}) {
  return { categoryCode, description: '路灯不亮了，晚上很黑', location: { ...centreOf(gridCode), address: '示例路1号' }, ...extra };
}
