import { readlinkSync } from "node:fs";

/** The language of messages and reports: Chinese for the offices that use the product, English otherwise. */
export type Lang = "zh" | "en";

export { resolveLang } from "./lang-choice.js";

/** A text in both languages, as policy files and reports carry it. */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** Picks one language of a bilingual text; a text given in one language only is that text. */
export function pick(text: string | Bilingual, lang: Lang): string {
  return typeof text === "string" ? text : text[lang];
}

/** Chooses between an English and a Chinese message. */
export function tr(lang: Lang, en: string, zh: string): string {
  return lang === "zh" ? zh : en;
}

/** Why a file could not be opened, in words rather than an error code. */
export function unreadable(e: unknown, lang: Lang): string {
  const { code, path } = e as NodeJS.ErrnoException;
  if (code === "ENOENT") {
    // A link whose file was moved or deleted is there, and leads nowhere.
    const to = path === undefined ? undefined : linkTarget(path);
    return to === undefined
      ? tr(lang, "no such file", "文件不存在")
      : tr(lang, `a link to ${to}, where there is no file`, `指向 ${to} 的链接，该处没有文件`);
  }
  if (code === "EACCES" || code === "EPERM") return tr(lang, "no permission to read it", "没有读取权限");
  if (code === "EISDIR") return tr(lang, "this is a folder, not a file", "这是文件夹，不是文件");
  if (code === "ENOTDIR")
    return tr(lang, "a part of its path is a file, not a folder", "路径中有一部分是文件，不是文件夹");
  if (code === "ENAMETOOLONG") return tr(lang, "the name is too long for a file", "文件名过长");
  const why = code ?? (e as Error).message;
  return tr(lang, `cannot read: ${why}`, `无法读取：${why}`);
}

/** Where a link leads, as it is written; undefined for what is no link. */
function linkTarget(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/**
 * A large count as Chinese writes it, in 万 (10⁴) and 亿 (10⁸) rather than thousands and
 * millions: 6581276 → "658万", 123456789 → "1.2亿"; below 10,000 the number itself.
 */
export function zhCount(n: number): string {
  if (Math.abs(n) < 1e4) return String(Math.round(n));
  if (Math.abs(n) < 1e8) return `${Math.round(n / 1e4)}万`;
  return `${(n / 1e8).toFixed(1)}亿`;
}

/** The first ten of a list for a message (ids, codes, rows), with an ellipsis when there are more. */
export function someOf(items: readonly (string | number)[], lang: Lang): string {
  const more = items.length > 10;
  return lang === "zh"
    ? items.slice(0, 10).join("、") + (more ? "……" : "")
    : items.slice(0, 10).join(", ") + (more ? ", …" : "");
}
