import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { RuleConflictError } from "./evaluate.js";
import { workerBundle } from "./worker-bundle.js";

/** Where worker bundles are kept: in the project's node_modules, so that their packages are found. */
const CACHE = fileURLToPath(new URL("../node_modules/.cache/gradedraw/workers/", import.meta.url));

/** The bundle of each worker module, or undefined where it has none, looked up once per process. */
const bundles = new Map<string, string | undefined>();

/**
 * A worker thread running the TypeScript module at `module`, with `data` as its workerData: its
 * bundle (see {@link workerBundle}), or else the module itself through tsx, since a worker does
 * not inherit the main thread's loader.
 */
export function moduleWorker(module: URL, data: Record<string, unknown>): Worker {
  const path = fileURLToPath(module);
  if (!bundles.has(path)) bundles.set(path, workerBundle(path, CACHE));
  const bundle = bundles.get(path);
  if (bundle) {
    try {
      return new Worker(pathToFileURL(bundle), { workerData: data, execArgv: withoutTsx(process.execArgv) });
    } catch (e) {
      // Node refuses V8 options given to a worker (node --max-old-space-size=8192 …), though a
      // worker inherits them: then it inherits this thread's options, tsx's among them.
      if ((e as { code?: string }).code !== "ERR_WORKER_INVALID_EXEC_ARGV") throw e;
      return new Worker(pathToFileURL(bundle), { workerData: data });
    }
  }
  return new Worker(new URL("./worker-entry.js", import.meta.url), {
    workerData: { ...data, module: module.href },
  });
}

/**
 * Settled when worker `w` ends: fulfilled when it exits of itself, rejected with what it threw. A
 * thread's error crosses as a plain Error with its own fields (the structured clone keeps no
 * class): a tie of a policy's rules, which the commands say as the policy's to mend, is made a
 * RuleConflictError again, where it would have been an internal error.
 */
export function threadDone(w: Worker): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    w.on("error", (e) => reject(asThrown(e)));
    w.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`worker thread exited with ${code}`))));
  });
}

/** A worker's error as the class it was thrown as, where this thread tells that class apart. */
function asThrown(e: Error): Error {
  const { rules, uscc, policy } = e as Error & Partial<RuleConflictError>;
  if (
    e.name === "RuleConflictError" &&
    rules?.length === 2 &&
    typeof uscc === "string" &&
    typeof policy === "string"
  )
    return new RuleConflictError([rules[0], rules[1]], uscc, policy);
  return e;
}

/** Node's options that load a module before the main one. */
const PRELOADS = ["--import", "--require", "-r", "--loader", "--experimental-loader"];

/** Node's options without those loading tsx (`--import tsx`), which a bundle does not need. */
export function withoutTsx(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const [option, attached] = execArgv[i].split(/=(.*)/s);
    if (!PRELOADS.includes(option)) {
      out.push(execArgv[i]);
      continue;
    }
    const value = attached ?? execArgv[++i] ?? "";
    if (!/(^|[\\/])tsx([\\/]|$)/.test(value))
      out.push(...(attached === undefined ? [option, value] : [execArgv[i]]));
  }
  return out;
}
