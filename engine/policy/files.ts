import { readdirSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Lang, unreadable } from "../lang.js";
import { InputError } from "../problem.js";

/**
 * The YAML files under `dir`, recursively, in name order, entering the folders `enter` accepts. A
 * folder that cannot be read is an input problem naming it, not a system error. Hidden entries
 * (`.git`, an editor's `.~lock` files) and `node_modules` are not searched; a folder reached a
 * second time through a link is not searched again, so that links in a loop end; an entry whose
 * link leads nowhere is a YAML file where its name says so (its reading then says why it
 * cannot be read), else left out; a pipe or a device is left out.
 */
export function yamlFilesUnder(dir: string, enter: (name: string) => boolean, lang: Lang = "en"): string[] {
  const out: string[] = [];
  const entered = new Set<string>();
  const walk = (d: string) => {
    let names: string[];
    try {
      entered.add(realpathSync(d));
      names = readdirSync(d).sort();
    } catch (e) {
      throw new InputError([{ file: d, line: 0, col: 0, message: unreadable(e, lang) }]);
    }
    for (const name of names) {
      if (name.startsWith(".") || name === "node_modules") continue;
      const p = join(d, name);
      if (isFolder(p)) {
        if (enter(name) && !entered.has(realpathOf(p))) walk(p);
      } else if (/\.ya?ml$/.test(name) && !isPipeOrDevice(p)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * True for a folder, or a link to one; false for a file or a path that cannot be looked at (a
 * name too long, a file where a folder should be): reading it then says why, naming it.
 */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** True for a pipe, a socket or a device (which a folder's search leaves out: a pipe nobody writes is waited on for ever). */
function isPipeOrDevice(path: string): boolean {
  try {
    const s = statSync(path);
    return s.isFIFO() || s.isSocket() || s.isCharacterDevice() || s.isBlockDevice();
  } catch {
    return false;
  }
}

/** The path with every link followed, or the path itself where that fails (the walk then reports it). */
function realpathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Expands folders to the policy files in them (recursively, leaving out `tests/` folders); files stay as given. */
export function expandPolicyArgs(args: readonly string[], lang: Lang = "en"): string[] {
  return args.flatMap((a) =>
    statSync(a).isDirectory() ? yamlFilesUnder(a, (name) => name !== "tests", lang) : [a],
  );
}

/** True for a policy test file: a YAML file in a `tests` folder. */
export function isPolicyTestFile(file: string): boolean {
  return /(^|[\\/])tests[\\/][^\\/]+\.ya?ml$/.test(file);
}
