import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { onNetworkShare, openDb } from "../../engine/store/db.js";
import { verifyLedger } from "../../engine/store/ledger-audit.js";
import { liveDraw } from "../../engine/store/ledger-draws.js";
import { exampleDraw } from "../helpers/examples.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

/**
 * No network share can be mounted here, so the system's answers are made as one would give them:
 * the folder's filesystem type (Linux) and its final path (Windows, where a drive letter mapped to
 * a share is answered with the share's \\server\share path).
 */
const system = vi.hoisted(() => ({
  type: undefined as number | undefined,
  finalPath: undefined as string | undefined,
}));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const statfsSync = ((path: string) => {
    const real = fs.statfsSync(path);
    return system.type === undefined ? real : { ...real, type: system.type };
  }) as typeof fs.statfsSync;
  const realpathSync = Object.assign((p: string) => fs.realpathSync(p), {
    native: (p: string) => system.finalPath ?? fs.realpathSync.native(p),
  }) as typeof fs.realpathSync;
  return { ...fs, statfsSync, realpathSync, default: { ...fs, statfsSync, realpathSync } };
});

const CIFS = 0xff534d42;
const NFS = 0x6969;
const EXT4 = 0xef53;
const platform = process.platform;
beforeEach(() => {
  system.type = undefined;
  system.finalPath = undefined;
});
afterEach(() => {
  Object.defineProperty(process, "platform", { value: platform });
});

const journal = (db: string) => {
  const opened = openDb(db);
  const mode = opened.pragma("journal_mode", { simple: true });
  opened.close();
  return mode;
};

describe("a ledger on a network share", () => {
  it("is told by its folder's filesystem (NFS, SMB/CIFS mounts) or, on Windows, by a \\\\server\\share final path, a mapped drive's included", () => {
    const file = join(tmp(), "g.db");
    expect(onNetworkShare(file)).toBe(false);
    system.type = CIFS;
    expect(onNetworkShare(file)).toBe(true);
    system.type = NFS;
    expect(onNetworkShare(file)).toBe(true);
    system.type = EXT4;
    expect(onNetworkShare(file)).toBe(false);
    Object.defineProperty(process, "platform", { value: "win32" });
    system.finalPath = "\\\\fileserver\\双随机\\台账";
    expect(onNetworkShare("Z:\\台账\\g.db")).toBe(true);
    system.finalPath = "D:\\台账";
    expect(onNetworkShare("D:\\台账\\g.db")).toBe(false);
    // The long-path and device namespaces are this computer's.
    system.finalPath = "\\\\?\\D:\\台账";
    expect(onNetworkShare("D:\\台账\\g.db")).toBe(false);
    system.finalPath = "\\\\.\\D:\\台账";
    expect(onNetworkShare("D:\\台账\\g.db")).toBe(false);
  });

  it("keeps a rollback journal, not WAL, which SQLite keeps for processes of one computer; on this computer's disk it is WAL", () => {
    const dir = tmp();
    expect(journal(join(dir, "local.db"))).toBe("wal");
    system.type = CIFS;
    expect(journal(join(dir, "shared.db"))).toBe("delete");
    // A ledger made in WAL on a disk, then moved to the share, leaves WAL when opened there.
    expect(journal(join(dir, "local.db"))).toBe("delete");
    expect(existsSync(join(dir, "local.db-wal"))).toBe(false);
  });

  it("records a draw, refuses its second draw and verifies as on a disk", async () => {
    system.type = CIFS;
    const dir = tmp();
    const db = join(dir, "g.db");
    const first = await runCli(...exampleDraw(join(dir, "d"), { db }));
    expect(first.code, first.stderr).toBe(0);
    expect(existsSync(`${db}-wal`)).toBe(false);
    const again = await runCli(...exampleDraw(join(dir, "e"), { db }));
    expect(again.stderr).toMatch(/draw #1 for this policy, task and period is already recorded/);
    const opened = openDb(db);
    expect(opened.pragma("journal_mode", { simple: true })).toBe("delete");
    expect(liveDraw(opened, "huaian-credit-graded", "default", "2026-H1")).toBe(1);
    expect(verifyLedger(opened).problems).toEqual([]);
    opened.close();
    expect((await runCli("verify", join(dir, "d"), "--db", db)).code).toBe(0);
  });
});
