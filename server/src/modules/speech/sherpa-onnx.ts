import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { SpeechToText } from './speech-to-text';
import { decodeWav } from './wav';

/** The part of sherpa-onnx-node's API this adapter uses. */
interface SherpaModule {
  OfflineRecognizer: new (config: unknown) => {
    createStream(): { acceptWaveform(wave: { samples: Float32Array; sampleRate: number }): void };
    decode(stream: unknown): void;
    getResult(stream: unknown): { text?: string };
  };
}

export interface SherpaOptions {
  /** A directory holding model.int8.onnx (or model.onnx) and tokens.txt. */
  modelDir: string;
  /** sense_voice (zh/en/ja/ko/yue, punctuated) or paraformer (zh). */
  kind: 'sense_voice' | 'paraformer';
  /** Decodes anything that is not 16-bit WAV (mp3 from weapp, webm from H5) to 16 kHz mono. */
  ffmpeg: string;
  threads: number;
}

function toWav16k(ffmpeg: string, bytes: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', '-ac', '1', '-ar', '16000', '-f', 'wav', 'pipe:1'], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    );
    child.stdin?.end(bytes);
  });
}

/**
 * Offline recognition with k2-fsa's sherpa-onnx (`npm install sherpa-onnx-node`, a model from its releases).
 * Loaded only when STT_ENGINE=sherpa-onnx, so the package is not a dependency of the default install.
 */
export function sherpaOnnxSpeechToText(opts: SherpaOptions): SpeechToText {
  const model = ['model.int8.onnx', 'model.onnx'].map((f) => path.join(opts.modelDir, f)).find((f) => existsSync(f));
  const tokens = path.join(opts.modelDir, 'tokens.txt');
  if (!model || !existsSync(tokens)) throw new Error(`STT_MODEL_DIR ${opts.modelDir} must hold model(.int8).onnx and tokens.txt`);
  let sherpa: SherpaModule;
  try {
    sherpa = createRequire(__filename)('sherpa-onnx-node') as SherpaModule;
  } catch {
    throw new Error('STT_ENGINE=sherpa-onnx needs the sherpa-onnx-node package: npm install sherpa-onnx-node -w server');
  }
  const modelConfig =
    opts.kind === 'sense_voice'
      ? { senseVoice: { model, language: 'zh', useInverseTextNormalization: 1 }, tokens, numThreads: opts.threads, provider: 'cpu' }
      : { paraformer: { model }, tokens, numThreads: opts.threads, provider: 'cpu' };
  const recognizer = new sherpa.OfflineRecognizer({ featConfig: { sampleRate: 16_000, featureDim: 80 }, modelConfig });

  return {
    name: `sherpa-onnx/${opts.kind}`,
    enabled: true,
    async transcribe({ bytes }) {
      const wave = decodeWav(bytes) ?? decodeWav(await toWav16k(opts.ffmpeg, bytes));
      if (!wave) return null;
      const stream = recognizer.createStream();
      stream.acceptWaveform(wave);
      recognizer.decode(stream);
      const text = recognizer.getResult(stream).text?.trim();
      return text ? text : null;
    },
  };
}
