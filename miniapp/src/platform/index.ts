import { h5 } from './h5';
import type { Platform } from './types';
import { weapp } from './weapp';

/** The adapter for the platform this build targets; pages never check TARO_ENV themselves. */
export const platform: Platform = process.env.TARO_ENV === 'h5' ? h5 : weapp;
export type { Platform };
