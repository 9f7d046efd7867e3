import { parentPort } from "node:worker_threads";
import { TeamKeyLanes } from "./team-key-lanes.js";
import { barId } from "./teams.js";

/**
 * A team ticket worker (see TeamKeysAhead). Its first message gives the seed, the ids of each
 * department's inspectors and the shared blocks (it may be started before the draw knows them:
 * see TeamKeyWorkers); then for each chunk of visits it is sent, it writes the keys of every
 * inspector of each staffed department, visit after visit, into the block it is told, and says
 * which chunk is done.
 */
interface Start {
  seed: string;
  ids: string[][];
  blocks: Float64Array;
}
interface Job {
  chunk: number;
  at: number;
  usccs: string[];
  deps: number[][];
}

let lanes: TeamKeyLanes | undefined;
let blocks: Float64Array<ArrayBufferLike> = new Float64Array(0);
const encoder = new TextEncoder();
parentPort?.on("message", (message: Start | Job) => {
  if ("seed" in message) {
    lanes = new TeamKeyLanes(
      message.seed,
      message.ids.map((list) => list.map(barId)),
    );
    blocks = message.blocks;
    return;
  }
  const job = message;
  let at = job.at;
  job.usccs.forEach((uscc, v) => {
    at = (lanes as TeamKeyLanes).visitInto(encoder.encode(uscc), job.deps[v], blocks, at);
  });
  parentPort?.postMessage(job.chunk);
});
