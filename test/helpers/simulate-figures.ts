import { simulate } from "../../simulator/run.js";

/**
 * Run as `node [flags] --import tsx test/helpers/simulate-figures.ts REQUEST`: a simulation of the
 * request (JSON) in this process, its figures (each variant's metrics and differences) printed as
 * JSON with whether WebAssembly was here, for a test to compare with the same simulation under
 * other flags.
 */
const r = await simulate(JSON.parse(process.argv[2] as string));
const figures = r.variants.map((v) => ({ policy: v.policy, metrics: v.metrics, differences: v.differences }));
process.stdout.write(`${JSON.stringify({ webAssembly: typeof WebAssembly !== "undefined", figures })}\n`);
