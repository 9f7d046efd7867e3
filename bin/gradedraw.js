#!/usr/bin/env node
// Entry point of the `gradedraw` command: checks the Node.js version, gives a run whose enterprise
// file needs more heap than Node.js allows by default a child process with that heap (see heap.js),
// then loads the command line from its bundle (see cli-bundle.js), or its TypeScript sources
// through tsx where there is none, so the command works straight after `npm ci` without a build step.
import { bundledMain } from "./cli-bundle.js";
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
  // GRADEDRAW_NO_BUNDLE=1 runs the sources through tsx (a test compares the two ways).
  const main = (process.env.GRADEDRAW_NO_BUNDLE ? undefined : await bundledMain()) ?? (await throughTsx());
  process.exitCode = await main(argv);
}

/** The command line's `main` loaded through tsx, where its bundle cannot be had. */
async function throughTsx() {
  const { register } = await import("tsx/esm/api");
  register();
  return (await import("./cli.ts")).main;
}
