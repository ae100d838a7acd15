import type { MediaView } from '@linli/shared';

export interface Sniffed {
  kind: MediaView['kind'];
  mime: string;
}

/** Every type an upload may be, as sniffMedia names it: what a download can answer with. */
export const acceptedMimes = ['image/jpeg', 'image/png', 'image/webp', 'audio/wav', 'audio/mpeg', 'audio/ogg', 'audio/webm', 'audio/mp4', 'audio/aac'] as const;

const ascii = (buf: Buffer, start: number, text: string) => buf.subarray(start, start + text.length).toString('latin1') === text;

/** Identifies an upload by its magic bytes, never by its name or declared type; null when it is not allowed. */
export function sniffMedia(buf: Buffer): Sniffed | null {
  if (buf.length < 12) return null;
  if (buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return { kind: 'image', mime: 'image/jpeg' };
  if (buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { kind: 'image', mime: 'image/png' };
  if (ascii(buf, 0, 'RIFF') && ascii(buf, 8, 'WEBP')) return { kind: 'image', mime: 'image/webp' };
  if (ascii(buf, 0, 'RIFF') && ascii(buf, 8, 'WAVE')) return { kind: 'audio', mime: 'audio/wav' };
  if (ascii(buf, 0, 'ID3')) return { kind: 'audio', mime: 'audio/mpeg' };
  if (ascii(buf, 0, 'OggS')) return { kind: 'audio', mime: 'audio/ogg' };
  if (buf[0] === 0x1a && buf[1] === 0x45 && buf[2] === 0xdf && buf[3] === 0xa3) return { kind: 'audio', mime: 'audio/webm' };
  if (ascii(buf, 4, 'ftyp')) {
    const brand = buf.subarray(8, 12).toString('latin1');
    if (['M4A ', 'M4B ', 'mp42', 'isom', 'dash'].includes(brand)) return { kind: 'audio', mime: 'audio/mp4' };
    return null;
  }
  // ADTS AAC: 12-bit sync word 0xFFF with layer 00; MPEG audio (mp3 without ID3): sync 0xFFE with layer ≠ 00.
  if (buf[0] === 0xff && (buf[1]! & 0xf6) === 0xf0) return { kind: 'audio', mime: 'audio/aac' };
  if (buf[0] === 0xff && (buf[1]! & 0xe0) === 0xe0 && (buf[1]! & 0x06) !== 0) return { kind: 'audio', mime: 'audio/mpeg' };
  return null;
}

/** Duration of a PCM WAV file from its header; undefined when the header is cut short or has no audio. */
export function wavDurationMs(buf: Buffer): number | undefined {
  if (!(ascii(buf, 0, 'RIFF') && ascii(buf, 8, 'WAVE'))) return undefined;
  let offset = 12;
  let byteRate = 0;
  while (offset + 8 <= buf.length) {
    const id = buf.subarray(offset, offset + 4).toString('latin1');
    const size = buf.readUInt32LE(offset + 4);
    // The byte rate is the fmt chunk's bytes 8–11: all four must be inside the file.
    if (id === 'fmt ' && offset + 20 <= buf.length) byteRate = buf.readUInt32LE(offset + 16);
    if (id === 'data' && byteRate > 0) {
      const audio = Math.min(size, buf.length - offset - 8);
      return audio > 0 ? Math.round((audio / byteRate) * 1000) : undefined;
    }
    offset += 8 + size + (size % 2);
  }
  return undefined;
}
