/**
 * How YAML's syntax errors are said to a policy officer: its commonest in Chinese, a key given
 * twice named with its first line, and the punctuation a Chinese input method types for YAML's own.
 */
import { halfWidth } from "../data/values.js";
import { type Lang, tr } from "../lang.js";

/** The YAML parser's commonest errors in Chinese, by code (others are said in its English). */
export const YAML_ERRORS_ZH: Partial<Record<string, string>> = {
  MULTILINE_IMPLICIT_KEY: "键必须写在一行内（冒号后是否少了空格？）",
  BLOCK_AS_IMPLICIT_KEY: "紧凑映射中不能嵌套映射（值中含“: ”时请加引号）",
  DUPLICATE_KEY: "同一映射中的键必须唯一",
  TAB_AS_INDENT: "不能用制表符（Tab）缩进，请用空格",
  BAD_INDENT: "缩进不正确",
  MISSING_CHAR: "缺少字符（括号或引号未闭合？）",
  UNEXPECTED_TOKEN: "此处出现了不应有的内容",
};

/**
 * What a line of YAML typed with a Chinese input method may have wrong: a full-width colon after a
 * key (\`ratio：0.3\` is one text, not a key and its value), or full-width spaces for indentation.
 * Only a key of ASCII letters is looked at, so a Chinese text holding "：" gets no hint.
 */
export function fullWidthHint(line: string, lang: Lang): string | undefined {
  if (/(^|[\s{,[-])[A-Za-z_][\w.-]*[ \t]*：/.test(line))
    return tr(
      lang,
      "the line has a full-width colon '：' after a key: YAML needs ':' followed by a space",
      "该行键名后是全角冒号“：”：YAML 需用半角冒号“:”并后跟空格",
    );
  const bracket = /[｛｝［］]/.exec(line);
  if (bracket)
    return tr(
      lang,
      `the line has a full-width bracket '${bracket[0]}': YAML needs '${halfWidth(bracket[0])}'`,
      `该行有全角括号“${bracket[0]}”：YAML 需用半角“${halfWidth(bracket[0])}”`,
    );
  if (/[{[][^}\]]*，/.test(line))
    return tr(
      lang,
      "the line has a full-width comma '，' inside { } or [ ]: YAML separates their items with ','",
      "该行花括号或方括号内有全角逗号“，”：YAML 需用半角逗号“,”分隔各项",
    );
  if (/^[ \t]*\u3000/.test(line))
    return tr(
      lang,
      "the line is indented with full-width spaces (U+3000): indent with ASCII spaces",
      "该行用全角空格缩进：请改用半角空格",
    );
  return undefined;
}

/**
 * A key given twice in a block mapping, said with its name and the line of its first time (an
 * override copied and changed, the first left in): from the key on `line` back through the lines
 * of its mapping (indented as it is, up to one indented less). Undefined for a flow mapping.
 */
export function duplicateKey(text: string, line: number, lang: Lang): string | undefined {
  const lines = text.split("\n");
  // A sequence item's dash stands for indentation: its first key is indented as the others.
  const undashed = (l: string) => l.replace(/^(\s*)-(\s+)/, (_, a: string, b: string) => `${a} ${b}`);
  const m = /^(\s*)("[^"]*"|'[^']*'|[^\s:#][^:#]*?)\s*:(?:\s|$)/.exec(undashed(lines[line - 1] ?? ""));
  if (!m) return undefined;
  const [, indent, key] = m;
  for (let k = line - 2; k >= 0; k--) {
    if (/^\s*(#|$)/.test(lines[k])) continue;
    const l = undashed(lines[k]);
    const own = /^(\s*)/.exec(l)?.[1].length ?? 0;
    if (own < indent.length) break;
    if (
      own === indent.length &&
      l.slice(own).startsWith(key) &&
      /^\s*:(\s|$)/.test(l.slice(own + key.length))
    )
      return tr(
        lang,
        `YAML: the key \`${key}\` is given twice in one mapping (first on line ${k + 1}): keep one`,
        `YAML：同一映射中键 \`${key}\` 出现了两次（第一次在第 ${k + 1} 行）：请只保留一个`,
      );
    // The first line of a sequence item begins its mapping.
    if (own === indent.length && l !== lines[k]) break;
  }
  return undefined;
}
