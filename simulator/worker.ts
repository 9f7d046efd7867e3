import { parentPort, workerData } from "node:worker_threads";
import { runReplications, type SimulationRequest } from "./run.js";

/** A simulation worker: runs its share of replications and sends back the metric arrays. */
const { request, reps } = workerData as { request: SimulationRequest; reps: number[] };
const metrics = await runReplications(request, reps, (enterprisePeriods, seconds) =>
  parentPort?.postMessage({ kind: "rep", enterprisePeriods, seconds }),
);
parentPort?.postMessage({ kind: "done", metrics });
