import type { RecordedClip } from '../platform/types';

/** The clips recorded on the home page, handed to the voice confirmation page in the same app session. */
let clips: RecordedClip[] = [];

export const voiceDraft = {
  add(clip: RecordedClip): void {
    clips = [...clips, clip].slice(-5);
  },
  list(): RecordedClip[] {
    return clips;
  },
  clear(): void {
    clips = [];
  },
};
