/** Types of write-slots.js (plain JavaScript: BackgroundWrite's thread runs it without tsx). */
/** Slots of shared memory, and the bytes each holds. */
export declare const SLOTS: number;
export declare const SLOT_BYTES: number;
/** The cells of `ctrl`: pieces handed over, pieces written, who writes, the first errno, the end, the caller's signals. */
export declare const QUEUED: number;
export declare const WRITTEN: number;
export declare const STATE: number;
export declare const ERRNO: number;
export declare const STOP: number;
export declare const EVENTS: number;
export declare const CELLS: number;
/** Who writes (the STATE cell). */
export declare const NOT_STARTED: number;
export declare const RUNNING: number;
export declare const CALLER: number;
/** errno of a failed write (EIO where the error has none). */
export declare function errnoOf(e: unknown): number;
/** Writes every byte (writeSync may write fewer than asked). */
export declare function writeAll(fd: number, bytes: Uint8Array): void;
