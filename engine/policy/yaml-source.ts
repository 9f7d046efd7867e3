import { extname } from "node:path";
import {
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
} from "yaml";
import { type Lang, tr } from "../lang.js";
import type { Problem } from "../problem.js";
import { duplicateKey, fullWidthHint, YAML_ERRORS_ZH } from "./yaml-hints.js";
import { garbledValue } from "./yaml-misread.js";

/** A path into a parsed document: keys of maps and indexes of sequences. */
export type NodePath = readonly (string | number)[];

/** Limits that keep a hostile YAML file from exhausting memory or the stack. */
export const YAML_LIMITS = { maxAliasCount: 100, maxDepth: 64, maxBytes: 5 * 1024 * 1024 } as const;

/** A YAML file parsed with node ranges, so any value can be traced back to its line and column. */
export interface YamlSource {
  readonly file: string;
  /** The text parsed. */
  readonly text: string;
  /** The plain JavaScript value, or undefined when the YAML itself is broken. */
  readonly value: unknown;
  /** Problems of the YAML syntax itself (duplicate keys, bad indentation, alias limits...). */
  readonly problems: Problem[];
  /** Line and column (1-based) of the node at `path`; of the key itself when `key` is true. */
  locate(path: NodePath, key?: boolean): { line: number; col: number };
  /** A problem located at the node at `path` (its key when `key` is true). */
  at(path: NodePath, key: boolean, message: string): Problem;
}

/** Reports numbers that YAML reads as infinite or not-a-number (e.g. `1e400`, `.nan`). */
function nonFinite(
  value: unknown,
  path: (string | number)[],
  out: (string | number)[][],
  seen: Set<object>,
): boolean {
  if (typeof value === "number" && !Number.isFinite(value)) out.push(path);
  else if (value && typeof value === "object") {
    // An alias that refers to a node containing itself makes a cycle: no policy can mean that.
    if (seen.has(value)) return false;
    seen.add(value);
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.map((v, i) => [i, v])
      : Object.entries(value);
    for (const [k, v] of entries) if (!nonFinite(v, [...path, k], out, seen)) return false;
    seen.delete(value);
  }
  return true;
}

/**
 * The text a policy or scenario was loaded from, parsed, to place a note about it at the line that
 * was read (not the file read again, which may hold other text by now, or never held the text given).
 */
export function loadedSource(
  loaded: { readonly file: string; readonly text: string },
  lang: Lang = "en",
): YamlSource {
  return parseYaml(loaded.file, loaded.text, lang);
}

