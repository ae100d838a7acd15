import { useEffect, useRef, useState } from 'react';
import { Button } from '@tarojs/components';
import Taro from '@tarojs/taro';

/** A play/stop button for one voice clip; the original recording is always what is played. */
export function AudioClip({ src, label }: { src: string; label: string }) {
  const [playing, setPlaying] = useState(false);
  const player = useRef<Taro.InnerAudioContext | null>(null);

  useEffect(() => () => player.current?.destroy(), []);

  const toggle = () => {
    if (!player.current) {
      const p = Taro.createInnerAudioContext();
      p.onEnded(() => setPlaying(false));
      p.onStop(() => setPlaying(false));
      p.onError(() => setPlaying(false));
      player.current = p;
    }
    const p = player.current;
    if (playing) {
      p.stop();
      setPlaying(false);
      return;
    }
    p.src = src;
    p.play();
    setPlaying(true);
  };

  return (
    <Button className="btn btn--outline audio-clip" aria-label={playing ? `停止播放${label}` : `播放${label}`} onClick={toggle}>
      {playing ? '■ 停止播放' : `▶ ${label}`}
    </Button>
  );
}
