import { z } from 'zod';
import { plainText, withoutInvisible } from './text';

describe('plain text', () => {
  it('drops control characters, zero-width marks and bidi overrides but keeps newlines and tabs', () => {
    expect(withoutInvisible('路灯\u0000不亮\u200B了\u202E\n第二行\t完')).toBe('路灯不亮了\n第二行\t完');
  });

  it('checks the length of what is left, so invisible padding cannot pass or fail a limit', () => {
    const name = plainText(z.string().trim().min(1, '姓名不能为空').max(4));
    expect(name.safeParse('\u0007\u200B').success).toBe(false);
    expect(name.parse('张\u0000三\u200D')).toBe('张三');
  });
});
