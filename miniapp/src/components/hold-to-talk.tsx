import { Text, View } from '@tarojs/components';
import type { RecordedClip } from '../platform/types';
import { useVoiceRecorder } from '../hooks/use-voice-recorder';
import { MAX_CLIP_MS, recorderHint } from '../lib/recorder-machine';
import { PermissionHelp } from './permission-help';

interface Point {
  clientX: number;
  clientY: number;
}
interface PointerLike extends Point {
  pointerId?: number;
  preventDefault(): void;
  currentTarget?: { setPointerCapture?(id: number): void };
}
interface TouchLike {
  touches: Point[];
  changedTouches?: Point[];
}

const clock = (ms: number) => `${Math.floor(ms / 60_000)}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}`;

/** The big 按住说话 button: press and hold to record, release to finish, slide away to cancel. */
export function HoldToTalk({ label, onClip, className = '' }: { label: string; onClip: (clip: RecordedClip) => void; className?: string }) {
  const { state, level, liveText, dispatch, refused, clearRefused } = useVoiceRecorder(onClip);
  const recording = state.phase === 'recording';
  const armed = recording && state.cancelArmed;

  const press = (p: Point) => dispatch({ type: 'press', at: Date.now(), x: p.clientX, y: p.clientY });
  const move = (p: Point) => dispatch({ type: 'move', x: p.clientX, y: p.clientY });
  const release = () => dispatch({ type: 'release', at: Date.now() });

  // Pointer events cover mouse and touch in browsers; the mini-program has touch events only.
  const handlers =
    process.env.TARO_ENV === 'h5'
      ? {
          tabIndex: 0,
          onPointerDown: (e: PointerLike) => {
            e.preventDefault();
            if (e.pointerId !== undefined) e.currentTarget?.setPointerCapture?.(e.pointerId);
            press(e);
          },
          onPointerMove: (e: PointerLike) => move(e),
          onPointerUp: () => release(),
          onPointerCancel: () => dispatch({ type: 'reset' }),
          onContextMenu: (e: PointerLike) => e.preventDefault(),
          onKeyDown: (e: { key: string; repeat?: boolean; preventDefault(): void }) => {
            if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) {
              e.preventDefault();
              dispatch({ type: 'press', at: Date.now(), x: 0, y: 0 });
            }
          },
          onKeyUp: (e: { key: string }) => (e.key === ' ' || e.key === 'Enter' ? release() : undefined),
        }
      : {
          onTouchStart: (e: TouchLike) => e.touches[0] && press(e.touches[0]),
          onTouchMove: (e: TouchLike) => e.touches[0] && move(e.touches[0]),
          onTouchEnd: () => release(),
          onTouchCancel: () => dispatch({ type: 'reset' }),
        };

  return (
    <View className={`hold ${className}`}>
      <Text className={`hold__hint ${armed ? 'hold__hint--cancel' : ''}`} aria-live="polite">
        {recorderHint(state)}
      </Text>
      {recording ? (
        <View className="hold__live">
          <Text className="hold__clock">
            {clock(state.elapsedMs)} / {clock(MAX_CLIP_MS)}
          </Text>
          <View className="hold__meter" aria-hidden="true">
            <View className="hold__level" style={{ width: `${Math.round(level * 100)}%` }} />
          </View>
          {liveText ? <Text className="hold__text">{liveText}</Text> : null}
        </View>
      ) : null}
      {refused === 'denied' ? <PermissionHelp capability="microphone" onEnabled={clearRefused} /> : null}
      {refused === 'privacy' ? <Text className="error">需要先同意隐私保护指引，才能录音；也可以文字报事。</Text> : null}
      <View
        className={`hold__button ${recording ? 'hold__button--on' : ''} ${armed ? 'hold__button--cancel' : ''}`}
        role="button"
        aria-label={recording ? '松开结束录音' : label}
        data-main="true"
        {...(handlers as object)}
      >
        <Text className="hold__icon" aria-hidden="true">
          🎤
        </Text>
        <Text className="hold__label">{recording ? (armed ? '松开 取消' : '松开 结束') : label}</Text>
      </View>
    </View>
  );
}
