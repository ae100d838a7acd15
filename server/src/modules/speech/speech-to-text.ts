/** A speech-recognition engine the server can plug in; the report is complete without it. */
export interface SpeechToText {
  readonly name: string;
  /** False for the engine that does nothing: reports are then never queued for transcription. */
  readonly enabled: boolean;
  /** Text heard in one clip, or null when the engine has nothing to say. */
  transcribe(audio: { bytes: Buffer; mime: string }): Promise<string | null>;
}

/** The default: no engine configured, the original recording is what the worker listens to. */
export const noSpeechToText: SpeechToText = {
  name: 'none',
  enabled: false,
  transcribe: () => Promise.resolve(null),
};
