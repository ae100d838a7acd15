import { watermarkLayout } from '../lib/watermark';

/** The drawing calls both platforms' 2D canvases share (the browser's and WeChat's offscreen one). */
export interface Canvas2D {
  drawImage(image: unknown, x: number, y: number, w: number, h: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  fillStyle: unknown;
  font: string;
  textBaseline: string;
}

/** The photo, then a dark translucent band along its bottom with the lines in white, as a 水印相机 lays it out. */
export function drawStamp(ctx: Canvas2D, image: unknown, width: number, height: number, lines: string[]): void {
  const { font, lineHeight, pad, band } = watermarkLayout(width, height, lines.length);
  ctx.drawImage(image, 0, 0, width, height);
  ctx.fillStyle = 'rgba(0, 0, 0, 0.5)';
  ctx.fillRect(0, height - band, width, band);
  ctx.fillStyle = '#ffffff';
  ctx.font = `${font}px sans-serif`;
  ctx.textBaseline = 'top';
  lines.forEach((line, i) => ctx.fillText(line, pad, height - band + pad + i * lineHeight));
}
