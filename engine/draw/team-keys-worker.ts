import { parentPort, workerData } from "node:worker_threads";
import { TicketSource } from "../tickets.js";
import { barId, teamKey } from "./teams.js";

/**
 * A team ticket worker (see TeamKeysAhead): for each chunk of visits it is sent, the keys of
 * every inspector of each staffed department, visit after visit, in one block sent back.
 */
const { seed, ids } = workerData as { seed: string; ids: string[][] };
const tickets = new TicketSource(seed);
const byDepartment = ids.map((list) => list.map(barId));
const encoder = new TextEncoder();
parentPort?.on("message", (job: { chunk: number; usccs: string[]; deps: number[][] }) => {
  let total = 0;
  for (const deps of job.deps) for (const d of deps) total += byDepartment[d].length;
  const keys = new Float64Array(total);
  let at = 0;
  job.usccs.forEach((uscc, v) => {
    const code = encoder.encode(uscc);
    for (const d of job.deps[v]) for (const id of byDepartment[d]) keys[at++] = teamKey(tickets, code, id);
  });
  parentPort?.postMessage({ chunk: job.chunk, keys }, [keys.buffer]);
});
