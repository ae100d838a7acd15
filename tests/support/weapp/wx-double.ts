// A strict double of the WeChat client runtime (`wx`) for the APIs this mini-program calls, written from WeChat's
// documentation (../shared/reference/wechat-platform.md). It fails the way WeChat fails:
//   - privacy-sensitive APIs fail with errno 104 until the user agreed through an agreePrivacyAuthorization button;
//     with a handler registered (onNeedPrivacyAuthorization) the call waits for the app's resolve() first;
//   - requestSubscribeMessage and openSetting fail outside the synchronous part of a tap handler;
//   - getLocation / chooseLocation fail unless app.json declares them in requiredPrivateInfos;
//   - a denied scope stays denied (no dialog again) until the user turns it on in openSetting;
//   - in a release build, request/uploadFile go only to HTTPS hosts registered for the app;
//   - RecorderManager.start refuses a sample rate / bit rate pair WeChat does not allow;
//   - chooseMedia from the camera alone asks for scope.camera and takes one photo, whatever the count;
//   - an offscreen canvas is 2d or webgl as created (getContext of the other type is null); it records what is drawn
//     (`drawn`) — there is no rasteriser here — and exports an image of its own size.
// Callbacks arrive asynchronously, as on a phone. APIs the app does not use are absent, so Taro exposes no stub for them.
import { randomBytes } from 'node:crypto';
import { solidPng } from '../png';

/** Width and height from a PNG's IHDR or a JPEG's SOF marker; null for anything else. */
export function imageSize(b: Buffer): { width: number; height: number } | null {
  if (b.length > 24 && b.readUInt32BE(0) === 0x89504e47) return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b[0] !== 0xff || b[1] !== 0xd8) return null;
  for (let i = 2; i + 9 < b.length; ) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    i += 2 + b.readUInt16BE(i + 2);
  }
  return null;
}

/** What the app drew on one offscreen canvas. */
export interface DrawnCanvas {
  width: number;
  height: number;
  images: { src: string; x: number; y: number; w: number; h: number }[];
  texts: { text: string; x: number; y: number; font: string }[];
  rects: { x: number; y: number; w: number; h: number; fillStyle: unknown }[];
}

export type Scope = 'scope.userLocation' | 'scope.record' | 'scope.camera' | 'scope.writePhotosAlbum';
type Callback = (r: Record<string, unknown>) => void;
interface Opts {
  success?: Callback;
  fail?: Callback;
  complete?: Callback;
  [key: string]: unknown;
}

export interface AppJson {
  requiredPrivateInfos?: string[];
  permission?: Record<string, { desc: string }>;
  tabBar?: { list: { pagePath: string }[] };
}

export interface WxDoubleOptions {
  /** The built app.json (requiredPrivateInfos, permission). */
  appJson: AppJson;
  /** A release build (体验版/正式版): only registered HTTPS domains are reachable. DevTools with checks off: false. */
  release: boolean;
  /** Registered request domains (host → where the double sends it, e.g. a test server's http://127.0.0.1:port). */
  domains: Record<string, string>;
  /** The base library version (SDKVersion). */
  sdkVersion?: string;
  /** Issues a wx.login code for the WeChat user holding the phone (the WeChat server double's codeFor). */
  loginCode?: () => string;
  /**
   * Issues a getPhoneNumber code for the phone number the user verified in WeChat (the server double's phoneCodeFor);
   * absent: the mini-program's account may not read phone numbers (not certified), and the button fails.
   */
  phoneCode?: () => string;
}

/** What the person holding the phone does when WeChat asks; tests set it before acting. */
export interface PhoneUser {
  /** The answer to WeChat's own permission dialog for each scope (asked once; a denial sticks). */
  answers: Partial<Record<Scope, 'allow' | 'deny'>>;
  /** Scopes the user turns on when the app opens WeChat's settings page. */
  turnsOnInSettings: Scope[];
  /** The device's position (GCJ-02). */
  position: { latitude: number; longitude: number } | null;
  /** Photos the user picks in chooseMedia (the album); none = the user cancels. */
  photos: Buffer[];
  /** What the microphone hears: the mp3 bytes a recording produces. */
  recording: Buffer;
  /** How the user answers the subscribe dialog, per template id (default accept). */
  subscribe: Record<string, 'accept' | 'reject'>;
  /** showModal: the user taps confirm (true) or cancel (false). */
  confirmsModals: boolean;
  /** WeChat's 手机号快速验证 sheet: the user allows their number to be shared, or refuses. */
  sharesPhone: 'allow' | 'deny';
}

