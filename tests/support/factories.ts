import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { NewUser } from '../../server/src/modules/users/users.repository';

/** A unique fake WeChat openid (28 characters, like real ones). */
export function fakeOpenid(prefix = 'o'): string {
  return `${prefix}${randomBytes(14).toString('base64url')}`.slice(0, 28);
}

/** A resident by default; pass fields to make anyone else. */
export function buildUser(overrides: Partial<NewUser> = {}): NewUser {
  return { openid: fakeOpenid(), role: 'resident', name: '测试居民', ...overrides };
}

let reportSeq = 0;
/** A report document as the database holds it, for arranging statistics fixtures directly; override what matters. */
export function buildReportDoc(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  reportSeq += 1;
  return {
    _id: new Types.ObjectId(),
    no: `F${String(reportSeq).padStart(6, '0')}`,
    residentId: new Types.ObjectId(),
    idempotencyKey: `fixture-${reportSeq}`,
    channel: 'miniapp',
    anonymous: false,
    categoryCode: 'street_light',
    specialty: 'urban',
    description: '夹具报事',
    location: { lng: 118.7, lat: 32.1 },
    gridCode: null,
    gridPath: [],
    status: 'submitted',
    round: 1,
    timeline: [],
    ...overrides,
  };
}
