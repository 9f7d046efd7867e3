import { readdirSync, realpathSync, type Stats, statSync } from "node:fs";
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
  /** Walks the folder `d`, whose path with its links followed is `real` (looked up where not given). */
  const walk = (d: string, real?: string) => {
    let names: string[];
    try {
      entered.add(real ?? realpathSync(d));
      names = readdirSync(d).sort();
    } catch (e) {
      throw new InputError([{ file: d, line: 0, col: 0, message: unreadable(e, lang) }]);
    }
    for (const name of names) {
      if (name.startsWith(".") || name === "node_modules") continue;
      const p = join(d, name);
      const kind = statOf(p);
      if (kind?.isDirectory()) {
        const inner = realpathOf(p);
        if (enter(name) && !entered.has(inner)) walk(p, inner);
      } else if (/\.ya?ml$/.test(name) && !(kind && isPipeOrDevice(kind))) out.push(p);
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
  return statOf(path)?.isDirectory() ?? false;
}

/** What a path leads to (links followed), or undefined where it cannot be looked at. */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** True for a pipe, a socket or a device (which a folder's search leaves out: a pipe nobody writes is waited on for ever). */
function isPipeOrDevice(s: Stats): boolean {
  return s.isFIFO() || s.isSocket() || s.isCharacterDevice() || s.isBlockDevice();
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
