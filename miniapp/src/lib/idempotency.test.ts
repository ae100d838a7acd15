import { idempotencyKeySchema } from '@linli/shared';
import { newIdempotencyKey } from './idempotency';

describe('newIdempotencyKey', () => {
  it('makes keys the server accepts, different each time', () => {
    const keys = Array.from({ length: 50 }, () => newIdempotencyKey());

    expect(keys.every((k) => idempotencyKeySchema.safeParse(k).success)).toBe(true);
    expect(new Set(keys).size).toBe(50);
  });
});
