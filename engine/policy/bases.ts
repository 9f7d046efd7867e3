/**
 * A variant's base found near it: the full policies in the variant's folder and its parent, each
 * known by the id and version its file says, and what an `extends` that names none of them means.
 */
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Lang } from "../lang.js";
import { policyId } from "./types.js";
import { nearestName } from "./vocabulary.js";
import { parseYaml } from "./yaml-source.js";
import { decodeYaml, readAtMost, TEXT_FILE_MOST } from "./yaml-text.js";

/** Finds the file defining `policy@version` in `dir` or its parent folder (full policies only). */
export function findPolicyFile(id: string, dir: string): string | undefined {
  return basesNear(dir).find((b) => b.id === id)?.file;
}

/** The full policies beside a variant and in its parent folder, as id@version, with their files. */
function basesNear(dir: string): { id: string; file: string }[] {
  return [dir, dirname(dir)].flatMap((d) =>
    listYaml(d).flatMap((f) => {
      const h = headerOf(f);
      return h && typeof h.policy === "string" && typeof h.version === "string" && !h.extends
        ? [{ id: policyId({ policy: h.policy, version: h.version }), file: f }]
        : [];
    }),
  );
}

/** The policies of the same id as `wanted` near a variant, said after "not found": those it may mean. */
export function nearBases(wanted: string, dir: string, lang: Lang): string {
  const near = basesNear(dir);
  // The policy's own versions, or those of the id it most likely misspells.
  const ids = new Set(near.map((b) => b.id.split("@")[0]));
  const policy = wanted.split("@")[0];
  const meant = ids.has(policy) ? policy : nearestName(policy, ids);
  // Once each: two files may hold one version (a copy, or a version edited in place).
  const named = [...new Set(near.filter((b) => b.id.split("@")[0] === meant).map((b) => b.id))];
  if (!named.length) return "";
  return lang === "zh" ? `（此处有：${named.join("、")}）` : ` (there: ${named.join(", ")})`;
}

/**
 * The id@version an `extends` that is no id@version means: the base's file written instead (the
 * policy and version that file holds), or the policy's id alone where one version of it is near.
 */
export function extendsMeant(written: unknown, dir: string): string | undefined {
  if (typeof written !== "string" || written.includes("@")) return undefined;
  const near = basesNear(dir);
  const path = join(dir, written);
  const byFile = near.find((b) => b.file === path);
  if (byFile) return byFile.id;
  const same = near.filter((b) => b.id.split("@")[0] === written);
  return same.length === 1 ? same[0].id : undefined;
}

type Header = { policy?: unknown; version?: unknown; extends?: unknown } | undefined;
const headers = new Map<string, { text: string; header: Header }>();

/**
 * What a YAML file says it is. Kept by file and text: the variants of one policy, loaded together,
 * each look through the same folders for their base, and parse each file there once between them
 * (and not at all a file loaded as a policy already).
 */
function headerOf(file: string): Header {
  // A file that is neither UTF-8 nor GBK says nothing, like one that is not a policy, or one that
  // cannot be read (a link leading nowhere: its own reading says so where it is loaded).
  let bytes: Buffer | undefined;
  try {
    // Not a pipe or a device (opening a pipe nobody writes waits for ever).
    if (!statSync(file).isFile()) return undefined;
    bytes = readAtMost(file, TEXT_FILE_MOST);
  } catch {
    return undefined;
  }
  if (!bytes) return undefined;
  const text = decodeYaml(bytes) ?? "";
  const seen = headers.get(file);
  if (seen?.text === text) return seen.header;
  const header = headerIn(parseYaml(file, text).value);
  headers.set(file, { text, header });
  return header;
}

/** Keeps what a file parsed to be loaded says it is, so a variant looking for its base does not parse it again. */
export function keepHeader(file: string, text: string, value: unknown): void {
  headers.set(file, { text, header: headerIn(value) });
}

/** The header of a parsed YAML file's value. */
function headerIn(value: unknown): Header {
  const v = value as Header;
  return v && typeof v === "object"
    ? { policy: v.policy, version: v.version, extends: v.extends }
    : undefined;
}

/** The YAML files directly in a folder, sorted by name; none where it cannot be read. */
function listYaml(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}
