import { type Lang, tr } from "../lang.js";
import { didYouMean, nearestName } from "./vocabulary.js";

/** A problem with one override entry, named by its dotted path. */
export interface OverlayError {
  readonly key: string;
  readonly message: string;
}

/**
 * Applies `overrides` (dotted paths → new values) to a copy of the base policy. Every path is
 * checked before anything is applied; a list element is addressed by index or by its `name`/`code`.
 * The last segment may add a new key to a map, but never a new element to a list.
 */
export function applyOverrides(
  base: unknown,
  overrides: Readonly<Record<string, unknown>>,
  lang: Lang,
): { value?: unknown; errors: OverlayError[] } {
  const errors: OverlayError[] = [];
  const copy = structuredClone(base);
  const targets: { parent: Record<string | number, unknown>; seg: string | number; value: unknown }[] = [];
  for (const [key, value] of Object.entries(overrides)) {
    const segs = key.split(".");
    let node: unknown = copy;
    let ok = true;
    for (let i = 0; i < segs.length - 1 && ok; i++) {
      const next = step(node, segs[i]);
      if (next === undefined) {
        const near = nearestOf(segs[i], node);
        const meant = didYouMean(near === undefined ? undefined : [...segs.slice(0, i), near].join("."));
        errors.push({
          key,
          message: tr(
            lang,
            `\`${key}\`: the base policy has no \`${segs.slice(0, i + 1).join(".")}\`${meant.en}`,
            `\`${key}\`：基础政策中没有 \`${segs.slice(0, i + 1).join(".")}\`${meant.zh}`,
          ),
        });
        ok = false;
      } else node = next.value;
    }
    if (!ok) continue;
    const last = segs[segs.length - 1];
    if (Array.isArray(node)) {
      const found = step(node, last);
      if (found === undefined) {
        const meant = didYouMean(nearestOf(last, node));
        errors.push({
          key,
          message: tr(
            lang,
            `\`${key}\`: no list element \`${last}\`${meant.en}`,
            `\`${key}\`：列表中没有 \`${last}\`${meant.zh}`,
          ),
        });
        continue;
      }
      if (value === null) {
        errors.push({
          key,
          message: tr(lang, `\`${key}\`: list elements cannot be removed`, `\`${key}\`：不能删除列表元素`),
        });
        continue;
      }
      targets.push({ parent: node as unknown as Record<number, unknown>, seg: found.index as number, value });
    } else if (node && typeof node === "object") {
      if (last === "__proto__" || last === "constructor" || last === "prototype") {
        errors.push({ key, message: tr(lang, `\`${key}\`: reserved name`, `\`${key}\`：保留名称`) });
        continue;
      }
      targets.push({ parent: node as Record<string, unknown>, seg: last, value });
    } else {
      errors.push({
        key,
        message: tr(
          lang,
          `\`${key}\`: \`${segs.slice(0, -1).join(".")}\` is not a map or list`,
          `\`${key}\`：\`${segs.slice(0, -1).join(".")}\` 不是映射或列表`,
        ),
      });
    }
  }
  if (errors.length) return { errors };
  for (const t of targets) {
    if (t.value === null) delete t.parent[t.seg];
    else t.parent[t.seg] = structuredClone(t.value);
  }
  return { value: copy, errors };
}

/**
 * The name at `node` that `seg` most likely misspells; none that differs from it in its digits
 * alone (item `SC-02` is another item than `SC-01`, not a slip).
 */
function nearestOf(seg: string, node: unknown): string | undefined {
  const near = nearestName(seg, namesIn(node));
  const letters = (s: string) => s.toLowerCase().replace(/\d/g, "");
  return near !== undefined && /\d/.test(seg) && letters(near) === letters(seg) ? undefined : near;
}

/** The names a path may take at `node`: a map's keys, or a list's elements' names and codes. */
function namesIn(node: unknown): string[] {
  if (Array.isArray(node))
    return node.flatMap((e) =>
      e && typeof e === "object" ? [e.name, e.code].filter((n): n is string => typeof n === "string") : [],
    );
  return node && typeof node === "object" ? Object.keys(node) : [];
}

/**
 * An override's dotted path as the policy's own: a list element named by its `name` or `code`
 * (`items.SC-GS.department`) written by its index (`items.0.department`), as problems of the
 * resolved policy place it; the path as written where the base has no such node.
 */
export function overridePath(base: unknown, key: string): string {
  const out: string[] = [];
  let node = base;
  for (const seg of key.split(".")) {
    const next = step(node, seg);
    out.push(next?.index === undefined ? seg : String(next.index));
    node = next?.value;
  }
  return out.join(".");
}

function step(node: unknown, seg: string): { value: unknown; index?: number } | undefined {
  if (Array.isArray(node)) {
    const index = /^\d+$/.test(seg)
      ? Number(seg)
      : node.findIndex((e) => e && typeof e === "object" && (e.name === seg || e.code === seg));
    return index >= 0 && index < node.length ? { value: node[index], index } : undefined;
  }
  if (node && typeof node === "object" && Object.hasOwn(node, seg)) {
    return { value: (node as Record<string, unknown>)[seg] };
  }
  return undefined;
}

/** The keys of a variant file's `overrides` (its parsed YAML), as written; none where it has none. */
export function overrideKeys(variant: unknown): string[] {
  return Object.keys((variant as { overrides?: Record<string, unknown> } | undefined)?.overrides ?? {});
}
