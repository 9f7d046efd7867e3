#!/usr/bin/env node
// Entry point of the `gradedraw` command: checks the Node.js version, then loads the TypeScript
// sources through tsx, so the command works straight after `npm ci` without a build step.
import { unsupportedNode } from "./node-version.js";

const unsupported = unsupportedNode(process.versions.node);
if (unsupported) {
  process.stderr.write(`${unsupported}\n`);
  process.exit(1);
}
const { register } = await import("tsx/esm/api");
register();
const { main } = await import("./cli.ts");
process.exitCode = await main(process.argv.slice(2));
