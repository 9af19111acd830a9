/**
 * Brute force on the public tracking page: a reference takes at most ten wrong guesses of the
 * phone's last four digits, then locks for an hour. While locked, even the right digits get
 * the same "not found" as a wrong guess or an unknown reference.
 */

export const MAX_WRONG_GUESSES = 10;
export const TRACKING_LOCK_MS = 60 * 60_000;

/** Wrong guesses at one reference within the current window. */
export interface GuessWindow {
  readonly wrongGuesses: number;
  /** Epoch ms: the window (or the lock, once reached) ends then. */
  readonly endsAtMs: number;
}

export const isLocked = (window: GuessWindow | null, nowMs: number): boolean =>
  window !== null && window.endsAtMs > nowMs && window.wrongGuesses >= MAX_WRONG_GUESSES;

export interface TrackingGuard {
  /** The reference's current window, or null when none is open. */
  window(ref: string, nowMs: number): Promise<GuessWindow | null>;
  /** Counts a wrong guess; the tenth starts the hour-long lock. */
  recordWrongGuess(ref: string, nowMs: number): Promise<void>;
}
