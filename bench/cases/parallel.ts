import { Worker } from "node:worker_threads";
import { report } from "./common.js";

/**
 * The machine's own ceiling for the worker speed-up: the same CPU-bound loop in one worker, then
 * in two at once (each doing the same work). With two real cores the ratio of throughputs is near
 * 2; a lower figure bounds what any program gets from a second worker on this machine.
 */
const SPIN = `
const a = new Float64Array(1 << 20);
let s = 0;
for (let r = 0; r < 600; r++) for (let i = 0; i < a.length; i++) { a[i] = a[i] * 0.5 + i; s += a[i]; }
require("node:worker_threads").parentPort.postMessage(s);
`;

const run = (k: number) =>
  new Promise<number>((resolve) => {
    const t = performance.now();
    let done = 0;
    for (let i = 0; i < k; i++)
      new Worker(SPIN, { eval: true }).on("message", () => {
        if (++done === k) resolve(performance.now() - t);
      });
  });
// Best of three each, alternated, so a moment of load from elsewhere does not decide the ratio.
let one = Number.POSITIVE_INFINITY;
let two = Number.POSITIVE_INFINITY;
for (let i = 0; i < 3; i++) {
  one = Math.min(one, await run(1));
  two = Math.min(two, await run(2));
}
report({ case: "parallel", oneSeconds: one / 1000, twoSeconds: two / 1000, ceiling: (2 * one) / two });
