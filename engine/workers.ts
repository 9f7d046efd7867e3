import { Worker } from "node:worker_threads";

/** A worker thread running the TypeScript module at `module`, with `data` as its workerData. */
export function moduleWorker(module: URL, data: Record<string, unknown>): Worker {
  return new Worker(new URL("./worker-entry.js", import.meta.url), {
    workerData: { ...data, module: module.href },
  });
}
