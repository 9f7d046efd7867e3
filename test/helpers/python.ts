import { spawnSync } from "node:child_process";

/**
 * The command that runs Python 3.8 or later here (python3, else python), which docs/check-draw.py
 * needs; undefined without one. Both the README's test and check-draw.py's own ask this, so they
 * run or skip the script alike.
 */
export const PYTHON = ["python3", "python"].find(
  (command) =>
    spawnSync(command, ["-c", "import sys; assert sys.version_info >= (3, 8)"], { encoding: "utf8" })
      .status === 0,
);

/** Why docs/check-draw.py cannot be run here, or undefined where it can. */
export const noPython = PYTHON ? undefined : "no Python 3.8 or later to run docs/check-draw.py";
