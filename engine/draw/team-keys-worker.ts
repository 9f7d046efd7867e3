import { parentPort, workerData } from "node:worker_threads";
import { TicketSource } from "../tickets.js";
import { barId } from "./teams.js";

/**
 * A team ticket worker (see TeamKeysAhead): for each chunk of visits it is sent, the keys of
 * every inspector of each staffed department, visit after visit, written into the shared block
 * it is told; then it says which chunk is done.
 */
const { seed, ids, blocks } = workerData as { seed: string; ids: string[][]; blocks: Float64Array };
const tickets = new TicketSource(seed);
const byDepartment = ids.map((list) => list.map(barId));
const encoder = new TextEncoder();
parentPort?.on("message", (job: { chunk: number; at: number; usccs: string[]; deps: number[][] }) => {
  let at = job.at;
  job.usccs.forEach((uscc, v) => {
    const code = encoder.encode(uscc);
    for (const d of job.deps[v])
      for (const id of byDepartment[d]) blocks[at++] = tickets.keyOfParts(code, id);
  });
  parentPort?.postMessage(job.chunk);
});
