// What BackgroundWrite (background-write.ts) and its thread (write-thread.js) share: the layout of
// their shared memory, and how a piece is written. Plain JavaScript: the thread runs without tsx.
import { writeSync } from "node:fs";

/** Slots of shared memory, and the bytes each holds: a piece of Utf8Sink's size in each. */
export const SLOTS = 4;
export const SLOT_BYTES = 1 << 20;

// The cells of `ctrl`.
/** Pieces handed over so far, written by the caller. */
export const QUEUED = 0;
/** Pieces written (or given up after a failure) so far, written by whoever writes them. */
export const WRITTEN = 1;
/** Who writes: NOT_STARTED until the thread starts (RUNNING) or the caller gives up on it (CALLER). */
export const STATE = 2;
/** The errno of the first write that failed (negative, as Node gives it), 0 while none did. */
export const ERRNO = 3;
/** 1 once nothing more will be handed over. */
export const STOP = 4;
/** Counts the caller's signals, for the thread to wait on without missing one. */
export const EVENTS = 5;
export const CELLS = 6;

export const NOT_STARTED = 0;
export const RUNNING = 1;
export const CALLER = 2;

/** errno of a failed write (EIO where the error has none). */
export function errnoOf(e) {
  const errno = e?.errno;
  return typeof errno === "number" && errno < 0 ? errno : -5;
}

/** Writes every byte (writeSync may write fewer than asked). */
export function writeAll(fd, bytes) {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}
