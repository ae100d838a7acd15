import { CANCEL_DISTANCE, MAX_CLIP_MS, MIN_CLIP_MS, initialRecorderState, recorderHint, recorderStep, type RecorderEvent, type RecorderState } from './recorder-machine';

/** Runs events from idle and answers the final state with every effect asked for on the way. */
function run(...events: RecorderEvent[]): { state: RecorderState; effects: string[] } {
  let state = initialRecorderState;
  const effects: string[] = [];
  for (const e of events) {
    const next = recorderStep(state, e);
    state = next.state;
    if (next.effect) effects.push(next.effect);
  }
  return { state, effects };
}
const press = (at = 0, x = 100, y = 500): RecorderEvent => ({ type: 'press', at, x, y });

describe('the press-and-hold recorder', () => {
  it('starts on press and keeps the clip on release', () => {
    const { state, effects } = run(press(0), { type: 'tick', at: 2_500 }, { type: 'release', at: 3_000 });

    expect(state).toEqual({ phase: 'finished', durationMs: 3_000, limitReached: false });
    expect(effects).toEqual(['start', 'stop']);
  });

  it('counts the seconds while recording', () => {
    const { state } = run(press(1_000), { type: 'tick', at: 4_200 });

    expect(state).toMatchObject({ phase: 'recording', elapsedMs: 3_200 });
    expect(recorderHint(state)).toContain('正在录音 3 秒');
  });

  it('cancels when the finger slides away and then lifts, throwing the recording away', () => {
    const { state, effects } = run(press(0, 100, 500), { type: 'move', x: 100, y: 500 - CANCEL_DISTANCE }, { type: 'release', at: 5_000 });

    expect(state).toEqual({ phase: 'cancelled' });
    expect(effects).toEqual(['start', 'discard']);
  });

  it('keeps the clip when the finger slides away and comes back before lifting', () => {
    const slid = run(press(0, 100, 500), { type: 'move', x: 100, y: 400 });
    expect(slid.state).toMatchObject({ cancelArmed: true });
    expect(recorderHint(slid.state)).toBe('松开手指，取消这段录音');

    const { state } = run(press(0, 100, 500), { type: 'move', x: 100, y: 400 }, { type: 'move', x: 110, y: 490 }, { type: 'release', at: 2_000 });

    expect(state).toMatchObject({ phase: 'finished', durationMs: 2_000 });
  });

  it('refuses a clip shorter than a second and says so', () => {
    const { state, effects } = run(press(0), { type: 'release', at: MIN_CLIP_MS - 1 });

    expect(state).toEqual({ phase: 'tooShort', durationMs: MIN_CLIP_MS - 1 });
    expect(effects).toEqual(['start', 'discard']);
    expect(recorderHint(state)).toContain('太短');
  });

  it('ends by itself at 60 seconds and ignores the late release', () => {
    const { state, effects } = run(press(0), { type: 'tick', at: MAX_CLIP_MS + 40 }, { type: 'release', at: MAX_CLIP_MS + 3_000 });

    expect(state).toEqual({ phase: 'finished', durationMs: MAX_CLIP_MS, limitReached: true });
    expect(effects).toEqual(['start', 'stop']);
    expect(recorderHint(state)).toContain('60秒');
  });

  it('ignores a second press while recording, and starts a new clip after the last one ended', () => {
    expect(run(press(0), press(100)).effects).toEqual(['start']);
    expect(run(press(0), { type: 'release', at: 2_000 }, press(3_000)).state).toMatchObject({ phase: 'recording', startedAt: 3_000 });
  });

  it('reports a platform failure in words and drops the half-made recording', () => {
    const { state, effects } = run(press(0), { type: 'fail', message: '没有麦克风权限' });

    expect(state).toEqual({ phase: 'failed', message: '没有麦克风权限' });
    expect(effects).toEqual(['start', 'discard']);
  });
});
