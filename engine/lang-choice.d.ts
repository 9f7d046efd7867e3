/** Types of lang-choice.js (plain JavaScript: bin/heap.js uses it before tsx is registered). */
/**
 * Picks the language from an explicit choice, else from `LC_ALL`/`LC_MESSAGES`/`LANG` (zh_* means
 * Chinese), else from the system's own language where none of those is set, else English.
 */
export declare function resolveLang(
  explicit?: string,
  env?: NodeJS.ProcessEnv,
  system?: () => string,
): "zh" | "en";