export interface ShownToast {
  title: string;
  icon?: string;
}

const PRIVACY_APIS = new Set(['getLocation', 'chooseLocation', 'chooseMedia', 'chooseImage', 'startRecord']);

export class WxDouble {
  readonly user: PhoneUser = {
    answers: {},
    turnsOnInSettings: [],
    position: { latitude: 32.1, longitude: 118.7 },
    photos: [],
    recording: Buffer.concat([Buffer.from('ID3'), Buffer.from([4, 0, 0, 0, 0, 0, 0]), Buffer.alloc(400, 5)]),
    subscribe: {},
    confirmsModals: true,
    sharesPhone: 'allow',
  };
  /** Every call made, in order: for assertions about what the app asked. */
  readonly calls: { api: string; options: unknown; outcome?: string }[] = [];
  readonly toasts: ShownToast[] = [];
  readonly modals: { title?: string; content?: string }[] = [];
  readonly storage = new Map<string, unknown>();
  readonly files = new Map<string, Buffer>();
  readonly scopes = new Map<Scope, boolean>();
  privacyAgreed = false;
  privacyContractOpened = 0;
  settingsOpened = 0;
  /** > 0 while the runtime runs a tap handler's synchronous part. */
  tapDepth = 0;
  /** Where navigation goes (set by the mini-program runtime). */
  navigator: { go(kind: 'navigateTo' | 'redirectTo' | 'navigateBack' | 'switchTab' | 'reLaunch', url: string, delta?: number): Promise<void>; route(): string | undefined } | null = null;
  /** Every offscreen canvas the app drew on, in order. */
  readonly drawn: DrawnCanvas[] = [];
  /** The tab bar's badges as the user sees them, by index. */
  readonly tabBadges = new Map<number, string>();

  private privacyHandler: ((resolve: (r: { event: string; buttonId?: string }) => void) => void) | null = null;
  private privacyWaiting: { proceed(): void; refuse(): void }[] = [];
  private privacyAsked = false;
  /** Ids of agreePrivacyAuthorization buttons the user has tapped. */
  readonly agreeButtonsTapped = new Set<string>();
  private recorder: ReturnType<WxDouble['makeRecorder']> | null = null;

  constructor(private readonly opts: WxDoubleOptions) {}

  /** The `wx` object the app runs against. */
  readonly api: Record<string, unknown> = this.build();

  private tmp(bytes: Buffer, ext: string): string {
    const path = `wxfile://tmp_${randomBytes(6).toString('hex')}.${ext}`;
    this.files.set(path, bytes);
    return path;
  }

  /** Answers a call the WeChat way: asynchronously, success or fail, then complete. */
  private settle(api: string, o: Opts | undefined, outcome: { ok: true; result?: Record<string, unknown> } | { ok: false; reason: string; errno?: number }): void {
    const entry = [...this.calls].reverse().find((c) => c.api === api && c.outcome === undefined);
    if (entry) entry.outcome = outcome.ok ? 'ok' : outcome.reason;
    setTimeout(() => {
      if (outcome.ok) {
        const r = { errMsg: `${api}:ok`, ...(outcome.result ?? {}) };
        o?.success?.(r);
        o?.complete?.(r);
      } else {
        const r = { errMsg: `${api}:fail ${outcome.reason}`, ...(outcome.errno !== undefined ? { errno: outcome.errno } : {}) };
        o?.fail?.(r);
        o?.complete?.(r);
      }
    }, 0);
  }

  private record(api: string, options: unknown): void {
    this.calls.push({ api, options });
  }

