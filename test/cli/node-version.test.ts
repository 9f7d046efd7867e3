import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SUPPORTED_NODE, unsupportedNode } from "../../bin/node-version.js";

describe("the Node.js versions gradedraw runs on", () => {
  it("are those its dependencies ask for: 20.19+, 22.13+, 24 and later", () => {
    for (const v of ["20.19.0", "20.20.2", "22.13.0", "22.20.1", "24.0.0", "25.2.1"])
      expect(unsupportedNode(v), v).toBeUndefined();
    for (const v of ["18.20.4", "20.10.0", "20.18.3", "21.7.3", "22.12.0", "23.11.0"])
      expect(unsupportedNode(v), v).toContain(`Node.js ${v}`);
  });

  it("are what package.json's engines states, and this machine's is one of them", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(SUPPORTED_NODE);
    expect(unsupportedNode(process.versions.node)).toBeUndefined();
  });

  it("an older Node.js gets the reason in English and Chinese, exit status 1, before anything is loaded", () => {
    // process.versions as an older Node would report it, set before the command's entry runs.
    const older = `data:text/javascript,Object.defineProperty(process, "versions", { value: { ...process.versions, node: "20.10.0" } });`;
    let status = 0;
    let stderr = "";
    try {
      execFileSync(process.execPath, ["--import", older, "bin/gradedraw.js", "--version"], {
        encoding: "utf8",
      });
    } catch (e) {
      ({ status, stderr } = e as { status: number; stderr: string });
    }
    expect(status).toBe(1);
    expect(stderr).toContain("gradedraw needs Node.js 20.19 or later");
    expect(stderr).toContain("gradedraw 需要 Node.js 20.19 或更高版本");
    expect(stderr).toContain("20.10.0");
  });
});
