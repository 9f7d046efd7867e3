// The command line's TypeScript bundled by esbuild into plain ES modules, kept in node_modules and
// loaded without tsx: a command starts in about half the time it takes tsx to register its loader
// thread and compile and load some 190 files one by one (`gradedraw tickets` 0.53 -> 0.21 s). The
// bundle is made on the first run and again whenever one of the files it was made from changes;
// where it cannot be made, kept or loaded, the command runs through tsx as before.
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const ENTRY = join(ROOT, "bin", "cli.ts");
/** In the project's node_modules, so that the bundle's packages are found from it. */
const CACHE = join(ROOT, "node_modules", ".cache", "gradedraw", "cli");
/**
 * Which build is current for this copy of the project (node_modules may be shared with another,
 * whose files' URLs its build holds): the files it was made from, their digest, and its folder.
 */
const CURRENT = join(CACHE, `current-${createHash("sha256").update(ROOT).digest("hex").slice(0, 16)}.json`);
/** A build no longer current is removed after this long, once no run started from it can still be loading it. */
const STALE_MS = 10 * 60 * 1000;

const sha256 = (data) => createHash("sha256").update(data).digest("hex");

/** A digest of the files' names and contents. */
function digestOf(files) {
  return sha256(files.map((f) => `${f}\n${sha256(readFileSync(join(ROOT, f)))}\n`).join(""));
}

/**
 * The `main` of the command line from its bundle, made first when missing or out of date;
 * undefined where there is none to be had (esbuild missing, node_modules not writable).
 */
export async function bundledMain() {
  try {
    const folder = currentFolder() ?? (await build());
    return (await import(pathToFileURL(join(folder, "cli.js")).href)).main;
  } catch {
    return undefined;
  }
}

/** The folder of the current build, if every file it was made from is as it was then. */
function currentFolder() {
  try {
    const current = JSON.parse(readFileSync(CURRENT, "utf8"));
    const folder = join(CACHE, current.folder);
    return existsSync(join(folder, "cli.js")) && digestOf(current.inputs) === current.digest
      ? folder
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Bundles the command line into a new folder (written under a temporary name, then renamed, so
 * that a run started meanwhile loads a whole build or none) and makes it current. Each module's
 * `import.meta.url` is its source file's, as the code finds files beside itself (schemas, workers).
 */
async function build() {
  const esbuild = createRequire(import.meta.url)("esbuild");
  const out = await esbuild.build({
    entryPoints: [ENTRY],
    absWorkingDir: ROOT,
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outdir: CACHE,
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [sourceUrls],
  });
  const inputs = Object.keys(out.metafile.inputs).sort();
  const digest = digestOf(inputs);
  const name = `build-${sha256(`${ROOT}\n${digest}`).slice(0, 16)}`;
  const folder = join(CACHE, name);
  if (!existsSync(join(folder, "cli.js"))) {
    const temp = join(CACHE, `${name}.${process.pid}.tmp`);
    rmSync(temp, { recursive: true, force: true });
    for (const f of out.outputFiles) {
      const path = join(temp, relative(CACHE, f.path));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.contents);
    }
    try {
      renameSync(temp, folder);
    } catch (e) {
      // Another run made the same build meanwhile.
      rmSync(temp, { recursive: true, force: true });
      if (!existsSync(join(folder, "cli.js"))) throw e;
    }
  }
  const temp = `${CURRENT}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ folder: name, inputs, digest, root: ROOT }));
  renameSync(temp, CURRENT);
  prune(name);
  return folder;
}

/** The project's own modules read with their `import.meta.url` written out as their source file's URL. */
const sourceUrls = {
  name: "source-urls",
  setup(b) {
    b.onLoad({ filter: /\.(ts|tsx|js)$/ }, (args) => {
      if (args.path.includes(join("node_modules", ""))) return undefined;
      const text = readFileSync(args.path, "utf8");
      const loader = args.path.endsWith(".tsx") ? "tsx" : args.path.endsWith(".ts") ? "ts" : "js";
      return {
        contents: text.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)),
        loader,
      };
    });
  },
};

/**
 * Removes the records of copies of the project that are gone (a worktree sharing node_modules,
 * since removed), then the builds and temporary files older than STALE_MS that no copy has as
 * current (`keep` among them); any that cannot be removed is left.
 */
function prune(keep) {
  const current = new Set([keep]);
  for (const name of readdirSync(CACHE).filter((n) => /^current-\w+\.json$/.test(n)))
    try {
      const record = JSON.parse(readFileSync(join(CACHE, name), "utf8"));
      if (typeof record.root === "string" && !existsSync(join(record.root, "bin", "cli-bundle.js")))
        rmSync(join(CACHE, name), { force: true });
      else current.add(record.folder);
    } catch {
      // Being written: its build is new, and not removed below.
    }
  const names = readdirSync(CACHE);
  for (const name of names) {
    const path = join(CACHE, name);
    try {
      if (
        !current.has(name) &&
        !/^current-\w+\.json$/.test(name) &&
        Date.now() - statSync(path).mtimeMs > STALE_MS
      )
        rmSync(path, { recursive: true, force: true });
    } catch {
      // Left for the next build.
    }
  }
}
