// Entry of every worker thread: loads the TypeScript module named in its data through tsx, as
// bin/gradedraw.js does for the command, since a worker does not inherit the main thread's loader.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.module);