/** Parses YAML text, collecting every syntax problem with its place. */
export function parseYaml(file: string, text: string, lang: Lang = "en"): YamlSource {
  const lineCounter = new LineCounter();
  const problems: Problem[] = [];
  const pos = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, col: p.col };
  };
  if (text.length > YAML_LIMITS.maxBytes) {
    return {
      file,
      text,
      value: undefined,
      problems: [
        fileProblem(
          file,
          lang,
          `file is larger than ${YAML_LIMITS.maxBytes} bytes`,
          `文件超过 ${YAML_LIMITS.maxBytes} 字节`,
        ),
      ],
      locate: () => ({ line: 1, col: 1 }),
      at: (_path, _key, message) => ({ file, line: 1, col: 1, message }),
    };
  }
  const doc = parseDocument(text.replace(/^\uFEFF/, ""), {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
  });
  const bom = text.indexOf("\uFEFF", 1);
  if (bom > 0)
    problems.push({
      file,
      ...pos(bom),
      message: tr(
        lang,
        "YAML: a byte-order mark (U+FEFF) in the middle of the file: were two files joined?",
        "YAML：文件中间出现字节顺序标记（U+FEFF）：是否把两个文件拼接在一起了？",
      ),
    });
  let lines: string[] | undefined;
  /** A message, with a hint when its line has punctuation a Chinese input method typed for YAML's own. */
  const hinted = (line: number, message: string) => {
    lines ??= text.split("\n");
    const hint = fullWidthHint(lines[line - 1] ?? "", lang);
    // Not where the message names the comma itself (a department list typed with one).
    if (!hint || (hint.includes("，") && /'，'|“，”/.test(message))) return message;
    return lang === "zh" ? `${message}（${hint}）` : `${message} (${hint})`;
  };
  // Past the first line with a syntax error the parser reads the rest from a broken structure (a
  // line indented by a tab makes forty): that line's errors are said, the later ones counted.
  // A tab in a line's indentation is the whole of that line's trouble.
  const placed = doc.errors.map((e) => ({ e, at: pos(e.pos[0]) }));
  const firstError = Math.min(...placed.map((p) => p.at.line));
  const onFirst = placed.filter((p) => p.at.line === firstError).map((p) => p.e);
  const said = onFirst.some((e) => e.code === "TAB_AS_INDENT")
    ? onFirst.filter((e) => e.code === "TAB_AS_INDENT")
    : onFirst;
  const after = placed.filter((p) => p.at.line > firstError).map((p) => p.at);
  for (const e of [...said, ...doc.warnings]) {
    const at = pos(e.pos[0]);
    const zh = YAML_ERRORS_ZH[e.code];
    const twice =
      e.code === "DUPLICATE_KEY" ? duplicateKey(doc, e.pos[0], (o) => pos(o).line, lang) : undefined;
    problems.push({
      file,
      ...at,
      message: hinted(
        at.line,
        twice ?? (lang === "zh" && zh ? `YAML：${zh}` : `YAML: ${firstLine(e.message)}`),
      ),
    });
  }
  if (after.length)
    problems.push({
      file,
      ...after.reduce((a, b) => (b.line < a.line || (b.line === a.line && b.col < a.col) ? b : a)),
      message: tr(
        lang,
        `YAML: ${after.length} more syntax error(s) from here on, which may follow from the one on line ${firstError}: correct that one and check the file again`,
        `YAML：此处起另有 ${after.length} 个语法错误，可能都由第 ${firstError} 行的错误引起：请先改正该行，再重新检查`,
      ),
    });
  let value: unknown;
  // A key that is a list or a mapping (`? [a, b]`) names nothing a policy has; made a plain
  // object, it would be stringified, with a warning of Node's own on stderr.
  const collectionKeys: number[] = [];
  if (doc.errors.length === 0)
    visit(doc, {
      Pair(_, pair) {
        if (isCollection(pair.key)) collectionKeys.push(pair.key.range?.[0] ?? 0);
      },
    });
  for (const at of collectionKeys)
    problems.push({
      file,
      ...pos(at),
      message: tr(
        lang,
        "YAML: a key that is a list or a mapping; a key is a name (is a `:` or `- ` out of place?)",
        "YAML：键是列表或映射；键应为名称（是否有“:”或“- ”位置不对？）",
      ),
    });
  if (doc.errors.length === 0 && collectionKeys.length === 0) {
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
        message: tr(
          lang,
          `YAML: nesting deeper than ${YAML_LIMITS.maxDepth} levels`,
          `YAML：嵌套超过 ${YAML_LIMITS.maxDepth} 层`,
        ),
      });
      value = undefined;
    }
  }
  const locate = (path: NodePath, key = false) => locateIn(path, key);
  if (value !== undefined) {
    const bad: (string | number)[][] = [];
    if (!nonFinite(value, [], bad, new Set())) {
      problems.push({
        file,
        line: 1,
        col: 1,
        message: tr(
          lang,
          "YAML: an alias refers to a node that contains it (a cycle)",
          "YAML：别名引用了包含它自身的节点（循环引用）",
        ),
      });
      value = undefined;
    }
    for (const path of bad)
      problems.push({
        file,
        ...locate(path),
        message: tr(
          lang,
          `\`${path[path.length - 1]}\` is not a finite number`,
          `\`${path[path.length - 1]}\` 不是有限的数值`,
        ),
      });
    if (bad.length) value = undefined;
  }
  // Text garbled by an encoding mistake: what it says is the problem, not what it fails.
  const garbled = value === undefined ? undefined : garbledValue(value, lang);
  if (garbled) {
    problems.push({ file, ...locate(garbled.path), message: garbled.message });
    value = undefined;
  }
  function locateIn(path: NodePath, key: boolean) {
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
  }
  return {
    file,
    text,
    value,
    problems,
    locate,
    at: (path, key, message) => {
      const at = locate(path, key);
      return { file, ...at, message: hinted(at.line, message) };
    },
  };
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

/** True when a parsed document is a YAML mapping (not a list, a bare value or nothing). */
export function isMapping(value: unknown): value is object {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A problem of a whole file (not a mapping, the wrong kind of file, too large), placed at its start. */
export function fileProblem(file: string, lang: Lang, en: string, zh: string): Problem {
  return { file, line: 1, col: 1, message: tr(lang, en, zh) };
}

/**
 * The extensions of the tables gradedraw reads (formatOf's, data/source.ts, which is not imported
 * here: it brings the workbook reader into every command loading a policy), and of the workbooks it
 * asks to have saved as one; not .txt, which a YAML file saved by Notepad may end with, nor .json,
 * which a policy may be written in.
 */
const TABLES = new Set([".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".et", ".ndjson", ".jsonl"]);

/**
 * A table given where a policy or scenario file is expected (an enterprise list as --policy, the
 * files of a command line swapped): said as such, rather than as YAML it is not.
 */
export function tableGiven(file: string, expected: "policy" | "scenario", lang: Lang): Problem | undefined {
  const ext = extname(file).toLowerCase();
  if (!TABLES.has(ext)) return undefined;
  return expected === "policy"
    ? fileProblem(
        file,
        lang,
        `this is a table (${ext}), not a policy file: a policy is YAML (policies/<id>/<version>.yaml); a list of enterprises, inspectors or inspections is given to classify, draw or simulate by its own option (--enterprises, --inspectors, --history)`,
        `这是表格文件（${ext}），不是政策文件：政策文件为 YAML 格式（policies/<id>/<version>.yaml）；企业、执法人员或检查记录名单请通过 classify、draw 或 simulate 的相应选项（--enterprises、--inspectors、--history）提供`,
      )
    : fileProblem(
        file,
        lang,
        `this is a table (${ext}), not a simulation scenario: a scenario is YAML (simulator/scenarios/*.yaml), and names an enterprise file of its own under population: enterprises:`,
        `这是表格文件（${ext}），不是模拟情景文件：情景文件为 YAML 格式（simulator/scenarios/*.yaml），企业名录文件在其 population: enterprises: 中指定`,
      );
}
