import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Lang, unreadable } from "../lang.js";
import { InputError } from "../problem.js";

/**
 * The YAML files under `dir`, recursively, in name order, entering the folders `enter` accepts. A
 * folder that cannot be read is an input problem naming it, not a system error.
 */
export function yamlFilesUnder(dir: string, enter: (name: string) => boolean, lang: Lang = "en"): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch (e) {
      throw new InputError([{ file: d, line: 0, col: 0, message: unreadable(e, lang) }]);
    }
    for (const name of names) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (enter(name)) walk(p);
      } else if (/\.ya?ml$/.test(name)) out.push(p);
    }
  };
  walk(dir);
  return out;
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
