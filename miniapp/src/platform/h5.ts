import Taro from '@tarojs/taro';
import { wgs84ToGcj02 } from '@linli/shared';
import { browserFontPx, createH5Recorder, speakH5 } from './h5-voice';
import { PlatformError, type Platform } from './types';
import { drawStamp } from './stamp';

/** Shrinks a picked photo to at most 1600 px on its long side, as JPEG, before upload. */
async function compress(src: string): Promise<string> {
  const img = new Image();
  img.src = src;
  try {
    await img.decode();
  } catch {
    return src;
  }
  const scale = Math.min(1, 1600 / Math.max(img.naturalWidth, img.naturalHeight));
  if (scale === 1 && src.startsWith('blob:')) return src;
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
  canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
  canvas.getContext('2d')?.drawImage(img, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.8));
  return blob ? URL.createObjectURL(blob) : src;
}

/** Browser implementations for the H5 build. */
export const h5: Platform = {
  name: 'h5',
  getLocation() {
    return new Promise((resolve, reject) => {
      if (!navigator.geolocation) return reject(new PlatformError('unavailable', 'location', 'no geolocation'));
      navigator.geolocation.getCurrentPosition(
        (p) => resolve(wgs84ToGcj02({ lng: p.coords.longitude, lat: p.coords.latitude })),
        (e) => reject(new PlatformError(e.code === e.PERMISSION_DENIED ? 'denied' : 'unavailable', 'location', e.message)),
        { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
      );
    });
  },
  chooseLocation: null,
  async chooseImages(count, source = 'any') {
    let r: Taro.chooseImage.SuccessCallbackResult;
    try {
      r = await Taro.chooseImage({ count, sizeType: ['compressed'], sourceType: source === 'camera' ? ['camera'] : ['album', 'camera'] });
    } catch (err) {
      throw new PlatformError('cancelled', 'photos', String((err as { errMsg?: string }).errMsg ?? err));
    }
    return Promise.all(r.tempFilePaths.map(compress));
  },
  async stampPhoto(path, lines) {
    const img = new Image();
    img.src = path;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new PlatformError('unavailable', 'photos', 'no canvas');
    drawStamp(ctx, img, canvas.width, canvas.height, lines);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    if (!blob) throw new PlatformError('unavailable', 'photos', 'the stamped photo could not be encoded');
    return URL.createObjectURL(blob);
  },
  async loginCode() {
    return null;
  },
  requestSubscribe() {
    // No subscribe messages in a browser, but WeChat's rule is kept so that a regression shows in the H5 tests too.
    assertInTap('requestSubscribeMessage');
    return Promise.resolve(null);
  },
  openSettings() {
    assertInTap('openSetting');
    return Promise.resolve(null);
  },
  createRecorder: createH5Recorder,
  speak: speakH5,
  stopSpeaking() {
    if (typeof speechSynthesis !== 'undefined') speechSynthesis.cancel();
  },
  systemFontPx: browserFontPx,
  onPrivacyNeeded() {},
  privacyPending: () => Promise.resolve(false),
  openPrivacyContract() {},
  checkRuntime() {},
};

/**
 * WeChat accepts gesture-bound calls only in the synchronous part of a tap handler. In a browser, `window.event` is
 * the event being dispatched exactly while its listeners run (not in a promise continuation), so the same rule can be
 * checked; builds made with TARO_APP_GESTURE_CHECK=off skip it.
 */
function assertInTap(api: string): void {
  if (process.env.TARO_APP_GESTURE_CHECK === 'off') return;
  const e = (window as { event?: Event }).event;
  if (!e || !['click', 'touchend', 'pointerup', 'keydown', 'keyup'].includes(e.type)) {
    throw new Error(`${api}: can only be invoked by user TAP gesture (call it before any await in the tap handler)`);
  }
}
