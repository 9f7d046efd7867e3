import { Worker } from "node:worker_threads";
import { report } from "./common.js";

/**
 * The machine's own ceiling for the worker speed-up: the same CPU-bound loop in one worker, then
 * in two at once (each doing the same work). With two real cores the ratio of throughputs is near
 * 2; a lower figure bounds what any program gets from a second worker on this machine.
 * The same for memory: each worker touches 64 MiB of fresh memory, one 4 KiB page at a time, so
 * the time is the page faults'. A virtual machine may take far longer over a fault than hardware
 * does (about 0.1–0.3 µs), and serve two threads' faults no faster than one's.
 */
const SPIN = `
const a = new Float64Array(1 << 20);
let s = 0;
for (let r = 0; r < 600; r++) for (let i = 0; i < a.length; i++) { a[i] = a[i] * 0.5 + i; s += a[i]; }
require("node:worker_threads").parentPort.postMessage(s);
`;

const TOUCH = `
const t = performance.now();
const a = new Uint8Array(64 << 20);
for (let i = 0; i < a.length; i += 4096) a[i] = 1;
require("node:worker_threads").parentPort.postMessage(performance.now() - t);
`;
const PAGES = (64 << 20) / 4096;

/** `code` in `k` workers at once: the wall time until the last is done, and each one's own figure. */
const run = (k: number, code = SPIN) =>
  new Promise<{ wall: number; own: number[] }>((resolve) => {
    const t = performance.now();
    const own: number[] = [];
    for (let i = 0; i < k; i++)
      new Worker(code, { eval: true }).on("message", (m: number) => {
        if (own.push(m) === k) resolve({ wall: performance.now() - t, own });
      });
  });
// Best of three each, alternated, so a moment of load from elsewhere does not decide the ratio.
const best = async (code: string) => {
  let one = Number.POSITIVE_INFINITY;
  let two = Number.POSITIVE_INFINITY;
  let inside = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const alone = await run(1, code);
    one = Math.min(one, alone.wall);
    inside = Math.min(inside, alone.own[0]);
    two = Math.min(two, (await run(2, code)).wall);
  }
  return { one, two, inside };
};
const spin = await best(SPIN);
const touch = await best(TOUCH);
report({
  case: "parallel",
  oneSeconds: spin.one / 1000,
  twoSeconds: spin.two / 1000,
  ceiling: (2 * spin.one) / spin.two,
  // The faults' own time, timed in the worker; the ratio, like the loop's, from start to end.
  faultMicros: (touch.inside * 1000) / PAGES,
  faultCeiling: (2 * touch.one) / touch.two,
});