  /** Runs `proceed` once the user agreed to the privacy guide; otherwise WeChat's errno 104. */
  private withPrivacy(api: string, proceed: () => void, refuse: () => void): void {
    if (this.privacyAgreed) return proceed();
    if (!this.privacyHandler) return refuse();
    this.privacyWaiting.push({ proceed, refuse });
    if (this.privacyAsked) return;
    this.privacyAsked = true;
    const handler = this.privacyHandler;
    setTimeout(() =>
      handler((r) => {
        this.privacyAsked = false;
        const waiting = this.privacyWaiting.splice(0);
        // WeChat accepts "agree" only with the id of an agreePrivacyAuthorization button the user tapped.
        const agreed = r?.event === 'agree' && !!r.buttonId && this.agreeButtonsTapped.has(r.buttonId);
        if (agreed) this.privacyAgreed = true;
        for (const w of waiting) (agreed ? w.proceed : w.refuse)();
      }),
    );
    void api;
  }

  private privacyRefusal = (api: string, o?: Opts) => () => this.settle(api, o, { ok: false, reason: 'privacy permission is not authorized', errno: 104 });

  /** WeChat's permission dialog for a scope: asked once; a denial sticks until the settings page. */
  private authorizeScope(scope: Scope): boolean {
    if (!this.scopes.has(scope)) this.scopes.set(scope, (this.user.answers[scope] ?? 'allow') === 'allow');
    return this.scopes.get(scope)!;
  }

