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
  /** Registers the handler for WeChat's privacy authorisation; nothing elsewhere. */
  onPrivacyNeeded(show: (resolve: (agreed: boolean) => void) => void): void;
}
