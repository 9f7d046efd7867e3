import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { type Lang, tr } from "../lang.js";
import type { NodePath } from "./yaml-source.js";

/** Where the published schemas live (editors read them through `# yaml-language-server: $schema=`). */
export const POLICY_SCHEMA_URL = new URL("../../policies/policy.schema.json", import.meta.url);
export const VARIANT_SCHEMA_URL = new URL("../../policies/variant.schema.json", import.meta.url);

const localizeZh: (errors: ErrorObject[]) => void = createRequire(import.meta.url)("ajv-i18n/localize/zh");
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, code: { optimize: false } });
const compiled = new Map<string, ValidateFunction>();

/** A schema violation with the path of the node it concerns. */
export interface SchemaError {
  readonly path: NodePath;
  /** True when the error is about a key itself (e.g. an unknown property). */
  readonly key: boolean;
  readonly message: string;
}

/** Validates a value against a published schema, returning every error at its node. */
export function checkSchema(url: URL, value: unknown, lang: Lang): SchemaError[] {
  let validate = compiled.get(url.href);
  if (!validate) {
    validate = ajv.compile(JSON.parse(readFileSync(url, "utf8")));
    compiled.set(url.href, validate);
  }
  if (validate(value)) return [];
  const errors = pruneOneOf(validate.errors ?? []);
  const oneOfMessages = new Map(
    errors.filter((e) => e.keyword === "oneOf").map((e) => [e, describeOneOf(e, lang)]),
  );
  if (lang === "zh") localizeZh(errors);
  return errors.map((e) => toSchemaError(e, lang, oneOfMessages.get(e)));
}

/** Drops the errors of the branches of a failed `oneOf`, which only restate the alternatives. */
function pruneOneOf(errors: ErrorObject[]): ErrorObject[] {
  const oneOfs = errors.filter((e) => e.keyword === "oneOf");
  return errors.filter(
    (e) =>
      !oneOfs.some(
        (o) =>
          o !== e &&
          e.schemaPath.startsWith(`${o.schemaPath}/`) &&
          (e.instancePath === o.instancePath || e.keyword === "required" || e.keyword === "type"),
      ),
  );
}

function describeOneOf(e: ErrorObject, lang: Lang): string {
  const path = e.instancePath;
  if (/\/ratio$/.test(path)) {
    return lang === "zh" ? "抽查比例应为 0–1 的数字或 {min, max}" : "ratio must be a number or {min, max}";
  }
  return lang === "zh"
    ? "条件应为 all、any、not 之一，或 fact + operator + value"
    : "a condition needs exactly one of `all`, `any`, `not`, or `fact` + `operator` + `value`";
}

function toSchemaError(e: ErrorObject, lang: Lang, oneOfMessage?: string): SchemaError {
  const path: (string | number)[] = e.instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const name = path.length ? String(path[path.length - 1]) : "";
  if (e.keyword === "additionalProperties") {
    const prop = String(e.params.additionalProperty);
    return {
      path: [...path, prop],
      key: true,
      message: tr(lang, `unknown property \`${prop}\`${where(name)}`, `未知字段 \`${prop}\`${whereZh(name)}`),
    };
  }
  if (e.keyword === "required") {
    const missing = String(e.params.missingProperty);
    return {
      path,
      key: false,
      message: tr(
        lang,
        `missing property \`${missing}\`${where(name)}`,
        `缺少字段 \`${missing}\`${whereZh(name)}`,
      ),
    };
  }
  if (e.keyword === "enum") {
    const allowed = (e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ");
    return { path, key: false, message: `\`${name}\` ${e.message}: ${allowed}` };
  }
  if (e.keyword === "const") {
    const allowed = JSON.stringify(e.params.allowedValue);
    return {
      path,
      key: false,
      message: tr(lang, `\`${name}\` must be ${allowed}`, `\`${name}\` 必须为 ${allowed}`),
    };
  }
  if (e.keyword === "propertyNames") {
    return {
      path: [...path, String(e.params.propertyName)],
      key: true,
      message: tr(
        lang,
        `\`${String(e.params.propertyName)}\` is not a valid name`,
        `\`${String(e.params.propertyName)}\` 不是有效的名称`,
      ),
    };
  }
  return { path, key: false, message: `${oneOfMessage ?? (name ? `\`${name}\` ${e.message}` : e.message)}` };
}

function where(name: string): string {
  return name ? ` in \`${name}\`` : "";
}

function whereZh(name: string): string {
  return name ? `（位于 \`${name}\`）` : "";
}
