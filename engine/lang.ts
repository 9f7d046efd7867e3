/** The language of messages and reports: Chinese for the offices that use the product, English otherwise. */
export type Lang = "zh" | "en";

/** Picks the language from an explicit choice, else from `LANG`/`LC_ALL` (zh_* means Chinese), else English. */
export function resolveLang(explicit?: string, env: NodeJS.ProcessEnv = process.env): Lang {
  if (explicit === "zh" || explicit === "en") return explicit;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return locale.toLowerCase().startsWith("zh") ? "zh" : "en";
}

/** A text in both languages, as policy files and reports carry it. */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** Picks one language of a bilingual text. */
export function pick(text: Bilingual, lang: Lang): string {
  return text[lang];
}

/** Chooses between an English and a Chinese message. */
export function tr(lang: Lang, en: string, zh: string): string {
  return lang === "zh" ? zh : en;
}
