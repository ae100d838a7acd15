import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import path from 'node:path';

// The shared domain package is TypeScript source; Taro compiles only its own src unless told.
const sharedSrc = path.resolve(__dirname, '../../shared/src');

/**
 * The API address baked into the weapp. A release (production) build must use an HTTPS domain registered in the
 * mini-program's admin console: WeChat refuses anything else for every user, so the build refuses it first.
 * Development builds (WeChat DevTools with domain checks off) may use a LAN address.
 */
export function weappApiBase(env: NodeJS.ProcessEnv, production: boolean): string {
  const api = (env.TARO_APP_API ?? '').trim().replace(/\/$/, '');
  if (!production) return api || 'http://127.0.0.1:3000';
  if (!/^https:\/\/[a-z0-9.-]+(:\d+)?$/i.test(api)) {
    throw new Error(
      [
        `build:weapp (release) needs TARO_APP_API set to the HTTPS origin of the API, registered as a request domain in the`,
        `mini-program admin console (开发管理 → 服务器域名), e.g. TARO_APP_API=https://api.example.gov.cn npm run build:weapp.`,
        api ? `It is "${api}", which WeChat would refuse.` : 'It is not set.',
        'For WeChat DevTools against a local server use: TARO_APP_API=http://<LAN address>:3000 npm run dev:weapp',
      ].join('\n'),
    );
  }
  return api;
}

/** Taro build configuration for weapp and H5; `prebundle` is off so builds work offline. */
export default defineConfig<'webpack5'>((_merge, { mode }) => {
  const production = mode === 'production' || process.env.NODE_ENV === 'production';
  const weapp = process.env.TARO_ENV === 'weapp';
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'linli',
    date: '2026-11-27',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    // Every process.env the app reads is replaced at build time: WeChat has no `process`, so one left in the bundle
    // stops the app at launch.
    env: {
      TARO_APP_API: JSON.stringify(weapp ? weappApiBase(process.env, production) : ''),
      TARO_APP_WECHATSI: JSON.stringify(process.env.TARO_APP_WECHATSI === '1' ? '1' : ''),
      TARO_APP_GESTURE_CHECK: JSON.stringify(process.env.TARO_APP_GESTURE_CHECK === 'off' ? 'off' : 'on'),
    },
    defineConstants: {},
    alias: {
      '@': path.resolve(__dirname, '..', 'src'),
    },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    // Which pages WeChat search may index: the home page only (sitemap.json).
    copy: weapp ? { patterns: [{ from: 'src/sitemap.json', to: 'dist/weapp/sitemap.json' }, { from: 'src/assets/map', to: 'dist/weapp/assets/map' }], options: {} } : { patterns: [], options: {} },
    mini: {
      compile: { include: [sharedSrc] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      optimizeMainPackage: { enable: true },
    },
    h5: {
      compile: { include: [sharedSrc] },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      devServer: { port: 10086 },
    },
  };
  if (production) {
    config.terser = { enable: true };
    config.csso = { enable: true };
  }
  return config;
});
