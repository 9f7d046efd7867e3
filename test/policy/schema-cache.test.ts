import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { readKept, writeKept } from "../../engine/kept-code.js";
import { POLICY_SCHEMA_URL } from "../../engine/policy/schema.js";
import { schemaValidator } from "../../engine/policy/schema-validator.js";
import { tmp } from "../helpers/tmp.js";

const policySchema = readFileSync(POLICY_SCHEMA_URL, "utf8");
/** Values that break the policy schema in several ways at once. */
const bad: unknown[] = [
  {},
  { policy: 1, rules: [{}] },
  { policy: "p", version: "1.0.0", status: "final", cadence: "week", treatments: { x: { ratio: 2 } } },
];

/** The errors a validator gives for `value`, as Ajv's own compiled validator would give them. */
function errorsOf(validate: ReturnType<typeof schemaValidator>, value: unknown): unknown {
  validate(value);
  return validate.errors;
}

describe("compiled schemas are kept between runs", () => {
  it("a schema's validator is kept as code, and the kept code finds the errors Ajv finds", () => {
    const dir = tmp();
    const compiled = schemaValidator(policySchema, dir);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const kept = schemaValidator(policySchema, dir);
    expect(kept).not.toBe(compiled);
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, code: { optimize: false } });
    const reference = ajv.compile(JSON.parse(policySchema));
    for (const value of bad) {
      expect(errorsOf(kept, value)).toEqual(errorsOf(reference, value));
      expect(errorsOf(compiled, value)).toEqual(errorsOf(reference, value));
    }
    expect(readdirSync(dir)).toEqual(files);
    // The next start runs the kept code: here, code put in its place.
    const file = join(dir, files[0]);
    const mark = readFileSync(file, "utf8").split("{")[0];
    const meta = readKept<object>(file, mark)?.meta as object;
    writeKept(file, mark, meta, 'module.exports = () => "the kept code";');
    expect(schemaValidator(policySchema, dir)({})).toBe("the kept code");
  });

  it("a changed schema is compiled again, not answered by the code kept for the old one", () => {
    const dir = tmp();
    const schema = (type: string) => JSON.stringify({ type: "object", properties: { n: { type } } });
    expect(schemaValidator(schema("number"), dir)({ n: 1 })).toBe(true);
    expect(schemaValidator(schema("string"), dir)({ n: 1 })).toBe(false);
    expect(schemaValidator(schema("string"), dir)({ n: "1" })).toBe(true);
  });

  it("kept code that is damaged or cut short is compiled again", () => {
    const dir = tmp();
    const schema = JSON.stringify({ type: "object", required: ["n"] });
    schemaValidator(schema, dir);
    const file = join(dir, readdirSync(dir)[0]);
    const whole = readFileSync(file, "utf8");
    for (const damaged of [whole.slice(0, 30), whole.slice(0, -10), whole.replace('"n"', '"m"')]) {
      writeFileSync(file, damaged);
      const validate = schemaValidator(schema, dir);
      expect(validate({ m: 1 })).toBe(false);
      expect(validate({ n: 1 })).toBe(true);
      const rewritten = readFileSync(file, "utf8");
      expect(rewritten).not.toBe(damaged);
      // Whole again: the next start takes it as it is.
      schemaValidator(schema, dir);
      expect(readFileSync(file, "utf8")).toBe(rewritten);
    }
  });

  it("where no code can be kept, the schema is compiled at each start", () => {
    const blocked = join(tmp(), "a-file");
    writeFileSync(blocked, "");
    const validate = schemaValidator(policySchema, join(blocked, "cache"));
    expect(errorsOf(validate, bad[1])).not.toEqual([]);
  });
});
