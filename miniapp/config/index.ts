import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import path from 'node:path';

// The shared domain package is TypeScript source; Taro compiles only its own src unless told.
const sharedSrc = path.resolve(__dirname, '../../shared/src');

/** Taro build configuration for weapp and H5; `prebundle` is off so builds work offline. */
export default defineConfig<'webpack5'>((_merge, { mode }) => {
  const production = mode === 'production' || process.env.NODE_ENV === 'production';
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'linli',
    date: '2026-11-27',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {},
    alias: {
      '@': path.resolve(__dirname, '..', 'src'),
    },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
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
