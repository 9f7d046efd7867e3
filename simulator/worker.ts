import { parentPort, workerData } from "node:worker_threads";
import type { Population } from "./population.js";
import { runHere } from "./replicate.js";
import type { Resolved } from "./resolve.js";
import type { StaticTable } from "./static-tables.js";
import { readyAhead } from "./workspace.js";

/**
 * A simulation worker: takes the resolved scenario and policies from its data, the population
 * from the first message (and makes its buffers while the main thread makes the static tables),
 * the static tables from the second, then runs replications, each taken from the shared counter,
 * and sends back each one's metric arrays, until none is left.
 */
const { inputs, crn, next } = workerData as { inputs: Resolved; crn?: boolean; next: Int32Array };
const port = parentPort;
if (port) {
  port.once("message", ({ base }: { base: Population }) => {
    const treatments = inputs.policies.map((lp) => Object.keys(lp.policy.treatments).length);
    readyAhead(base, treatments, crn !== false);
    port.once("message", async ({ tables }: { tables: StaticTable[] }) => {
      const prepared = { ...inputs, base, tables };
      const R = inputs.scenario.replications;
      for (let rep = Atomics.add(next, 0, 1); rep < R; rep = Atomics.add(next, 0, 1)) {
        const done = await runHere(prepared, { crn }, rep, false);
        port.postMessage(
          done,
          done.metrics.map((m) => m.buffer as ArrayBuffer),
        );
      }
      port.close();
    });
  });
}
