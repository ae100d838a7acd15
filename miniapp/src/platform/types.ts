/** A finished clip on the device, ready to upload as media. */
export interface RecordedClip {
  path: string;
  durationMs: number;
  mime: string;
  /** What the platform's recogniser heard, when it has one (WechatSI on weapp). */
  transcript?: string;
}

/** One recording at a time; `level` (0–1) drives the meter, `transcript` streams live text where available. */
export interface VoiceRecorder {
  start(maxMs: number, on: { level(v: number): void; transcript?(text: string): void; error(message: string): void }): Promise<void>;
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
  /** Pick up to `count` photos, compressed; answers local paths to upload. */
  chooseImages(count: number): Promise<string[]>;
  /** A wx.login code, or null where WeChat login does not exist (H5 uses the demo picker). */
  loginCode(): Promise<string | null>;
  /** Ask to send status updates; null where subscribe messages do not exist. */
  requestSubscribe(templateIds: string[]): Promise<Record<string, string> | null>;
  /** A recorder for press-and-hold voice reports. */
  createRecorder(): VoiceRecorder;
  /** Reads text aloud (朗读); resolves when it has started, rejects where speech is unavailable. */
  speak(text: string): Promise<void>;
  stopSpeaking(): void;
  /** The user's system/WeChat font size in px (standard ≈ 16–17), which care mode scales from. */
  systemFontPx(): number;
  /** Registers the handler for WeChat's privacy authorisation; nothing elsewhere. */
  onPrivacyNeeded(show: (resolve: (agreed: boolean) => void) => void): void;
}
