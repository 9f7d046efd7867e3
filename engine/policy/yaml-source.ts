import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { Problem } from "../problem.js";

/** A path into a parsed document: keys of maps and indexes of sequences. */
export type NodePath = readonly (string | number)[];

/** Limits that keep a hostile YAML file from exhausting memory or the stack. */
export const YAML_LIMITS = { maxAliasCount: 100, maxDepth: 64, maxBytes: 5 * 1024 * 1024 } as const;

/** A YAML file parsed with node ranges, so any value can be traced back to its line and column. */
export interface YamlSource {
  readonly file: string;
  /** The plain JavaScript value, or undefined when the YAML itself is broken. */
  readonly value: unknown;
  /** Problems of the YAML syntax itself (duplicate keys, bad indentation, alias limits...). */
  readonly problems: Problem[];
  /** Line and column (1-based) of the node at `path`; of the key itself when `key` is true. */
  locate(path: NodePath, key?: boolean): { line: number; col: number };
}

/** Parses YAML text, collecting every syntax problem with its place. */
export function parseYaml(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const problems: Problem[] = [];
  const pos = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, col: p.col };
  };
  if (text.length > YAML_LIMITS.maxBytes) {
    return {
      file,
      value: undefined,
      problems: [{ file, line: 1, col: 1, message: `file is larger than ${YAML_LIMITS.maxBytes} bytes` }],
      locate: () => ({ line: 1, col: 1 }),
    };
  }
  const doc = parseDocument(text.replace(/^\uFEFF/, ""), {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
  });
  for (const e of [...doc.errors, ...doc.warnings]) {
    const at = pos(e.pos[0]);
    problems.push({ file, ...at, message: `YAML: ${firstLine(e.message)}` });
  }
  let value: unknown;
  if (doc.errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
    } catch (e) {
      problems.push({ file, line: 1, col: 1, message: `YAML: ${firstLine((e as Error).message)}` });
    }
    const depth = depthOf(doc.contents as Node | null, 0);
    if (depth > YAML_LIMITS.maxDepth) {
      problems.push({
        file,
        line: 1,
        col: 1,
        message: `YAML: nesting deeper than ${YAML_LIMITS.maxDepth} levels`,
      });
      value = undefined;
    }
  }
  const locate = (path: NodePath, key = false) => {
    let node: unknown = doc.contents;
    let found: Node | null = (doc.contents as Node | null) ?? null;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
        );
        if (!pair) break;
        if (key && i === path.length - 1) {
          found = pair.key as Node;
          break;
        }
        node = pair.value;
        if (node) found = node as Node;
      } else if (isSeq(node) && typeof seg === "number") {
        node = node.items[seg];
        if (node) found = node as Node;
        else break;
      } else break;
    }
    const offset = found?.range?.[0] ?? 0;
    return pos(offset);
  };
  return { file, value, problems, locate };
}

function firstLine(s: string): string {
  return s.split("\n")[0].trim();
}

function depthOf(node: Node | null, depth: number): number {
  if (depth > YAML_LIMITS.maxDepth) return depth;
  if (isMap(node))
    return Math.max(depth, ...node.items.map((p) => depthOf(p.value as Node | null, depth + 1)));
  if (isSeq(node)) return Math.max(depth, ...node.items.map((n) => depthOf(n as Node | null, depth + 1)));
  return depth;
}
