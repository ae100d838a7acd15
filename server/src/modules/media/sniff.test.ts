import { sniffMedia, wavDurationMs } from './sniff';

const pad = (head: number[] | string, n = 16) => Buffer.concat([typeof head === 'string' ? Buffer.from(head, 'latin1') : Buffer.from(head), Buffer.alloc(n)]);

describe('sniffMedia', () => {
  it.each([
    ['jpeg', pad([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg'],
    ['png', pad([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'image/png'],
    ['webp', pad('RIFF\u0000\u0000\u0000\u0000WEBP'), 'image/webp'],
    ['wav', pad('RIFF\u0000\u0000\u0000\u0000WAVE'), 'audio/wav'],
    ['mp3 with ID3', pad('ID3'), 'audio/mpeg'],
    ['mp3 frame', pad([0xff, 0xfb, 0x90, 0x64]), 'audio/mpeg'],
    ['aac (ADTS)', pad([0xff, 0xf1, 0x50, 0x80]), 'audio/aac'],
    ['m4a', pad('\u0000\u0000\u0000\u0020ftypM4A '), 'audio/mp4'],
    ['webm', pad([0x1a, 0x45, 0xdf, 0xa3]), 'audio/webm'],
    ['ogg', pad('OggS'), 'audio/ogg'],
  ])('recognises %s', (_name, bytes, mime) => {
    expect(sniffMedia(bytes)?.mime).toBe(mime);
  });

  it.each([
    ['a GIF', pad('GIF89a')],
    ['a PDF', pad('%PDF-1.7')],
    ['an MP4 video', pad('\u0000\u0000\u0000\u0020ftypavc1')],
    ['HTML', pad('<html><script>')],
    ['a tiny file', Buffer.from([0xff, 0xd8])],
  ])('refuses %s', (_name, bytes) => {
    expect(sniffMedia(bytes)).toBeNull();
  });
});

describe('wavDurationMs', () => {
  it('reads the duration from the fmt byte rate and the data size', () => {
    const header = Buffer.alloc(44);
    header.write('RIFF', 0);
    header.write('WAVE', 8);
    header.write('fmt ', 12);
    header.writeUInt32LE(16, 16);
    header.writeUInt32LE(32_000, 28);
    header.write('data', 36);
    header.writeUInt32LE(48_000, 40);

    expect(wavDurationMs(Buffer.concat([header, Buffer.alloc(48_000)]))).toBe(1500);
  });

  it.each([28, 30, 31, 36, 44])('answers undefined, never throws, for a WAV cut off after %i bytes', (length) => {
    const header = Buffer.alloc(44);
    header.write('RIFF', 0);
    header.write('WAVE', 8);
    header.write('fmt ', 12);
    header.writeUInt32LE(16, 16);
    header.writeUInt32LE(32_000, 28);
    header.write('data', 36);
    header.writeUInt32LE(48_000, 40);

    expect(wavDurationMs(header.subarray(0, length))).toBeUndefined();
  });
});
