/** A JSON schema's validator, compiled by Ajv once and kept on disk as its standalone code. */
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ValidateFunction } from "ajv";
import { sha256 } from "../canonical.js";
import { readKept, writeKept } from "../kept-code.js";

/** Where compiled schemas are kept: in the project's node_modules, beside the worker bundles. */
export const SCHEMA_CACHE = fileURLToPath(
  new URL("../../node_modules/.cache/gradedraw/schemas/", import.meta.url),
);

const require = createRequire(import.meta.url);
const AJV_OPTIONS = {
  allErrors: true,
  strict: false,
  verbose: true,
  code: { optimize: false, source: true },
};
/** The first line of a kept validator, before the JSON of what it was compiled from (see {@link readKept}). */
const MARK = "// gradedraw schema validator: ";

/**
 * The validator of a JSON schema (its text), compiled by Ajv, and kept as Ajv's standalone code
 * in the folder `dir` to be used again by the next run: compiling a schema takes Ajv 60 to 90 ms
 * at each start, loading its kept code about 3 ms, without loading Ajv. The code is compiled again
 * when the schema, Ajv's version or its options change, or when it cannot be kept.
 */
export function schemaValidator(schema: string, dir: string): ValidateFunction {
  const ajvVersion = (require("ajv/package.json") as { version: string }).version;
  const key = sha256(JSON.stringify([schema, ajvVersion, AJV_OPTIONS]));
  const file = join(dir, `${key.slice(0, 16)}.cjs`);
  const kept = readKept<{ key: string }>(file, MARK);
  if (kept?.meta.key === key) return load(kept.code);
  // An Ajv of its own: one Ajv refuses a second schema with the same `$id`, changed or not.
  const ajv = new (require("ajv") as typeof import("ajv")).Ajv(AJV_OPTIONS);
  const validate = ajv.compile(JSON.parse(schema));
  try {
    const standaloneCode = (
      require("ajv/dist/standalone/index.js") as typeof import("ajv/dist/standalone/index.js")
    ).default;
    writeKept(file, MARK, { key }, standaloneCode(ajv, validate));
  } catch {
    // Not kept (a folder that cannot be written): compiled again next time.
  }
  return validate;
}

/** The validator exported by standalone code (CommonJS, requiring Ajv's runtime helpers). */
function load(code: string): ValidateFunction {
  const module = { exports: {} as { default?: ValidateFunction } };
  new Function("module", "exports", "require", code)(module, module.exports, require);
  return module.exports as ValidateFunction;
}
