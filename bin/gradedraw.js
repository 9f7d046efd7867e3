#!/usr/bin/env node
// Entry point of the `gradedraw` command: loads the TypeScript sources through tsx, so the
// command works straight after `npm ci` without a build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./cli.ts");
process.exitCode = await main(process.argv.slice(2));
