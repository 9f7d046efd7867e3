// The thread of a BackgroundWrite (background-write.ts): writes the pieces handed over, in the
// order handed over. Plain JavaScript, so it starts without a loader.
import { workerData } from "node:worker_threads";
import {
  CALLER,
  ERRNO,
  EVENTS,
  errnoOf,
  NOT_STARTED,
  QUEUED,
  RUNNING,
  SLOT_BYTES,
  SLOTS,
  STATE,
  STOP,
  WRITTEN,
  writeAll,
} from "./write-slots.js";

const { fd, ctrl, lengths, slots } = workerData;
if (Atomics.compareExchange(ctrl, STATE, NOT_STARTED, RUNNING) === NOT_STARTED) {
  try {
    writePieces();
  } catch (e) {
    // The thread itself failed, not a write: the caller, which may be waiting for a slot, is told
    // so (as a failed write) and takes the pieces back, rather than wait for ever.
    Atomics.compareExchange(ctrl, ERRNO, 0, errnoOf(e));
    Atomics.store(ctrl, STATE, CALLER);
    Atomics.notify(ctrl, WRITTEN);
  }
}

/**
 * Writes each piece as it is handed over, until the caller says there are no more. The event count
 * is read before QUEUED and STOP are looked at, so a signal sent in between makes the wait return
 * at once. After a failed write the rest are counted as written, unwritten.
 */
function writePieces() {
  for (let k = 0; ; ) {
    const seen = Atomics.load(ctrl, EVENTS);
    if (Atomics.load(ctrl, QUEUED) > k) {
      const slot = k % SLOTS;
      const piece = slots.subarray(slot * SLOT_BYTES, slot * SLOT_BYTES + lengths[slot]);
      if (!Atomics.load(ctrl, ERRNO))
        try {
          writeAll(fd, piece);
        } catch (e) {
          Atomics.store(ctrl, ERRNO, errnoOf(e));
        }
      Atomics.store(ctrl, WRITTEN, ++k);
      Atomics.notify(ctrl, WRITTEN);
    } else if (Atomics.load(ctrl, STOP)) return;
    else Atomics.wait(ctrl, EVENTS, seen);
  }
}
