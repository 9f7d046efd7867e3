/**
 * How YAML's syntax errors are said to a policy officer: its commonest in Chinese, a key given
 * twice named with its first line, and the punctuation a Chinese input method types for YAML's own.
 */
import { type Document, isScalar, visit } from "yaml";
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
 * override copied and changed, the first left in), as the parsed document holds both: `at`, where
 * the second stands. Undefined for a flow mapping ({ a: 1, a: 2 }), said in YAML's words.
 */
export function duplicateKey(
  doc: Document,
  at: number,
  lineOf: (offset: number) => number,
  lang: Lang,
): string | undefined {
  let said: string | undefined;
  visit(doc, {
    Map(_, map) {
      const second = map.items.find((p) => isScalar(p.key) && p.key.range?.[0] === at);
      if (map.flow || !second || !isScalar(second.key)) return undefined;
      const key = second.key.value;
      const first = map.items.find((p) => isScalar(p.key) && p.key.value === key);
      const from = first && isScalar(first.key) ? first.key.range?.[0] : undefined;
      if (from === undefined || from === at) return undefined;
      const line = lineOf(from);
      said = tr(
        lang,
        `YAML: the key \`${String(key)}\` is given twice in one mapping (first on line ${line}): keep one`,
        `YAML：同一映射中键 \`${String(key)}\` 出现了两次（第一次在第 ${line} 行）：请只保留一个`,
      );
      return visit.BREAK;
    },
  });
  return said;
}
