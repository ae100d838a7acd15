import type { Config } from '../../config';
import { sherpaOnnxSpeechToText } from './sherpa-onnx';
import { noSpeechToText, type SpeechToText } from './speech-to-text';

/** The engine the configuration asks for; none unless a model is configured. */
export function speechEngine(config: Pick<Config, 'STT_ENGINE' | 'STT_MODEL_DIR' | 'STT_MODEL_KIND' | 'STT_FFMPEG' | 'STT_THREADS'>): SpeechToText {
  if (config.STT_ENGINE === 'sherpa-onnx') {
    if (!config.STT_MODEL_DIR) throw new Error('STT_ENGINE=sherpa-onnx needs STT_MODEL_DIR');
    return sherpaOnnxSpeechToText({ modelDir: config.STT_MODEL_DIR, kind: config.STT_MODEL_KIND, ffmpeg: config.STT_FFMPEG, threads: config.STT_THREADS });
  }
  return noSpeechToText;
}
