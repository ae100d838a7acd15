/**
 * The privacy consent WeChat is waiting for, shared by every page's consent popup: `ask` is called when WeChat holds a
 * privacy API (or on first launch), `answer` when the user taps 同意 or 拒绝.
 */
type Answer = (a: { agreed: true; buttonId: string } | { agreed: false }) => void;

let pending: Answer[] = [];
let firstLaunch = false;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

export const privacyStore = {
  /** WeChat asks: show the popup until the user answers. */
  ask(answer: Answer): void {
    pending.push(answer);
    notify();
  },
  /** First launch with consent still needed: show the popup though no API is waiting. */
  askOnLaunch(): void {
    firstLaunch = true;
    notify();
  },
  get open(): boolean {
    return pending.length > 0 || firstLaunch;
  },
  answer(a: { agreed: true; buttonId: string } | { agreed: false }): void {
    const waiting = pending;
    pending = [];
    firstLaunch = false;
    waiting.forEach((w) => w(a));
    notify();
  },
  subscribe(l: () => void): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};
