import { rmSync } from "node:fs";
import { join } from "node:path";
import { readEnterprises, readInspectors } from "../../engine/data/read.js";
import { frameInspectors } from "../../engine/draw/outputs.js";
import { staffableByDepartment } from "../../engine/draw/roster.js";
import { runDraw } from "../../engine/draw/run.js";
import { loadPolicyFile } from "../../engine/policy/load.js";
import type { LoadedPolicy } from "../../engine/policy/types.js";
import { DATA, districtCsv, report } from "./common.js";

/**
 * A dry-run draw of 1,000,000 enterprises from CSV, end to end (read, evaluate, select, teams, write).
 * Its roster grows with the enterprises, as the generated district's (200 inspectors per 100,000);
 * `district-roster` draws them with the roster of 100,000 enterprises instead, as one district's
 * office would, to show how much of the draw its team tickets take.
 */
const n = Number(process.argv[2] ?? 1_000_000);
const districtRoster = process.argv[3] === "district-roster";
const files = districtCsv(n);
const roster = districtRoster ? districtCsv(100_000).inspectors : files.inspectors;
const out = join(DATA, `draw-${n}${districtRoster ? "-district-roster" : ""}`);
rmSync(out, { recursive: true, force: true });
const phases: Record<string, number> = {};
const t = performance.now();
const enterprises = (await readEnterprises(files.enterprises)).records;
const inspectors = (await readInspectors(roster)).records;
const read = (performance.now() - t) / 1000;
const policy = loadPolicyFile("policies/huaian-2021/1.0.0.yaml").policy as LoadedPolicy;
const done = await runDraw({
  policy,
  enterprises,
  inspectors,
  conflicts: [],
  history: [],
  period: "2026-H1",
  seed: "bench",
  out,
  dryRun: true,
  onPhase: (phase, s) => {
    phases[phase] = s;
  },
});
const seconds = (performance.now() - t) / 1000;
// Team tickets the draw computed: every inspector who may be on a team that day (active and
// licensed), of each department of a visit with an item in it.
const staffable = staffableByDepartment(frameInspectors(inspectors), done.manifest.drawDate);
const perDepartment = new Map([...staffable].map(([d, list]) => [d, list.length]));
const departmentOf = new Map(policy.policy.items.map((i) => [i.code, i.department]));
let teamTickets = 0;
for (const row of done.outcome.selected)
  for (const d of new Set(row.items.map((code) => departmentOf.get(code))))
    teamTickets += perDepartment.get(d as string) ?? 0;
report({
  case: "draw",
  enterprises: n,
  inspectors: inspectors.length,
  selected: done.manifest.counts.selected,
  teamTickets,
  readSeconds: read,
  phases: Object.entries(phases)
    .map(([p, s]) => `${p} ${s.toFixed(1)} s`)
    .join(", "),
  seconds,
});
