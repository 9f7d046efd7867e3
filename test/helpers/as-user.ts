import { spawnSync } from "node:child_process";

// Read-only files and folders bind everyone but root: as root, the commands run as `nobody`.
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

/** Runs `gradedraw ARGS` in a process that cannot write what is read-only (as `nobody` under root). */
export function runAsUser(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["bin/gradedraw.js", ...args], {
    encoding: "utf8",
    env: { ...process.env, LANG: "C" },
    ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Why that process cannot run the product here (under root, a checkout only root may read), or
 * undefined; said on stderr, for the tests that need it to be skipped rather than fail.
 */
export function cannotRunAsUser(): string | undefined {
  if (!asRoot) return undefined;
  const r = runAsUser("--version");
  if (r.code === 0) return undefined;
  const why = `nobody cannot run the product from ${process.cwd()}: ${r.stderr}`;
  process.stderr.write(`tests of read-only files skipped: ${why}\n`);
  return why;
}
