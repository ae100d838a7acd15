import type { Relation } from '@linli/shared';
import type { KeyValueStore } from './storage';
import { newIdempotencyKey } from './idempotency';

export interface DraftPhoto {
  /** Set once uploaded; the server keeps the file, so it survives the app closing. */
  mediaId?: string;
  /** Local path for a photo not yet uploaded (lost if the app closes before the upload). */
  localPath?: string;
}

/** What the resident has typed or attached to a report not yet submitted. */
export interface Draft {
  categoryCode: string;
  /** An optional 小类 of the category ('' for none). */
  subcategoryCode?: string;
  description: string;
  anonymous: boolean;
  photos: DraftPhoto[];
  location: { lng: number; lat: number; address?: string } | null;
  /** The grid chosen by name when the resident does not share a position (privacy guide or permission refused). */
  gridCode?: string | null;
  /** A call-back number (staff see it masked); remembered on this phone after the first report. */
  contactPhone?: string;
  /** 亲友代办: filed for a relative or neighbour. */
  onBehalfOf?: { name: string; relation?: Relation } | null;
  /** Kept until the submission succeeds, so a retry after a lost answer never makes a second report. */
  idempotencyKey: string;
  savedAt: number;
}

const KEY = 'linli.draft';
const MAX_AGE_MS = 14 * 86_400_000;

export function emptyDraft(now = Date.now()): Draft {
  return { categoryCode: '', description: '', anonymous: false, photos: [], location: null, idempotencyKey: newIdempotencyKey(now), savedAt: now };
}

/** Whether a draft holds anything worth offering back. */
export function hasContent(d: Draft | null): d is Draft {
  return !!d && (d.description.trim().length > 0 || d.photos.some((p) => p.mediaId) || d.categoryCode !== '');
}

/** Drafts in local storage: saved on every change, offered back next time, dropped after success or two weeks. */
export function draftStore(store: KeyValueStore, now: () => number = Date.now) {
  return {
    load(): Draft | null {
      const d = store.get<Draft>(KEY);
      if (!d || now() - d.savedAt > MAX_AGE_MS) return null;
      // Local paths do not survive a restart; uploaded photos do.
      return { ...d, photos: d.photos.filter((p) => p.mediaId) };
    },
    save(d: Draft): void {
      if (hasContent(d)) store.set(KEY, { ...d, savedAt: now() });
    },
    clear(): void {
      store.remove(KEY);
    },
  };
}
