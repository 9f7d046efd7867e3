import { parentPort, workerData } from "node:worker_threads";
import type { Population } from "./population.js";
import { runHere, WorkUnits } from "./replicate.js";
import type { Resolved } from "./resolve.js";
import type { StaticTable } from "./static-tables.js";
import { readyAhead } from "./workspace.js";

/**
 * A simulation worker: takes the resolved scenario and policies from its data, the population
 * from the first message (and makes its buffers while the main thread makes the static tables),
 * the static tables from the second, then runs units of work (see {@link WorkUnits}), each taken
 * from the shared counter, and sends back each one's metric arrays, until none is left.
 */
const { inputs, crn, next, threads } = workerData as {
  inputs: Resolved;
  crn?: boolean;
  next: Int32Array;
  threads: number;
};
const port = parentPort;
if (port) {
  port.once("message", ({ base }: { base: Population }) => {
    const treatments = inputs.policies.map((lp) => Object.keys(lp.policy.treatments).length);
    readyAhead(base, treatments, crn !== false);
    port.once("message", async ({ tables }: { tables: StaticTable[] }) => {
      const prepared = { ...inputs, base, tables };
      const units = new WorkUnits(inputs.scenario.replications, inputs.policies.length, threads);
      for (let u = Atomics.add(next, 0, 1); u < units.count; u = Atomics.add(next, 0, 1)) {
        const done = await runHere(prepared, { crn }, units.at(u), false);
        port.postMessage(
          done,
          done.metrics.map((m) => m.buffer as ArrayBuffer),
        );
      }
      port.close();
    });
  });
}
