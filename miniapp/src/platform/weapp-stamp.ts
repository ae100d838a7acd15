import Taro from '@tarojs/taro';
import { drawStamp, type Canvas2D } from './stamp';

// Large photos are stamped at this size at most: an offscreen canvas of a 12-megapixel photo runs a phone out of memory.
const MAX_SIDE = 1600;

interface OffscreenImage {
  onload: (() => void) | null;
  onerror: ((e: unknown) => void) | null;
  src: string;
}

/** Stamps on WeChat's offscreen 2D canvas (base library ≥ 2.16.1) and exports it as a JPEG temp file. */
export async function stampWeapp(path: string, lines: string[]): Promise<string> {
  const info = await Taro.getImageInfo({ src: path });
  const scale = Math.min(1, MAX_SIDE / Math.max(info.width, info.height));
  const width = Math.round(info.width * scale);
  const height = Math.round(info.height * scale);
  const canvas = Taro.createOffscreenCanvas({ type: '2d', width, height }) as unknown as { getContext(t: '2d'): Canvas2D | null; createImage(): OffscreenImage };
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context');
  const image = canvas.createImage();
  await new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = reject;
    image.src = path;
  });
  drawStamp(ctx, image, width, height, lines);
  const out = await Taro.canvasToTempFilePath({ canvas, fileType: 'jpg', quality: 0.85 } as unknown as Taro.canvasToTempFilePath.Option);
  return out.tempFilePath;
}
