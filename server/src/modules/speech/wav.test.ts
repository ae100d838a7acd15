import { decodeWav } from './wav';

function wav(channels: number, rate: number, frames: number[][]): Buffer {
  const data = Buffer.alloc(frames.length * channels * 2);
  frames.forEach((f, i) => f.forEach((v, c) => data.writeInt16LE(v, (i * channels + c) * 2)));
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8);
  h.write('fmt ', 12);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * channels * 2, 28);
  h.writeUInt16LE(channels * 2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

describe('decodeWav', () => {
  it('reads 16-bit mono samples as floats with the file’s sample rate', () => {
    const out = decodeWav(wav(1, 16_000, [[0], [16_384], [-32_768]]))!;

    expect(out.sampleRate).toBe(16_000);
    expect(Array.from(out.samples)).toEqual([0, 0.5, -1]);
  });

  it('mixes stereo down to mono', () => {
    const out = decodeWav(wav(2, 48_000, [[16_384, 0]]))!;

    expect(out.sampleRate).toBe(48_000);
    expect(Array.from(out.samples)).toEqual([0.25]);
  });

  it('answers null for what is not 16-bit PCM WAV, so the adapter decodes it another way', () => {
    expect(decodeWav(Buffer.from('ID3\u0004 not a wav at all, an mp3 header and then some more bytes'))).toBeNull();
    const float = wav(1, 16_000, [[1]]);
    float.writeUInt16LE(3, 20);
    expect(decodeWav(float)).toBeNull();
  });
});
