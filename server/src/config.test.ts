import { ConfigError, configKeys, loadConfig } from './config';

describe('loadConfig', () => {
  it('fills defaults for a bare environment', () => {
    const config = loadConfig({});

    expect(config).toMatchObject({ NODE_ENV: 'development', HOST: '127.0.0.1', PORT: 3000, EMBEDDED_DB: 'auto' });
    expect(config.MONGODB_URI).toBeUndefined();
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ MONGODB_URI: '', PORT: '' }).PORT).toBe(3000);
  });

  it('names every bad variable and the value it got', () => {
    const attempt = () => loadConfig({ PORT: '99999', MONGODB_URI: 'postgres://x', EMBEDDED_DB: 'sqlite' });

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
    expect(loadConfig({ TRUST_PROXY: 'yes' }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '0' }).TRUST_PROXY).toBe(false);
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
    const env = Object.fromEntries(pairs.filter(([k]) => k !== 'NODE_ENV' && k !== 'MONGODB_URI'));

    expect(pairs.map(([k]) => k).filter((k) => !configKeys.includes(k))).toEqual([]);
    expect(configKeys.filter((k) => !pairs.some(([p]) => p === k))).toEqual([]);
    expect(() => loadConfig(env)).not.toThrow();
  });
});
