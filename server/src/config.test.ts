import { ConfigError, configKeys, loadConfig } from './config';

describe('loadConfig', () => {
  it('fills defaults for a development environment', () => {
    const config = loadConfig({ NODE_ENV: 'development' });

    expect(config).toMatchObject({ NODE_ENV: 'development', HOST: '127.0.0.1', PORT: 3000, EMBEDDED_DB: 'auto' });
    expect(config.MONGODB_URI).toBeUndefined();
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ NODE_ENV: 'test', MONGODB_URI: '', PORT: '' }).PORT).toBe(3000);
  });

  it('names every bad variable and the value it got', () => {
    const attempt = () => loadConfig({ NODE_ENV: 'test', PORT: '99999', MONGODB_URI: 'postgres://x', EMBEDDED_DB: 'sqlite' });

    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (err) {
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT');
      expect(problems).toContain('"99999"');
      expect(problems).toContain('MONGODB_URI');
      expect(problems).toContain('EMBEDDED_DB');
    }
  });

  it('reads boolean flags in their common spellings', () => {
    expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY: 'yes' }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY: '0' }).TRUST_PROXY).toBe(false);
  });
});

describe('configuration that cannot be weak', () => {
  const strong = 'q3VZ7mR+8tKp2wYx/NcE5hLd0JfGsA9u';
  const problemsOf = (env: Record<string, string>): string => {
    try {
      loadConfig(env);
      return '';
    } catch (err) {
      return (err as ConfigError).problems.join('\n');
    }
  };

  it('treats an unset NODE_ENV as production, which needs its own secret', () => {
    expect(problemsOf({})).toContain('AUTH_SECRET: required when NODE_ENV is production');
    expect(loadConfig({ AUTH_SECRET: strong }).NODE_ENV).toBe('production');
  });

  it('never signs with the published development secret outside development and test', () => {
    expect(problemsOf({ NODE_ENV: 'production', AUTH_SECRET: 'linli-development-secret-do-not-use-in-production' })).toContain('published');
    expect(loadConfig({ NODE_ENV: 'development' }).AUTH_SECRET).toBe('linli-development-secret-do-not-use-in-production');
  });

  it('refuses dev login in production whatever else is set', () => {
    const problems = problemsOf({ NODE_ENV: 'production', AUTH_SECRET: strong, DEV_LOGIN: 'true', ALLOW_DEV_LOGIN_IN_PRODUCTION: 'true' });

    expect(problems).toContain('DEV_LOGIN');
    expect(loadConfig({ NODE_ENV: 'test', DEV_LOGIN: 'true' }).DEV_LOGIN).toBe(true);
  });

  it.each([
    ['a repeated character', 'a'.repeat(32)],
    ['a repeated word', 'passwordpasswordpasswordpassword'],
    ['a repeated block', '0123456789abcdef0123456789abcdef'],
    ['a run of the alphabet', 'abcdefghijklmnopqrstuvwxyz012345'],
  ])('refuses %s as a secret', (_what, secret) => {
    expect(problemsOf({ NODE_ENV: 'production', AUTH_SECRET: secret })).toContain('AUTH_SECRET');
  });

  it('accepts secrets made the way the docs say (openssl rand -base64 48)', () => {
    const { randomBytes } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const made = Array.from({ length: 200 }, () => randomBytes(48).toString('base64'));

    expect(made.filter((secret) => problemsOf({ NODE_ENV: 'production', AUTH_SECRET: secret }) !== '')).toEqual([]);
    expect(problemsOf({ NODE_ENV: 'production', AUTH_SECRET: strong })).toBe('');
  });
});

describe('.env.example', () => {
  it('documents only variables the config accepts, with values it accepts', () => {
    const { readFileSync } = jest.requireActual<typeof import('node:fs')>('node:fs');
    const text = readFileSync(require.resolve('../../.env.example'), 'utf8');
    const pairs = text
      .split('\n')
      .map((l) => l.replace(/^#\s*/, ''))
      .filter((l) => /^[A-Z][A-Z0-9_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const);
    const env = Object.fromEntries(pairs.filter(([k]) => k !== 'MONGODB_URI'));

    expect(pairs.map(([k]) => k).filter((k) => !configKeys.includes(k))).toEqual([]);
    expect(configKeys.filter((k) => !pairs.some(([p]) => p === k))).toEqual([]);
    expect(() => loadConfig(env)).not.toThrow();
  });
});
