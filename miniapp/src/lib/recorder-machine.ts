/**
 * Press-and-hold recording as a pure state machine: press starts, release finishes, sliding the finger away
 * arms a cancel that a release confirms, and the clip ends by itself at the limit. Pages and platform
 * recorders only carry out the effects it returns.
 */
export const MIN_CLIP_MS = 1_000;
export const MAX_CLIP_MS = 60_000;
/** How far (CSS px) the finger must slide from where it pressed before releasing cancels. */
export const CANCEL_DISTANCE = 80;

export type RecorderState =
  | { phase: 'idle' }
  | { phase: 'recording'; startedAt: number; elapsedMs: number; origin: { x: number; y: number }; cancelArmed: boolean }
  | { phase: 'finished'; durationMs: number; limitReached: boolean }
  | { phase: 'cancelled' }
  | { phase: 'tooShort'; durationMs: number }
  | { phase: 'failed'; message: string };

export type RecorderEvent =
  | { type: 'press'; at: number; x: number; y: number }
  | { type: 'move'; x: number; y: number }
  | { type: 'release'; at: number }
  | { type: 'tick'; at: number }
  | { type: 'fail'; message: string }
  | { type: 'reset' };

/** What the caller must do after a transition: start, keep or throw away the platform recording. */
export type RecorderEffect = 'start' | 'stop' | 'discard' | null;

export const initialRecorderState: RecorderState = { phase: 'idle' };

export function recorderStep(state: RecorderState, event: RecorderEvent): { state: RecorderState; effect: RecorderEffect } {
  const same = { state, effect: null };
  switch (event.type) {
    case 'press':
      // A new press after a finished, cancelled or failed clip starts the next one.
      if (state.phase === 'recording') return same;
      return { state: { phase: 'recording', startedAt: event.at, elapsedMs: 0, origin: { x: event.x, y: event.y }, cancelArmed: false }, effect: 'start' };
    case 'move': {
      if (state.phase !== 'recording') return same;
      const armed = Math.hypot(event.x - state.origin.x, event.y - state.origin.y) >= CANCEL_DISTANCE;
      return armed === state.cancelArmed ? same : { state: { ...state, cancelArmed: armed }, effect: null };
    }
    case 'tick': {
      if (state.phase !== 'recording') return same;
      const elapsedMs = event.at - state.startedAt;
      if (elapsedMs >= MAX_CLIP_MS) return { state: { phase: 'finished', durationMs: MAX_CLIP_MS, limitReached: true }, effect: 'stop' };
      return { state: { ...state, elapsedMs }, effect: null };
    }
    case 'release': {
      if (state.phase !== 'recording') return same;
      if (state.cancelArmed) return { state: { phase: 'cancelled' }, effect: 'discard' };
      const durationMs = Math.min(event.at - state.startedAt, MAX_CLIP_MS);
      if (durationMs < MIN_CLIP_MS) return { state: { phase: 'tooShort', durationMs }, effect: 'discard' };
      return { state: { phase: 'finished', durationMs, limitReached: durationMs >= MAX_CLIP_MS }, effect: 'stop' };
    }
    case 'fail':
      return { state: { phase: 'failed', message: event.message }, effect: state.phase === 'recording' ? 'discard' : null };
    case 'reset':
      return { state: initialRecorderState, effect: state.phase === 'recording' ? 'discard' : null };
  }
}

/** The words under the button for each state, in the resident's terms. */
export function recorderHint(state: RecorderState): string {
  switch (state.phase) {
    case 'idle':
      return '按住下面的按钮说话，说完松开';
    case 'recording':
      return state.cancelArmed ? '松开手指，取消这段录音' : `正在录音 ${Math.floor(state.elapsedMs / 1000)} 秒，说完松开；手指移开可取消`;
    case 'finished':
      return state.limitReached ? '已录满60秒，自动结束' : '录好了';
    case 'cancelled':
      return '已取消，可以重新按住说话';
    case 'tooShort':
      return '说话时间太短，请按住按钮多说几句';
    case 'failed':
      return state.message;
  }
}
