import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Expands folders to the policy files in them (recursively, leaving out `tests/` folders); files stay as given. */
export function expandPolicyArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (name !== "tests") walk(p);
      } else if (/\.ya?ml$/.test(name)) out.push(p);
    }
  };
  for (const a of args) {
    if (statSync(a).isDirectory()) walk(a);
    else out.push(a);
  }
  return out;
}

/** True for a policy test file: a YAML file in a `tests` folder. */
export function isPolicyTestFile(file: string): boolean {
  return /(^|[\\/])tests[\\/][^\\/]+\.ya?ml$/.test(file);
}
