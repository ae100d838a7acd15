/** A finished clip on the device, ready to upload as media. */
export interface RecordedClip {
  path: string;
  durationMs: number;
  mime: string;
  /** What the platform's recogniser heard, when it has one (WechatSI on weapp). */
  transcript?: string;
}

/** What a device capability needs that a page can help with. */
export type Capability = 'location' | 'photos' | 'microphone';

/**
 * Why a platform call did not give what was asked: the user denied the permission (it stays denied until the settings
 * page), refused the privacy guide, cancelled the picker, or the device cannot do it.
 */
export type Refusal = 'denied' | 'privacy' | 'cancelled' | 'unavailable';

export class PlatformError extends Error {
  constructor(
    readonly reason: Refusal,
    readonly capability: Capability | null,
    message: string = reason,
  ) {
    super(message);
  }
}

/** The refusal behind an error, or 'unavailable' for anything else. */
export const refusalOf = (err: unknown): Refusal => (err instanceof PlatformError ? err.reason : 'unavailable');

/** One recording at a time; `level` (0–1) drives the meter, `transcript` streams live text where available. */
export interface VoiceRecorder {
  start(maxMs: number, on: { level(v: number): void; transcript?(text: string): void; error(message: string, reason?: Refusal): void }): Promise<void>;
  /** Finishes and answers the clip; null when nothing was recorded. */
  stop(): Promise<RecordedClip | null>;
  /** Stops and throws the recording away. */
  discard(): void;
}

/** What pages need from the platform; weapp and H5 implement it differently. */
export interface Platform {
  name: 'weapp' | 'h5';
  /** Current position in GCJ-02 (the coordinates grids are drawn in). */
  getLocation(): Promise<{ lng: number; lat: number }>;
  /** Let the resident adjust the point on a map; null where no map picker exists. */
  chooseLocation: null | (() => Promise<{ lng: number; lat: number; address: string } | null>);
  /** Pick up to `count` photos, compressed; answers local paths to upload. `camera`: taken now, not from the album. */
  chooseImages(count: number, source?: 'camera' | 'any'): Promise<string[]>;
  /** A copy of the photo with `lines` on a band along its bottom (水印: time and place on evidence photos). */
  stampPhoto(path: string, lines: string[]): Promise<string>;
  /** A wx.login code, or null where WeChat login does not exist (H5 uses the demo picker). */
  loginCode(): Promise<string | null>;
  /**
   * Ask to send status updates; null where subscribe messages do not exist or the user switched them off.
   * WeChat shows the dialog only when this is called in the synchronous part of a tap handler — before any await —
   * so callers start it first and await it later (lib/subscribe.ts).
   */
  requestSubscribe(templateIds: string[]): Promise<Record<string, string> | null>;
  /**
   * Opens the settings page where a denied permission is turned back on (WeChat: only from a tap) and answers which
   * capabilities are on afterwards; null where no such page can be opened (a browser's own settings).
   */
  openSettings(): Promise<Partial<Record<Capability, boolean>> | null>;
  /** A recorder for press-and-hold voice reports. */
  createRecorder(): VoiceRecorder;
  /** Reads text aloud (朗读); resolves when it has started, rejects where speech is unavailable. */
  speak(text: string): Promise<void>;
  stopSpeaking(): void;
  /** The user's system/WeChat font size in px (standard ≈ 16–17), which care mode scales from. */
  systemFontPx(): number;
  /**
   * Registers the consent popup for WeChat's privacy authorisation: WeChat holds a privacy API (location, photos,
   * microphone) until `answer` is called — agreeing only counts with the id of the agreePrivacyAuthorization button the
   * user tapped. Nothing elsewhere.
   */
  onPrivacyNeeded(show: (answer: (a: { agreed: true; buttonId: string } | { agreed: false }) => void) => void): void;
  /** Whether the user still has to agree to the privacy guide (asked on first launch). */
  privacyPending(): Promise<boolean>;
  /** Opens the privacy guide (隐私保护指引) configured for the mini-program. */
  openPrivacyContract(): void;
  /** The base library is at least what the app needs; below it the user is asked to update WeChat. */
  checkRuntime(): void;
}
