import Taro from '@tarojs/taro';

/** The key-value storage drafts and settings live in; an interface so the logic can be tested without Taro. */
export interface KeyValueStore {
  get<T>(key: string): T | null;
  set(key: string, value: unknown): void;
  remove(key: string): void;
}

export const taroStore: KeyValueStore = {
  get<T>(key: string): T | null {
    const v = Taro.getStorageSync<T | ''>(key);
    return v === '' || v === undefined ? null : (v as T);
  },
  set: (key, value) => Taro.setStorageSync(key, value),
  remove: (key) => Taro.removeStorageSync(key),
};

/** Every key this app writes, for "clear local data". */
export const appKeys = ['linli.session', 'linli.draft', 'linli.careMode', 'linli.privacyAgreed', 'linli.actionQueue', 'linli.callback'];
