#!/usr/bin/env node
// Entry point of the `gradedraw` command: checks the Node.js version, gives a run whose enterprise
// file needs more heap than Node.js allows by default a child process with that heap (see heap.js),
// then loads the TypeScript sources through tsx, so the command works straight after `npm ci`
// without a build step.
import { childOfHeap, heapNote, heapToAsk, runWithHeap, thisMachine } from "./heap.js";
import { unsupportedNode } from "./node-version.js";

const unsupported = unsupportedNode(process.versions.node);
if (unsupported) {
  process.stderr.write(`${unsupported}\n`);
  process.exit(1);
}
const argv = process.argv.slice(2);
const ask = heapToAsk(argv, thisMachine());
if (ask) {
  process.stderr.write(heapNote(ask, argv));
  process.exitCode = await runWithHeap(ask.heapMb);
} else {
  childOfHeap();
  const { register } = await import("tsx/esm/api");
  register();
  const { main } = await import("./cli.ts");
  process.exitCode = await main(argv);
}
