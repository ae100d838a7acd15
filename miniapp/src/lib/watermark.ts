const pad = (n: number) => String(n).padStart(2, '0');
const weekdays = ['日', '一', '二', '三', '四', '五', '六'];

export interface WatermarkFacts {
  at: Date;
  /** Where the photo was taken (GCJ-02); null when the worker's position could not be had. */
  position: { lng: number; lat: number } | null;
  /** The grid the position falls in, or the report's grid. */
  place: string;
  who: string;
  reportNo: string | null;
}

/**
 * The lines stamped on an evidence photo (水印), as a 水印相机 does: Beijing time to the minute, the place, the
 * coordinates, who took it for which report. A photo without a position says so instead of leaving it out.
 */
export function watermarkLines(f: WatermarkFacts): string[] {
  const d = new Date(f.at.getTime() + 8 * 3_600_000);
  const when = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} 星期${weekdays[d.getUTCDay()]}`;
  const where = f.position ? `${f.position.lng.toFixed(5)}E, ${f.position.lat.toFixed(5)}N` : '未获取到定位';
  return [when, f.place, where, [f.who, f.reportNo ? `报事 ${f.reportNo}` : ''].filter(Boolean).join(' · ')];
}

/** Font size and band height for a photo: readable on a phone, under a quarter of the picture. */
export function watermarkLayout(width: number, height: number, lines: number) {
  const font = Math.max(14, Math.round(Math.min(width, height) / 28));
  const lineHeight = Math.round(font * 1.35);
  const pad = Math.round(font * 0.6);
  return { font, lineHeight, pad, band: lines * lineHeight + pad * 2 };
}
