import sharp from 'sharp';
import { AppError } from '../../lib/errors';

// A phone photo is about 12–50 megapixels; anything far above is a decompression bomb, not a photo.
const MAX_INPUT_PIXELS = 100_000_000;
// Larger photos are scaled down: staff read a street light, not a poster, and every byte is stored for years.
const MAX_EDGE_PX = 2_560;

/**
 * A photo as it is stored: decoded and encoded again in its own format with no EXIF, GPS, XMP, IPTC or ICC data
 * (sharp keeps none unless asked), turned upright by its EXIF orientation first, and at most 2,560 px on its long
 * edge. Where a resident stood is personal information (PIPL); the photo's place is the report's, chosen by them.
 */
export async function stripImageMetadata(bytes: Buffer, mime: 'image/jpeg' | 'image/png' | 'image/webp'): Promise<Buffer> {
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: MAX_EDGE_PX, height: MAX_EDGE_PX, fit: 'inside', withoutEnlargement: true });
    if (mime === 'image/jpeg') return await image.jpeg({ quality: 85, mozjpeg: true }).toBuffer();
    if (mime === 'image/png') return await image.png({ compressionLevel: 9 }).toBuffer();
    return await image.webp({ quality: 85 }).toBuffer();
  } catch {
    throw new AppError(400, 'MEDIA_CORRUPT', '图片无法打开，请重新拍摄或选择');
  }
}
