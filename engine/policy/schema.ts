import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ErrorObject, ValidateFunction } from "ajv";
import { type Lang, tr } from "../lang.js";
import { enumMessage, patternMessage, typedNumber, typeMessage } from "./schema-messages.js";
import { SCHEMA_CACHE, schemaValidator } from "./schema-validator.js";
import type { NodePath } from "./yaml-source.js";

/** Where the published schemas live (editors read them through `# yaml-language-server: $schema=`). */
export const POLICY_SCHEMA_URL = new URL("../../policies/policy.schema.json", import.meta.url);
export const VARIANT_SCHEMA_URL = new URL("../../policies/variant.schema.json", import.meta.url);

const require = createRequire(import.meta.url);

/** The validators compiled or loaded in this process, by schema. */
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
    validate = schemaValidator(readFileSync(url, "utf8"), SCHEMA_CACHE);
    compiled.set(url.href, validate);
  }
  if (validate(value)) return [];
  // A name a `propertyNames` pattern refuses is said once, at the name, by the `propertyNames` error.
  const errors = pruneOneOf(validate.errors ?? []).filter(
    (e) => e.keyword === "propertyNames" || e.propertyName === undefined,
  );
  const ownMessages = new Map(
    errors.flatMap((e) => {
      const said = ownMessage(e, lang);
      return said === undefined ? [] : [[e, said] as const];
    }),
  );
  if (lang === "zh") (require("ajv-i18n/localize/zh") as (errors: ErrorObject[]) => void)(errors);
  return errors.map((e) => toSchemaError(e, lang, ownMessages.get(e)));
}

/** What gradedraw says of an error instead of Ajv, where it has better words (see schema-messages.ts); undefined where not. */
function ownMessage(e: ErrorObject, lang: Lang): string | undefined {
  const name = nameOf(e);
  switch (e.keyword) {
    case "oneOf":
      return describeOneOf(e, lang);
    case "pattern":
      return patternMessage(e.parentSchema, name, lang, e.data);
    case "propertyNames":
      return patternMessage(e.schema, String(e.params.propertyName), lang);
    case "enum":
      return enumMessage(e.params.allowedValues as unknown[], e.data, name, lang);
    case "minItems":
    case "minProperties": {
      const least = Number(e.params.limit);
      const list = e.keyword === "minItems";
      return least === 1
        ? tr(
            lang,
            `\`${name}\` is empty: give at least one ${list ? "item" : "entry (name: value)"}`,
            `\`${name}\` 为空：至少应有一项${list ? "" : "（名称: 值）"}`,
          )
        : tr(
            lang,
            `\`${name}\` must have at least ${least} ${list ? "items" : "entries"}`,
            `\`${name}\` 至少应有 ${least} 项`,
          );
    }
    case "type": {
      // A number or a mapping of one per name (a scenario's perInspector): said as the number first.
      const types = String(e.params.type).split(",");
      if (types.length === 2 && types.includes("number") && types.includes("object"))
        return `${typeMessage("number", e.data, name, lang)}${tr(lang, ", or a mapping of one per name (name: value)", "，或逐项给出（名称: 值）")}`;
      // A mapping of one per name or a file (a scenario's inspectors: per department, or the directory).
      if (types.length === 2 && types.includes("object") && types.includes("string"))
        return tr(
          lang,
          `\`${name}\` must be a mapping of one per name (name: value), or a file's path`,
          `\`${name}\` 应为逐项给出的映射（名称: 值），或文件路径`,
        );
      // A ratio's bounds are fractions too, their range checked with the ratio's.
      const bound = /\/ratio\/(min|max)$/.test(e.instancePath);
      const fraction = bound || isFraction(e.parentSchema);
      const said = bound ? `ratio.${name}` : name;
      return (
        (fraction ? percentHint(e.data, said, lang) : undefined) ??
        (textAsWritten(e) ? undefined : patternMessage(e.parentSchema, said, lang)) ??
        typeMessage(e.params.type, e.data, said, lang, fraction)
      );
    }
    default:
      return undefined;
  }
}

