import { taroStore } from './storage';

const KEY = 'linli.callback';

/** The call-back number is bound once on this phone: the next report, typed or spoken, offers the same one. */
export const callbackNumber = {
  get: (): string | null => taroStore.get<string>(KEY) ?? null,
  remember: (phone: string): void => taroStore.set(KEY, phone),
};