  private reach(api: string, url: string): { ok: true; target: string } | { ok: false; reason: string } {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return { ok: false, reason: 'invalid url' };
    }
    const registered = this.opts.domains[u.host];
    if (this.opts.release && (u.protocol !== 'https:' || !registered)) return { ok: false, reason: `url not in domain list` };
    if (!registered) return { ok: false, reason: `connect ECONNREFUSED ${u.host}` };
    return { ok: true, target: `${registered}${u.pathname}${u.search}` };
  }

  /**
   * The user taps a getPhoneNumber button: a privacy interface (held for consent, errno 104 without it), then
   * WeChat's own sheet; the button's event carries a one-time code only when the user allowed it.
   */
  tapPhoneButton(fire: (detail: Record<string, unknown>) => void): void {
    this.record('getPhoneNumber', {});
    const failed = (why: string, errno?: number) => fire({ errMsg: `getPhoneNumber:fail ${why}`, ...(errno ? { errno } : {}) });
    this.withPrivacy(
      'getPhoneNumber',
      () => {
        if (!this.opts.phoneCode) return failed('no permission', 1400001);
        if (this.user.sharesPhone === 'deny') return failed('user deny');
        fire({ errMsg: 'getPhoneNumber:ok', code: this.opts.phoneCode() });
      },
      () => failed('privacy permission is not authorized', 104),
    );
  }

  /** The user taps an agreePrivacyAuthorization button: WeChat records the consent itself. */
  tapAgreeButton(id: string): void {
    this.agreeButtonsTapped.add(id);
    this.privacyAgreed = true;
  }

  /** An offscreen canvas: images load from the temp files the double holds; drawing is recorded, not rasterised. */
  private makeCanvas(type: string, width: number, height: number) {
    const drawn: DrawnCanvas = { width, height, images: [], texts: [], rects: [] };
    this.drawn.push(drawn);
    const files = this.files;
    const ctx = {
      fillStyle: '#000000' as unknown,
      font: '10px sans-serif',
      textBaseline: 'alphabetic',
      drawImage(image: { src?: string; complete?: boolean }, x: number, y: number, w: number, h: number) {
        if (!image?.complete) throw new Error('drawImage: the image has not loaded');
        drawn.images.push({ src: String(image.src), x, y, w, h });
      },
      fillRect(x: number, y: number, w: number, h: number) {
        drawn.rects.push({ x, y, w, h, fillStyle: ctx.fillStyle });
      },
      fillText(text: string, x: number, y: number) {
        drawn.texts.push({ text, x, y, font: ctx.font });
      },
      measureText: (text: string) => ({ width: text.length * 10 }),
    };
    return {
      width,
      height,
      drawnOn: drawn,
      getContext: (kind: string) => (kind === type ? ctx : null),
      createImage() {
        const image = { onload: null as null | (() => void), onerror: null as null | ((e: unknown) => void), complete: false, width: 0, height: 0, _src: '' };
        return Object.defineProperty(image, 'src', {
          get: () => image._src,
          set(v: string) {
            image._src = v;
            const size = files.get(v) && imageSize(files.get(v)!);
            setTimeout(() => {
              if (!size) return image.onerror?.({ errMsg: 'image load fail' });
              Object.assign(image, size, { complete: true });
              image.onload?.();
            }, 0);
          },
        });
      },
    };
  }

  private makeRecorder() {
    const listeners: Record<string, ((r: Record<string, unknown>) => void)[]> = {};
    const emit = (name: string, r: Record<string, unknown>) => setTimeout(() => (listeners[name] ?? []).forEach((f) => f(r)), 0);
    let started: number | null = null;
    let frames: ReturnType<typeof setInterval> | null = null;
    const on = (name: string) => (f: (r: Record<string, unknown>) => void) => (listeners[name] ??= []).push(f);
    return {
      onStart: on('start'),
      onStop: on('stop'),
      onError: on('error'),
      onFrameRecorded: on('frameRecorded'),
      onPause: on('pause'),
      onResume: on('resume'),
      onInterruptionBegin: on('interruptionBegin'),
      onInterruptionEnd: on('interruptionEnd'),
      start: (o: { duration?: number; sampleRate?: number; encodeBitRate?: number; format?: string } = {}) => {
        this.record('RecorderManager.start', o);
        const fail = (errMsg: string) => emit('error', { errMsg });
        const pairs: Record<number, [number, number]> = { 8000: [16000, 48000], 11025: [16000, 48000], 12000: [24000, 64000], 16000: [24000, 96000], 22050: [32000, 128000], 24000: [32000, 128000], 32000: [48000, 192000], 44100: [64000, 320000], 48000: [64000, 320000] };
        const range = pairs[o.sampleRate ?? 8000];
        if (!range || (o.encodeBitRate !== undefined && (o.encodeBitRate < range[0] || o.encodeBitRate > range[1]))) return fail('operateRecorder:fail encodeBitRate not match sampleRate');
        if ((o.duration ?? 60_000) > 600_000) return fail('operateRecorder:fail duration exceeds 600000');
        this.withPrivacy(
          'startRecord',
          () => {
            if (!this.authorizeScope('scope.record')) return fail('operateRecorder:fail auth deny');
            started = Date.now();
            emit('start', {});
            frames = setInterval(() => emit('frameRecorded', { frameBuffer: new ArrayBuffer(8), isLastFrame: false }), 100);
          },
          () => emit('error', { errMsg: 'operateRecorder:fail privacy permission is not authorized', errno: 104 }),
        );
      },
      stop: () => {
        this.record('RecorderManager.stop', {});
        if (frames) clearInterval(frames);
        frames = null;
        if (started === null) return;
        const duration = Date.now() - started;
        started = null;
        emit('stop', { tempFilePath: this.tmp(this.user.recording, 'mp3'), duration, fileSize: this.user.recording.length });
      },
      pause() {},
      resume() {},
    };
  }

  private build(): Record<string, unknown> {
    const declared = (api: string) => (this.opts.appJson.requiredPrivateInfos ?? []).includes(api);
    const wx: Record<string, unknown> = {
      // Storage
      getStorageSync: (key: string) => (this.storage.has(key) ? structuredClone(this.storage.get(key)) : ''),
      setStorageSync: (key: string, value: unknown) => void this.storage.set(key, structuredClone(value)),
      removeStorageSync: (key: string) => void this.storage.delete(key),

      // System
      getAppBaseInfo: () => ({ SDKVersion: this.opts.sdkVersion ?? '3.7.1', language: 'zh_CN', version: '8.0.54', theme: 'light', fontSizeSetting: 17, host: { env: 'WeChat' } }),
      getWindowInfo: () => ({ pixelRatio: 3, screenWidth: 390, screenHeight: 844, windowWidth: 390, windowHeight: 753, statusBarHeight: 47, safeArea: { top: 47, bottom: 810, left: 0, right: 390, width: 390, height: 763 } }),
      getDeviceInfo: () => ({ brand: 'iPhone', model: 'iPhone 14', system: 'iOS 17.5', platform: 'ios', benchmarkLevel: 1 }),
      getSystemInfoSync: () => ({ ...(wx.getAppBaseInfo as () => object)(), ...(wx.getWindowInfo as () => object)(), ...(wx.getDeviceInfo as () => object)() }),
      getAccountInfoSync: () => ({ miniProgram: { appId: 'wx_test_appid_0001', envVersion: this.opts.release ? 'release' : 'develop', version: '' } }),
      canIUse: () => true,
      nextTick: (f: () => void) => void Promise.resolve().then(f),
      updateWeChatApp: (o?: Opts) => {
        this.record('updateWeChatApp', o);
        this.settle('updateWeChatApp', o, { ok: true });
      },

      // UI
      showToast: (o: Opts) => {
        this.record('showToast', o);
        this.toasts.push({ title: String(o.title), ...(o.icon ? { icon: String(o.icon) } : {}) });
        this.settle('showToast', o, { ok: true });
      },
      hideToast: (o?: Opts) => this.settle('hideToast', o, { ok: true }),
      showLoading: (o: Opts) => this.settle('showLoading', o, { ok: true }),
      hideLoading: (o?: Opts) => this.settle('hideLoading', o, { ok: true }),
      showModal: (o: Opts) => {
        this.record('showModal', o);
        this.modals.push({ title: o.title as string, content: o.content as string });
        this.settle('showModal', o, { ok: true, result: { confirm: this.user.confirmsModals, cancel: !this.user.confirmsModals } });
      },
      stopPullDownRefresh: (o?: Opts) => this.settle('stopPullDownRefresh', o, { ok: true }),
      setNavigationBarTitle: (o: Opts) => this.settle('setNavigationBarTitle', o, { ok: true }),
      pageScrollTo: (o: Opts) => this.settle('pageScrollTo', o, { ok: true }),
      previewImage: (o: Opts) => {
        this.record('previewImage', o);
        this.settle('previewImage', o, { ok: true });
      },
      // Tab bar badges: only from a tab page, and only for an index the tab bar has (WeChat's own failures).
      ...Object.fromEntries(
        (['setTabBarBadge', 'removeTabBarBadge'] as const).map((api) => [
          api,
          (o: Opts) => {
            this.record(api, o);
            const tabs = (this.opts.appJson.tabBar?.list ?? []).map((t) => t.pagePath);
            const index = Number(o.index);
            if (!tabs.includes(this.navigator?.route() ?? '')) return this.settle(api, o, { ok: false, reason: 'not TabBar page' });
            if (!Number.isInteger(index) || index < 0 || index >= tabs.length) return this.settle(api, o, { ok: false, reason: 'tabbar item not found' });
            if (api === 'setTabBarBadge') this.tabBadges.set(index, String(o.text));
            else this.tabBadges.delete(index);
            this.settle(api, o, { ok: true });
          },
        ]),
      ),
      // The system dialog to call; a number of digits only (and -), as WeChat checks it.
      makePhoneCall: (o: Opts) => {
        this.record('makePhoneCall', o);
        if (!/^[0-9-]{3,20}$/.test(String(o.phoneNumber ?? ''))) return this.settle('makePhoneCall', o, { ok: false, reason: 'parameter error: parameter.phoneNumber should be String' });
        this.settle('makePhoneCall', o, { ok: true });
      },
      openLocation: (o: Opts) => {
        this.record('openLocation', o);
        this.settle('openLocation', o, { ok: true });
      },

      // Navigation
      ...Object.fromEntries(
        (['navigateTo', 'redirectTo', 'switchTab', 'reLaunch', 'navigateBack'] as const).map((kind) => [
          kind,
          (o: Opts) => {
            this.record(kind, o);
            if (!this.navigator) return this.settle(kind, o, { ok: false, reason: 'no runtime' });
            this.navigator.go(kind, String(o.url ?? ''), o.delta as number | undefined).then(
              () => this.settle(kind, o, { ok: true }),
              (err: Error) => this.settle(kind, o, { ok: false, reason: err.message }),
            );
          },
        ]),
      ),

      // Login and network
      login: (o: Opts) => {
        this.record('login', o);
        if (!this.opts.loginCode) return this.settle('login', o, { ok: false, reason: 'no WeChat server' });
        this.settle('login', o, { ok: true, result: { code: this.opts.loginCode() } });
      },
      request: (o: Opts) => {
        this.record('request', { url: o.url, method: o.method });
        const to = this.reach('request', String(o.url));
        if (!to.ok) return this.settle('request', o, { ok: false, reason: to.reason });
        const headers = Object.fromEntries(Object.entries((o.header ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
        const method = String(o.method ?? 'GET').toUpperCase();
        const hasBody = method !== 'GET' && o.data !== undefined;
        let target = to.target;
        if (method === 'GET' && o.data && typeof o.data === 'object') {
          const q = new URLSearchParams(Object.entries(o.data as Record<string, string>).map(([k, v]) => [k, String(v)]));
          target += (target.includes('?') ? '&' : '?') + q;
        }
        fetch(target, { method, headers, ...(hasBody ? { body: typeof o.data === 'string' ? o.data : JSON.stringify(o.data) } : {}) }).then(
          async (res) => {
            const text = await res.text();
            let data: unknown = text;
            if ((o.dataType ?? 'json') === 'json') {
              try {
                data = JSON.parse(text);
              } catch {
                data = text;
              }
            }
            this.settle('request', o, { ok: true, result: { statusCode: res.status, data, header: Object.fromEntries(res.headers) } });
          },
          (err: Error) => this.settle('request', o, { ok: false, reason: err.message }),
        );
      },
      uploadFile: (o: Opts) => {
        this.record('uploadFile', { url: o.url, filePath: o.filePath });
        const progress: ((p: Record<string, number>) => void)[] = [];
        const task = { onProgressUpdate: (f: (p: Record<string, number>) => void) => progress.push(f), abort() {}, offProgressUpdate() {} };
        const to = this.reach('uploadFile', String(o.url));
        if (!to.ok) {
          this.settle('uploadFile', o, { ok: false, reason: to.reason });
          return task;
        }
        const bytes = this.files.get(String(o.filePath));
        if (!bytes) {
          this.settle('uploadFile', o, { ok: false, reason: 'file not found' });
          return task;
        }
        const form = new FormData();
        for (const [k, v] of Object.entries((o.formData ?? {}) as Record<string, string>)) form.append(k, v);
        form.append(String(o.name), new Blob([new Uint8Array(bytes)]), String(o.filePath).split('/').pop());
        fetch(to.target, { method: 'POST', headers: (o.header ?? {}) as Record<string, string>, body: form }).then(
          async (res) => {
            progress.forEach((f) => f({ progress: 100, totalBytesSent: bytes.length, totalBytesExpectedToSend: bytes.length }));
            this.settle('uploadFile', o, { ok: true, result: { statusCode: res.status, data: await res.text() } });
          },
          (err: Error) => this.settle('uploadFile', o, { ok: false, reason: err.message }),
        );
        return task;
      },

      // Privacy
      onNeedPrivacyAuthorization: (handler: WxDouble['privacyHandler']) => {
        this.record('onNeedPrivacyAuthorization', {});
        this.privacyHandler = handler;
      },
      getPrivacySetting: (o: Opts) => {
        this.settle('getPrivacySetting', o, { ok: true, result: { needAuthorization: !this.privacyAgreed, privacyContractName: '《邻里报事小程序隐私保护指引》' } });
      },
      openPrivacyContract: (o?: Opts) => {
        this.record('openPrivacyContract', o);
        this.privacyContractOpened += 1;
        this.settle('openPrivacyContract', o, { ok: true });
      },

      // Permissions
      getSetting: (o: Opts) => {
        this.settle('getSetting', o, { ok: true, result: { authSetting: Object.fromEntries(this.scopes) } });
      },
      authorize: (o: Opts) => {
        this.record('authorize', o);
        const scope = o.scope as Scope;
        this.settle('authorize', o, this.authorizeScope(scope) ? { ok: true } : { ok: false, reason: 'auth deny' });
      },
      openSetting: (o?: Opts) => {
        this.record('openSetting', o);
        if (this.tapDepth === 0) return this.settle('openSetting', o, { ok: false, reason: 'can only be invoked by user TAP gesture.' });
        this.settingsOpened += 1;
        for (const s of this.user.turnsOnInSettings) this.scopes.set(s, true);
        this.settle('openSetting', o, { ok: true, result: { authSetting: Object.fromEntries(this.scopes) } });
      },

      // Location
      getLocation: (o: Opts) => {
        this.record('getLocation', o);
        if (!declared('getLocation')) return this.settle('getLocation', o, { ok: false, reason: 'the api need to be declared in the requiredPrivateInfos field in app.json/ext.json' });
        this.withPrivacy(
          'getLocation',
          () => {
            if (!this.authorizeScope('scope.userLocation')) return this.settle('getLocation', o, { ok: false, reason: 'auth deny' });
            if (!this.user.position) return this.settle('getLocation', o, { ok: false, reason: 'system permission denied' });
            this.settle('getLocation', o, { ok: true, result: { ...this.user.position, speed: 0, accuracy: 30, altitude: 0, verticalAccuracy: 0, horizontalAccuracy: 30 } });
          },
          this.privacyRefusal('getLocation', o),
        );
      },
      chooseLocation: (o: Opts) => {
        this.record('chooseLocation', o);
        if (!declared('chooseLocation')) return this.settle('chooseLocation', o, { ok: false, reason: 'the api need to be declared in the requiredPrivateInfos field in app.json/ext.json' });
        this.withPrivacy(
          'chooseLocation',
          () =>
            this.user.position
              ? this.settle('chooseLocation', o, { ok: true, result: { ...this.user.position, name: '选定位置', address: '示例路1号' } })
              : this.settle('chooseLocation', o, { ok: false, reason: 'cancel' }),
          this.privacyRefusal('chooseLocation', o),
        );
      },

      // Media
      chooseMedia: (o: Opts) => {
        this.record('chooseMedia', o);
        const count = Number(o.count ?? 9);
        if (count > 20 || count < 1) return this.settle('chooseMedia', o, { ok: false, reason: 'parameter error: count should be between 1 and 20' });
        this.withPrivacy(
          'chooseMedia',
          () => {
            const cameraOnly = Array.isArray(o.sourceType) && o.sourceType.length === 1 && o.sourceType[0] === 'camera';
            if (cameraOnly && !this.authorizeScope('scope.camera')) return this.settle('chooseMedia', o, { ok: false, reason: 'auth deny' });
            if (this.user.photos.length === 0) return this.settle('chooseMedia', o, { ok: false, reason: 'cancel' });
            const tempFiles = this.user.photos.slice(0, cameraOnly ? 1 : count).map((b) => ({ tempFilePath: this.tmp(b, 'jpg'), size: b.length, fileType: 'image', ...(imageSize(b) ?? { width: 0, height: 0 }) }));
            this.settle('chooseMedia', o, { ok: true, result: { tempFiles, type: 'image' } });
          },
          this.privacyRefusal('chooseMedia', o),
        );
      },
      compressImage: (o: Opts) => {
        this.record('compressImage', o);
        const bytes = this.files.get(String(o.src));
        if (!bytes) return this.settle('compressImage', o, { ok: false, reason: 'file not found' });
        this.settle('compressImage', o, { ok: true, result: { tempFilePath: this.tmp(bytes, 'jpg') } });
      },
      getImageInfo: (o: Opts) => {
        this.record('getImageInfo', o);
        const bytes = this.files.get(String(o.src));
        const size = bytes && imageSize(bytes);
        if (!size) return this.settle('getImageInfo', o, { ok: false, reason: bytes ? 'invalid image' : 'file not found' });
        this.settle('getImageInfo', o, { ok: true, result: { ...size, path: o.src, orientation: 'up', type: 'png' } });
      },
      createOffscreenCanvas: (o: { type?: string; width?: number; height?: number } = {}) => {
        this.record('createOffscreenCanvas', o);
        return this.makeCanvas(o.type ?? 'webgl', Number(o.width ?? 300), Number(o.height ?? 150));
      },
      canvasToTempFilePath: (o: Opts) => {
        this.record('canvasToTempFilePath', { fileType: o.fileType, quality: o.quality });
        const drawn = (o.canvas as { drawnOn?: DrawnCanvas } | undefined)?.drawnOn;
        if (!drawn) return this.settle('canvasToTempFilePath', o, { ok: false, reason: 'canvas is empty' });
        this.settle('canvasToTempFilePath', o, { ok: true, result: { tempFilePath: this.tmp(solidPng(drawn.width, drawn.height, [90, 90, 90]), String(o.fileType ?? 'png')) } });
      },
      getRecorderManager: () => (this.recorder ??= this.makeRecorder()),
      createInnerAudioContext: () => ({ src: '', play() {}, pause() {}, stop() {}, destroy() {}, onEnded() {}, onError() {}, onPlay() {}, onStop() {}, offEnded() {} }),

      // Subscribe messages
      requestSubscribeMessage: (o: Opts) => {
        this.record('requestSubscribeMessage', o);
        // WeChat shows the dialog only from the synchronous part of a tap handler.
        if (this.tapDepth === 0) return this.settle('requestSubscribeMessage', o, { ok: false, reason: 'can only be invoked by user TAP gesture.', errno: 10005 });
        const ids = (o.tmplIds ?? []) as string[];
        if (ids.length === 0) return this.settle('requestSubscribeMessage', o, { ok: false, reason: 'TmplIds can not be empty', errno: 10001 });
        if (ids.length > 3) return this.settle('requestSubscribeMessage', o, { ok: false, reason: 'Templates count out of max bounds', errno: 20003 });
        this.settle('requestSubscribeMessage', o, { ok: true, result: Object.fromEntries(ids.map((id) => [id, this.user.subscribe[id] ?? 'accept'])) });
      },
    };
    // WeChat (base library ≥ 2.10.2): an asynchronous API called without success/fail/complete returns a Promise.
    // Taro passes callbacks for the APIs it knows; others (chooseMedia in Taro 4.2) rely on this.
    const syncOrTask = new Set(['getStorageSync', 'setStorageSync', 'removeStorageSync', 'getAppBaseInfo', 'getWindowInfo', 'getDeviceInfo', 'getSystemInfoSync', 'getAccountInfoSync', 'canIUse', 'nextTick', 'request', 'uploadFile', 'getRecorderManager', 'createInnerAudioContext', 'createOffscreenCanvas', 'onNeedPrivacyAuthorization']);
    for (const [name, fn] of Object.entries(wx)) {
      if (syncOrTask.has(name) || typeof fn !== 'function') continue;
      wx[name] = (o: Opts = {}, ...rest: unknown[]) => {
        if (o && typeof o === 'object' && !o.success && !o.fail && !o.complete) {
          return new Promise((resolve, reject) => (fn as (o: Opts, ...r: unknown[]) => unknown)({ ...o, success: resolve, fail: reject }, ...rest));
        }
        return (fn as (o: Opts, ...r: unknown[]) => unknown)(o, ...rest);
      };
    }
    return wx;
  }
}

/** A `wx` whose every privacy API is asked from outside: for one-line checks in tests. */
export const isPrivacyApi = (api: string) => PRIVACY_APIS.has(api);
