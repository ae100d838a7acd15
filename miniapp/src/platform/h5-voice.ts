import type { RecordedClip, VoiceRecorder } from './types';

const MIME_PREFERENCE = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4', 'audio/webm'];

/** MediaRecorder from the microphone, with an analyser for the level meter. */
export function createH5Recorder(): VoiceRecorder {
  let recorder: MediaRecorder | null = null;
  let stream: MediaStream | null = null;
  let audio: AudioContext | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  let limit: ReturnType<typeof setTimeout> | null = null;
  let chunks: Blob[] = [];
  let startedAt = 0;

  function release() {
    if (timer) clearInterval(timer);
    if (limit) clearTimeout(limit);
    timer = limit = null;
    stream?.getTracks().forEach((t) => t.stop());
    void audio?.close().catch(() => undefined);
    stream = null;
    audio = null;
  }

  return {
    async start(maxMs, on) {
      if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined') {
        on.error('此浏览器不支持录音，请用文字描述');
        throw new Error('no MediaRecorder');
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
      } catch {
        on.error('没有麦克风权限：请在浏览器的网站设置里允许使用麦克风，再按住说话', 'denied');
        throw new Error('microphone denied');
      }
      const mimeType = MIME_PREFERENCE.find((m) => MediaRecorder.isTypeSupported(m));
      recorder = new MediaRecorder(stream, mimeType ? { mimeType, audioBitsPerSecond: 32_000 } : undefined);
      chunks = [];
      recorder.ondataavailable = (e) => {
        if (e.data.size) chunks.push(e.data);
      };
      recorder.start(250);
      startedAt = Date.now();
      try {
        audio = new AudioContext();
        const analyser = audio.createAnalyser();
        analyser.fftSize = 512;
        audio.createMediaStreamSource(stream).connect(analyser);
        const samples = new Uint8Array(analyser.fftSize);
        timer = setInterval(() => {
          analyser.getByteTimeDomainData(samples);
          let sum = 0;
          for (const v of samples) sum += ((v - 128) / 128) ** 2;
          on.level(Math.min(1, Math.sqrt(sum / samples.length) * 4));
        }, 100);
      } catch {
        // The meter is a nicety: the recording goes on without it.
      }
      limit = setTimeout(() => recorder?.state === 'recording' && recorder.stop(), maxMs);
    },
    stop() {
      const r = recorder;
      if (!r) return Promise.resolve(null);
      recorder = null;
      return new Promise<RecordedClip | null>((resolve) => {
        const finish = () => {
          const durationMs = Date.now() - startedAt;
          release();
          const blob = new Blob(chunks, { type: r.mimeType || 'audio/webm' });
          resolve(blob.size ? { path: URL.createObjectURL(blob), durationMs, mime: blob.type } : null);
        };
        if (r.state === 'inactive') finish();
        else {
          r.onstop = finish;
          r.stop();
        }
      });
    },
    discard() {
      const r = recorder;
      recorder = null;
      if (r && r.state !== 'inactive') r.stop();
      release();
      chunks = [];
    },
  };
}

/** The browser's speech synthesis, in Mandarin. */
export function speakH5(text: string): Promise<void> {
  if (typeof speechSynthesis === 'undefined') return Promise.reject(new Error('no speech synthesis'));
  speechSynthesis.cancel();
  const u = new SpeechSynthesisUtterance(text);
  u.lang = 'zh-CN';
  u.rate = 0.9;
  speechSynthesis.speak(u);
  return Promise.resolve();
}

/** The browser's default font size (the user's setting), before the page's own sizes. */
export function browserFontPx(): number {
  const probe = document.createElement('div');
  probe.style.cssText = 'position:absolute;visibility:hidden;font-size:medium';
  document.body.appendChild(probe);
  const px = parseFloat(getComputedStyle(probe).fontSize) || 16;
  probe.remove();
  return px;
}
