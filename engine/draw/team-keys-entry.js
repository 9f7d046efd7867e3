// Entry of a team ticket worker thread: loads the TypeScript worker through tsx, as
// bin/gradedraw.js does for the command, since a worker does not inherit the main thread's loader.
import { register } from "tsx/esm/api";

register();
await import("./team-keys-worker.ts");
