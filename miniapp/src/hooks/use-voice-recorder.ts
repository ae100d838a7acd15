import { useCallback, useEffect, useRef, useState } from 'react';
import { MAX_CLIP_MS, initialRecorderState, recorderStep, type RecorderEffect, type RecorderEvent, type RecorderState } from '../lib/recorder-machine';
import { platform } from '../platform';
import type { RecordedClip, Refusal, VoiceRecorder } from '../platform/types';

/** Binds the recorder state machine to the platform's recorder; `onClip` receives each finished clip. */
export function useVoiceRecorder(onClip: (clip: RecordedClip) => void) {
  const [state, setState] = useState<RecorderState>(initialRecorderState);
  const [level, setLevel] = useState(0);
  const [liveText, setLiveText] = useState('');
  // The microphone was denied (or the privacy guide refused): the page helps the resident turn it back on.
  const [refused, setRefused] = useState<Refusal | null>(null);
  const stateRef = useRef(state);
  const recorder = useRef<VoiceRecorder | null>(null);
  const starting = useRef<Promise<void>>(Promise.resolve());
  const ticker = useRef<ReturnType<typeof setInterval> | null>(null);
  const liveRef = useRef('');
  const onClipRef = useRef(onClip);
  onClipRef.current = onClip;

  const stopTicking = () => {
    if (ticker.current) clearInterval(ticker.current);
    ticker.current = null;
  };

  const dispatch = useCallback((event: RecorderEvent) => {
    const { state: next, effect } = recorderStep(stateRef.current, event);
    stateRef.current = next;
    setState(next);
    perform(effect, next);
  }, []);

  function perform(effect: RecorderEffect, next: RecorderState) {
    if (!effect) return;
    recorder.current ??= platform.createRecorder();
    const rec = recorder.current;
    if (effect === 'start') {
      setRefused(null);
      liveRef.current = '';
      setLiveText('');
      setLevel(0);
      starting.current = rec
        .start(MAX_CLIP_MS, {
          level: setLevel,
          transcript: (t) => {
            liveRef.current = t;
            setLiveText(t);
          },
          error: (message, reason) => {
            if (reason === 'denied' || reason === 'privacy') setRefused(reason);
            dispatch({ type: 'fail', message });
          },
        })
        .catch(() => undefined);
      stopTicking();
      ticker.current = setInterval(() => dispatch({ type: 'tick', at: Date.now() }), 200);
      return;
    }
    stopTicking();
    setLevel(0);
    // A release can come before the microphone is open: finish only once it is.
    void starting.current.then(async () => {
      if (effect === 'discard') return rec.discard();
      const clip = await rec.stop();
      if (!clip) return dispatch({ type: 'fail', message: '没有录到声音，请再按住说一次' });
      const durationMs = next.phase === 'finished' ? next.durationMs : clip.durationMs;
      onClipRef.current({ ...clip, durationMs: clip.durationMs || durationMs, ...(clip.transcript || liveRef.current ? { transcript: clip.transcript || liveRef.current } : {}) });
    });
  }

  // Leaving the page mid-recording throws the half-made clip away.
  useEffect(
    () => () => {
      stopTicking();
      if (stateRef.current.phase === 'recording') recorder.current?.discard();
    },
    [],
  );

  return { state, level, liveText, dispatch, refused, clearRefused: () => setRefused(null) };
}
