import Taro from '@tarojs/taro';
import type { RecordedClip, Refusal, VoiceRecorder } from './types';

/** WechatSI (同声传译): only in builds made with TARO_APP_WECHATSI=1, whose AppID is allowed to use the plug-in. */
interface RecognitionManager {
  start(o: { duration: number; lang: string }): void;
  stop(): void;
  onRecognize: (r: { result: string }) => void;
  onStop: (r: { tempFilePath: string; duration: number; fileSize: number; result: string }) => void;
  onError: (r: { retcode: number; msg: string }) => void;
}
interface WechatSI {
  getRecordRecognitionManager(): RecognitionManager;
  textToSpeech(o: { lang: string; tts: boolean; content: string; success(r: { filename: string }): void; fail(e: unknown): void }): void;
}
declare const requirePlugin: ((name: string) => unknown) | undefined;

function wechatSI(): WechatSI | null {
  if (process.env.TARO_APP_WECHATSI !== '1' || typeof requirePlugin !== 'function') return null;
  try {
    return requirePlugin('WechatSI') as WechatSI;
  } catch {
    return null;
  }
}

// mp3 at 16 kHz mono: 48 kbps is inside the 24–96 kbps WeChat allows for that rate (others make start() fail).
const MP3_16K = { sampleRate: 16_000, numberOfChannels: 1, encodeBitRate: 48_000, format: 'mp3', frameSize: 1 } as const;

/** The RecorderManager (mp3), or WechatSI's recognition manager when the plug-in is available for live text. */
export function createWeappRecorder(): VoiceRecorder {
  const si = wechatSI();
  let settle: ((clip: RecordedClip | null) => void) | null = null;
  let discarding = false;
  let pulse: ReturnType<typeof setInterval> | null = null;
  const endPulse = () => {
    if (pulse) clearInterval(pulse);
    pulse = null;
  };
  const finish = (clip: RecordedClip | null) => {
    endPulse();
    const s = settle;
    settle = null;
    s?.(discarding ? null : clip);
    discarding = false;
  };

  if (si) {
    const manager = si.getRecordRecognitionManager();
    let onText: ((t: string) => void) | undefined;
    let onError: ((m: string) => void) | undefined;
    manager.onRecognize = (r) => onText?.(r.result);
    manager.onStop = (r) => finish(r.tempFilePath ? { path: r.tempFilePath, durationMs: r.duration, mime: 'audio/mpeg', ...(r.result ? { transcript: r.result } : {}) } : null);
    manager.onError = (r) => {
      onError?.(`录音识别出错（${r.retcode}），请重试`);
      finish(null);
    };
    return {
      async start(maxMs, on) {
        onText = on.transcript;
        onError = on.error;
        discarding = false;
        manager.start({ duration: maxMs, lang: 'zh_CN' });
        // The plug-in reports no loudness: the meter shows that recording is live.
        pulse = setInterval(() => on.level(0.3 + Math.random() * 0.5), 150);
      },
      stop() {
        return new Promise((resolve) => {
          settle = resolve;
          manager.stop();
        });
      },
      discard() {
        discarding = true;
        endPulse();
        manager.stop();
      },
    };
  }

  const manager = Taro.getRecorderManager();
  let onError: ((m: string, reason?: Refusal) => void) | undefined;
  let onLevel: ((v: number) => void) | undefined;
  // WeChat may hold the start (the privacy consent, the microphone dialog): a release before it began records nothing.
  let live = false;
  let released = false;
  manager.onStop((r) => {
    live = false;
    finish(r.tempFilePath ? { path: r.tempFilePath, durationMs: r.duration, mime: 'audio/mpeg' } : null);
  });
  manager.onError((e) => {
    const err = e as { errMsg: string; errno?: number };
    if (err.errno === 104 || /privacy/i.test(err.errMsg)) onError?.('需要先同意隐私保护指引，才能录音', 'privacy');
    else if (/auth|permission/i.test(err.errMsg)) onError?.('没有麦克风权限：请到设置里打开“麦克风”', 'denied');
    else onError?.('录音失败，请重试');
    finish(null);
  });
  // mp3 frames do not expose loudness; their arrival shows the microphone is live.
  manager.onFrameRecorded(() => onLevel?.(0.35 + Math.random() * 0.5));
  manager.onStart(() => {
    live = true;
    if (released) manager.stop();
  });
  return {
    async start(maxMs, on) {
      onError = on.error;
      onLevel = on.level;
      discarding = false;
      released = false;
      manager.start({ duration: maxMs, ...MP3_16K });
    },
    stop() {
      released = true;
      if (!live) return Promise.resolve(null);
      return new Promise((resolve) => {
        settle = resolve;
        manager.stop();
      });
    },
    discard() {
      discarding = true;
      released = true;
      if (live) manager.stop();
    },
  };
}

let player: Taro.InnerAudioContext | null = null;

/** 朗读 through WechatSI's textToSpeech (its audio URL is valid for 3 hours); rejects without the plug-in. */
export function speakWeapp(text: string): Promise<void> {
  const si = wechatSI();
  if (!si) return Promise.reject(new Error('no WechatSI'));
  // The plug-in takes at most 1000 bytes: about 330 Chinese characters.
  const content = Array.from(text).slice(0, 330).join('');
  return new Promise((resolve, reject) => {
    si.textToSpeech({
      lang: 'zh_CN',
      tts: true,
      content,
      success(r) {
        player?.destroy();
        player = Taro.createInnerAudioContext();
        player.src = r.filename;
        player.play();
        resolve();
      },
      fail: reject,
    });
  });
}

export function stopSpeakingWeapp(): void {
  player?.stop();
}

/** WeChat's font size setting in px (standard 17 on iOS, 16 on Android; larger in WeChat's care mode). */
export function wechatFontPx(): number {
  try {
    // WeChat documents fontSizeSetting on getAppBaseInfo; Taro's typings do not list it yet.
    const info = Taro.getAppBaseInfo() as { fontSizeSetting?: number };
    return info.fontSizeSetting ?? 17;
  } catch {
    return 17;
  }
}