/**
 * True where a text of a pattern was written without quotes and read by YAML as a number or
 * true/false, its text of the pattern's form (a scenario's `start: 2026`, the year): it is told to
 * be written in quotes, not told the forms it has already.
 */
function textAsWritten(e: ErrorObject): boolean {
  const pattern = (e.parentSchema as { pattern?: unknown } | undefined)?.pattern;
  return (
    e.params.type === "string" &&
    (typeof e.data === "number" || typeof e.data === "boolean") &&
    typeof pattern === "string" &&
    new RegExp(pattern, "u").test(String(e.data))
  );
}

/**
 * Drops the errors of the branches of a failed `oneOf`, which only restate the alternatives: those
 * under it in the schema, and those of its node that say what a branch wants (a branch reached
 * through `$ref` has a schema path of its own). Where the node has the form of one branch and is
 * wrong only inside (a transition of 1.5 in `transitions`' mapping, a `max` of {min, max} that is
 * no number), the errors inside are said instead of the `oneOf`'s, which would ask for a form the
 * node already has.
 */
function pruneOneOf(errors: ErrorObject[]): ErrorObject[] {
  const oneOfs = errors.filter((e) => e.keyword === "oneOf");
  const meant = new Set(oneOfs.filter((o) => formMatched(o, errors)));
  const alternative = (e: ErrorObject) => ["required", "type", "const", "enum"].includes(e.keyword);
  return errors.filter((e) => {
    if (meant.has(e)) return false;
    return !oneOfs.some((o) => {
      if (o === e) return false;
      const at = e.instancePath === o.instancePath;
      // A `oneOf` of a definition used at several nodes has one schema path for all of them.
      const branch =
        (at || e.instancePath.startsWith(`${o.instancePath}/`)) &&
        e.schemaPath.startsWith(`${o.schemaPath}/`);
      if (meant.has(o)) return at && branch;
      return (branch && (at || alternative(e))) || (at && alternative(e));
    });
  });
}

/**
 * True for a failed `oneOf` none of whose branches passed, one of which has no error at the node
 * itself, only beneath it: the node has that branch's form.
 */
function formMatched(o: ErrorObject, errors: ErrorObject[]): boolean {
  if (o.params.passingSchemas != null || !Array.isArray(o.schema)) return false;
  if (!errors.some((e) => e.instancePath.startsWith(`${o.instancePath}/`))) return false;
  return o.schema.some(
    (_, i) =>
      !errors.some(
        (e) => e.instancePath === o.instancePath && e.schemaPath.startsWith(`${o.schemaPath}/${i}/`),
      ),
  );
}

/** True for the schema of a number from 0 to 1 (a share, a probability), which a percentage may be written for. */
function isFraction(schema: unknown): boolean {
  const s = schema as { type?: unknown; maximum?: unknown } | undefined;
  return s?.type === "number" && s.maximum === 1;
}

/** The name of the node an error is about: the last key of its path. */
function nameOf(e: ErrorObject): string {
  return nodeName(pathOf(e));
}

