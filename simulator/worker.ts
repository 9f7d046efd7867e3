import { parentPort, workerData } from "node:worker_threads";
import type { Population } from "./population.js";
import { type Prepared, resolve, runHere, type SimulationRequest } from "./run.js";

/**
 * A simulation worker: resolves the scenario and policies, takes the population the main thread
 * prepared, says it is ready, then runs each replication it is sent and sends back its metric
 * arrays, until told to stop.
 */
const { request } = workerData as { request: SimulationRequest };
const inputs = resolve(request);
let prepared: Prepared | undefined;
const port = parentPort;
if (port) {
  port.on(
    "message",
    async (
      msg: { kind: "population"; base: Population } | { kind: "run"; rep: number } | { kind: "stop" },
    ) => {
      if (msg.kind === "population") {
        prepared = { ...inputs, base: msg.base };
        port.postMessage({ kind: "ready" });
      } else if (msg.kind === "stop") port.close();
      else if (prepared) {
        const done = await runHere(prepared, request, msg.rep, false);
        port.postMessage(
          { kind: "done", ...done },
          done.metrics.map((m) => m.buffer as ArrayBuffer),
        );
      }
    },
  );
}
