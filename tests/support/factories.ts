import { randomBytes } from 'node:crypto';
import type { NewUser } from '../../server/src/modules/users/users.repository';

/** A unique fake WeChat openid (28 characters, like real ones). */
export function fakeOpenid(prefix = 'o'): string {
  return `${prefix}${randomBytes(14).toString('base64url')}`.slice(0, 28);
}

/** A resident by default; pass fields to make anyone else. */
export function buildUser(overrides: Partial<NewUser> = {}): NewUser {
  return { openid: fakeOpenid(), role: 'resident', name: '测试居民', ...overrides };
}