/** The path of the node an error is about, its JSON pointer's escapes undone, list indexes as numbers. */
function pathOf(e: ErrorObject): (string | number)[] {
  return e.instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * A node as messages name it: its key, or for an element of a list its list and its place counted
 * from 1 as the file shows them (`items #4`), not the index alone (`3`).
 */
function nodeName(path: readonly (string | number)[]): string {
  const last = String(path.at(-1) ?? "");
  return /^\d+$/.test(last) && path.length > 1 ? `${String(path.at(-2))} #${Number(last) + 1}` : last;
}

/**
 * For a number written as a percentage (`5%`, as officers say ratios and shares), how to write it;
 * in {min, max}, for the bound so written. Undefined for anything else.
 */
function percentHint(data: unknown, name: string, lang: Lang): string | undefined {
  if (typeof data === "object" && data !== null) {
    const bounds = data as Record<string, unknown>;
    return percentHint(bounds.min, name, lang) ?? percentHint(bounds.max, name, lang);
  }
  const m = typeof data === "string" ? /^\s*(\d+(?:\.\d+)?)\s*[%％]\s*$/.exec(data) : null;
  if (!m) return undefined;
  const fraction = Number((Number(m[1]) / 100).toPrecision(12));
  return tr(
    lang,
    `\`${name}\` is written as a percentage, \`${data}\`: write it as a fraction, ${fraction}`,
    `\`${name}\` 写成了百分数 \`${data}\`：请写成小数 ${fraction}`,
  );
}

/** For a ratio, or a bound of one, typed with a Chinese input method (0。3, ０.３, 0.3，), the number meant. */
function typedHint(data: unknown, name: string, lang: Lang): string | undefined {
  if (typeof data === "object" && data !== null) {
    const bounds = data as Record<string, unknown>;
    return typedHint(bounds.min, `${name}.min`, lang) ?? typedHint(bounds.max, `${name}.max`, lang);
  }
  const meant = typeof data === "string" ? typedNumber(data) : undefined;
  if (meant === undefined) return undefined;
  return tr(
    lang,
    `\`${name}\` must be a number: for '${data}' write ${meant}`,
    `\`${name}\` 应为数字：“${data}”请写作 ${meant}`,
  );
}

/**
 * What a failed `oneOf` of the policy and scenario schemas asks for, by the node it is about (a
 * `oneOf` reached through `$ref` has no schema path of its own); undefined for another, whose
 * message is Ajv's.
 */
function describeOneOf(e: ErrorObject, lang: Lang): string | undefined {
  const at = e.instancePath;
  if (/\/ratio$/.test(at))
    return (
      percentHint(e.data, "ratio", lang) ??
      typedHint(e.data, "ratio", lang) ??
      tr(lang, "ratio must be a number or {min, max}", "抽查比例应为 0–1 的数字或 {min, max}")
    );
  if (/^\/rules\/\d+\/conditions(\/|$)/.test(at))
    return tr(
      lang,
      "a condition needs exactly one of `all`, `any`, `not`, or `fact` + `operator` + `value`",
      "条件应为 all、any、not 之一，或 fact + operator + value",
    );
  if (at === "/population")
    return tr(
      lang,
      "`population` needs either `enterprises` (a file of enterprises) or `size`, `grades`, `keyShare`, `industries` and `regions` (a synthetic district), not both",
      "`population` 应给出 `enterprises`（企业名录文件），或 `size`、`grades`、`keyShare`、`industries` 与 `regions`（合成辖区），二者取其一",
    );
  if (at === "/behaviour/transitions")
    return tr(
      lang,
      "`transitions` must be `none` or a mapping with `normal` and `found`",
      "`transitions` 应为 `none`，或包含 `normal` 与 `found` 的映射",
    );
  if (/^\/assumptions\/\d+\/(text|source)$/.test(at)) {
    const name = at.split("/").pop();
    return tr(
      lang,
      `\`${name}\` must be a text, or its Chinese and English {zh, en}`,
      `\`${name}\` 应为一段文本，或其中英文 {zh, en}`,
    );
  }
  return undefined;
}

function toSchemaError(e: ErrorObject, lang: Lang, ownMessage?: string): SchemaError {
  const path = pathOf(e);
  const name = nodeName(path);
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
      message:
        ownMessage ??
        tr(
          lang,
          `\`${String(e.params.propertyName)}\` is not a valid name`,
          `\`${String(e.params.propertyName)}\` 不是有效的名称`,
        ),
    };
  }
  return { path, key: false, message: `${ownMessage ?? (name ? `\`${name}\` ${e.message}` : e.message)}` };
}

function where(name: string): string {
  return name ? ` in \`${name}\`` : "";
}

function whereZh(name: string): string {
  return name ? `（位于 \`${name}\`）` : "";
}
