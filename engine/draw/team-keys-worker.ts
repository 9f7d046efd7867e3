import { parentPort, workerData } from "node:worker_threads";
import { TeamKeyLanes } from "./team-key-lanes.js";
import { barId } from "./teams.js";

/**
 * A team ticket worker (see TeamKeysAhead): for each chunk of visits it is sent, the keys of
 * every inspector of each staffed department, visit after visit, written into the shared block
 * it is told; then it says which chunk is done.
 */
const { seed, ids, blocks } = workerData as { seed: string; ids: string[][]; blocks: Float64Array };
const lanes = new TeamKeyLanes(
  seed,
  ids.map((list) => list.map(barId)),
);
const encoder = new TextEncoder();
parentPort?.on("message", (job: { chunk: number; at: number; usccs: string[]; deps: number[][] }) => {
  let at = job.at;
  job.usccs.forEach((uscc, v) => {
    at = lanes.visitInto(encoder.encode(uscc), job.deps[v], blocks, at);
  });
  parentPort?.postMessage(job.chunk);
});
