import Taro from '@tarojs/taro';
import { PlatformError, type Capability, type Platform, type Refusal } from './types';
import { compareVersions, MIN_BASE_LIBRARY } from '../lib/runtime-requirements';
import { stampWeapp } from './weapp-stamp';
import { createWeappRecorder, speakWeapp, stopSpeakingWeapp, wechatFontPx } from './weapp-voice';

interface PrivacyResolve {
  (result: { event: 'agree' | 'disagree'; buttonId?: string }): void;
}
declare const wx: {
  onNeedPrivacyAuthorization?: (cb: (resolve: PrivacyResolve) => void) => void;
  getPrivacySetting?: (o: { success(r: { needAuthorization: boolean }): void; fail(): void }) => void;
  openPrivacyContract?: (o?: object) => void;
  updateWeChatApp?: (o?: object) => void;
};

const scopeOf: Record<Capability, string> = { location: 'scope.userLocation', photos: 'scope.camera', microphone: 'scope.record' };

/** WeChat's failure, in the app's words: errno 104 is the privacy guide, "auth deny" a denied permission. */
export function refusal(err: unknown, capability: Capability | null): PlatformError {
  const e = (err ?? {}) as { errMsg?: string; errno?: number };
  const msg = e.errMsg ?? String(err);
  const reason: Refusal =
    e.errno === 104 || /privacy/i.test(msg) ? 'privacy' : /auth den|authorize|permission denied/i.test(msg) ? 'denied' : /cancel/i.test(msg) ? 'cancelled' : 'unavailable';
  return new PlatformError(reason, capability, msg);
}

/** WeChat mini-program implementations. */
export const weapp: Platform = {
  name: 'weapp',
  async getLocation() {
    try {
      const r = await Taro.getLocation({ type: 'gcj02' });
      return { lng: r.longitude, lat: r.latitude };
    } catch (err) {
      throw refusal(err, 'location');
    }
  },
  async chooseLocation() {
    try {
      const r = await Taro.chooseLocation({});
      return { lng: r.longitude, lat: r.latitude, address: [r.address, r.name].filter(Boolean).join(' ') };
    } catch (err) {
      const e = refusal(err, 'location');
      if (e.reason === 'cancelled') return null;
      throw e;
    }
  },
  async chooseImages(count, source = 'any') {
    let r: Taro.chooseMedia.SuccessCallbackResult;
    try {
      r = await Taro.chooseMedia({ count, mediaType: ['image'], sourceType: source === 'camera' ? ['camera'] : ['album', 'camera'], sizeType: ['compressed'] });
    } catch (err) {
      throw refusal(err, 'photos');
    }
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
  stampPhoto(path, lines) {
    return stampWeapp(path, lines).catch((err: unknown) => {
      throw refusal(err, 'photos');
    });
  },
  async loginCode() {
    return (await Taro.login()).code;
  },
  requestSubscribe(templateIds) {
    if (templateIds.length === 0) return Promise.resolve(null);
    // Called synchronously, so that WeChat still sees the tap that led here.
    return (Taro.requestSubscribeMessage({ tmplIds: templateIds, entityIds: [] } as Taro.requestSubscribeMessage.Option) as unknown as Promise<Record<string, string>>).then(
      (r) => Object.fromEntries(templateIds.map((id) => [id, r[id] ?? 'reject'])),
      () => null, // switched off or unavailable: the report goes in anyway
    );
  },
  openSettings() {
    // Synchronously too: WeChat opens its settings page only from a tap.
    return Taro.openSetting().then(
      (r) => Object.fromEntries((Object.keys(scopeOf) as Capability[]).map((c) => [c, r.authSetting[scopeOf[c] as keyof typeof r.authSetting] !== false])),
      () => null,
    );
  },
  createRecorder: createWeappRecorder,
  speak: speakWeapp,
  stopSpeaking: stopSpeakingWeapp,
  systemFontPx: wechatFontPx,
  onPrivacyNeeded(show) {
    wx.onNeedPrivacyAuthorization?.((resolve) => show((a) => resolve(a.agreed ? { event: 'agree', buttonId: a.buttonId } : { event: 'disagree' })));
  },
  privacyPending() {
    return new Promise((resolve) => {
      if (!wx.getPrivacySetting) return resolve(false);
      wx.getPrivacySetting({ success: (r) => resolve(r.needAuthorization), fail: () => resolve(false) });
    });
  },
  openPrivacyContract() {
    wx.openPrivacyContract?.({});
  },
  checkRuntime() {
    let version = '0';
    try {
      version = (Taro.getAppBaseInfo() as { SDKVersion?: string }).SDKVersion ?? '0';
    } catch {
      // Too old to say: treated as too old.
    }
    if (compareVersions(version, MIN_BASE_LIBRARY) >= 0) return;
    void Taro.showModal({
      title: '请升级微信',
      content: '当前微信版本过低，部分功能（定位、照片、录音）无法使用。请升级到最新版本后再打开。',
      confirmText: '去升级',
      showCancel: false,
    }).then(({ confirm }) => confirm && wx.updateWeChatApp?.({}));
  },
};
