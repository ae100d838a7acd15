import Taro from '@tarojs/taro';
import type { Platform } from './types';
import { createWeappRecorder, speakWeapp, stopSpeakingWeapp, wechatFontPx } from './weapp-voice';

interface PrivacyResolve {
  (result: { event: 'agree' | 'disagree'; buttonId?: string }): void;
}
declare const wx: { onNeedPrivacyAuthorization?: (cb: (resolve: PrivacyResolve) => void) => void };

/** WeChat mini-program implementations. */
export const weapp: Platform = {
  name: 'weapp',
  async getLocation() {
    const r = await Taro.getLocation({ type: 'gcj02' });
    return { lng: r.longitude, lat: r.latitude };
  },
  async chooseLocation() {
    try {
      const r = await Taro.chooseLocation({});
      return { lng: r.longitude, lat: r.latitude, address: [r.address, r.name].filter(Boolean).join(' ') };
    } catch {
      return null; // cancelled
    }
  },
  async chooseImages(count) {
    const r = await Taro.chooseMedia({ count, mediaType: ['image'], sourceType: ['album', 'camera'], sizeType: ['compressed'] });
    // chooseMedia's compression is light; compressImage brings a phone photo well under a megabyte.
    return Promise.all(
      r.tempFiles.map(async (f) => {
        try {
          return (await Taro.compressImage({ src: f.tempFilePath, quality: 70 })).tempFilePath;
        } catch {
          return f.tempFilePath;
        }
      }),
    );
  },
  async loginCode() {
    return (await Taro.login()).code;
  },
  async requestSubscribe(templateIds) {
    if (templateIds.length === 0) return {};
    try {
      const r = (await Taro.requestSubscribeMessage({ tmplIds: templateIds, entityIds: [] } as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, string>;
      return Object.fromEntries(templateIds.map((id) => [id, r[id] ?? 'reject']));
    } catch {
      return null; // switched off or unavailable: the report goes in anyway
    }
  },
  createRecorder: createWeappRecorder,
  speak: speakWeapp,
  stopSpeaking: stopSpeakingWeapp,
  systemFontPx: wechatFontPx,
  onPrivacyNeeded(show) {
    wx.onNeedPrivacyAuthorization?.((resolve) => show((agreed) => resolve({ event: agreed ? 'agree' : 'disagree', buttonId: 'agree-privacy' })));
  },
};
