// Which Node.js versions gradedraw runs on: those its dependencies ask for (jsdom, which renders the
// reports: ^20.19 || ^22.13 || >=24), which also have everything it uses (zlib's crc32 came in 20.15).
// Plain JavaScript, checked by bin/gradedraw.js before any TypeScript is loaded, so an older Node
// gets this sentence instead of a failed import.

/** The supported range, as package.json's "engines" states it. */
export const SUPPORTED_NODE = "^20.19.0 || ^22.13.0 || >=24.0.0";

/**
 * Why gradedraw cannot run on Node.js `version` (as process.versions.node gives it), in English
 * and Chinese, or undefined when it can.
 * @param {string} version
 * @returns {string | undefined}
 */
export function unsupportedNode(version) {
  const [major, minor] = version.split(".").map(Number);
  const ok = major === 20 ? minor >= 19 : major === 22 ? minor >= 13 : major >= 24;
  if (ok) return undefined;
  return (
    `gradedraw needs Node.js 20.19 or later (on 22: 22.13 or later); this is Node.js ${version}\n` +
    `gradedraw 需要 Node.js 20.19 或更高版本（22 版需 22.13 或更高）；当前为 Node.js ${version}`
  );
}
