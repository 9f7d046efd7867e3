// How the language of messages is chosen. Plain JavaScript: bin/heap.js uses it before tsx is
// registered; engine/lang.ts gives it to the rest as resolveLang.

/**
 * Picks the language from an explicit choice, else from `LC_ALL`/`LC_MESSAGES`/`LANG` (zh_* means
 * Chinese), else from the system's own language where none of those is set (Windows sets none: a
 * Chinese Windows is zh-CN to `system()`), else English.
 */
export function resolveLang(explicit, env = process.env, system = systemLocale) {
  if (explicit === "zh" || explicit === "en") return explicit;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || system();
  return locale.toLowerCase().startsWith("zh") ? "zh" : "en";
}

/** The language the system gives programs (ICU's default: the user's locale on Windows, from the environment elsewhere). */
function systemLocale() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().locale;
  } catch {
    return "";
  }
}
