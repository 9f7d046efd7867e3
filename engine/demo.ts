import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { writeSimulation } from "../bin/commands/simulate.js";
import { writeReport } from "../reports/write.js";
import type { DistrictSource } from "../simulator/district-source.js";
import { simulate } from "../simulator/run.js";
import { loadScenario, type Scenario } from "../simulator/scenario.js";
import {
  conflictsCsv,
  enterprisesCsvLines,
  gradesCsvLines,
  historyCsvLines,
  inspectorsCsv,
} from "./data/write.js";
import { demoPast } from "./demo-past.js";
import { runDraw } from "./draw/run.js";
import { type Lang, zhCount } from "./lang.js";
import { expandPolicyArgs } from "./policy/files.js";
import { loadPolicyFiles } from "./policy/load.js";
import { runPolicyTests } from "./policy/test-runner.js";
import { policyId } from "./policy/types.js";
import { InputError } from "./problem.js";
import type { OnProgress } from "./progress.js";
import { stageDir } from "./staged-dir.js";
import { generateDistrict, HUAIAN_LIKE } from "./synthetic.js";

/** Where the product's own files are, whatever the working folder. */
const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The scenario the demo simulates: the bundled seed district's. */
export const DEMO_SCENARIO = join(ROOT, "simulator/scenarios/huaian.yaml");

/** What the demo did, step by step, for the command to print. */
export interface DemoStep {
  readonly en: string;
  readonly zh: string;
}

/**
 * The demo (SPEC §5): a seeded synthetic district, the seed policy and its variants validated and
 * tested, a dry-run draw with its report, and a simulation of the variants with its report, all in
 * one output folder that replaces a previous demo folder as a whole.
 */
export async function runDemo(
  out: string,
  options: {
    lang: Lang;
    size?: number;
    replications?: number;
    years?: number;
    log?: (s: DemoStep) => void;
    /** Told as each step begins, and the draw's phases and the simulation's replications as they go. */
    onProgress?: OnProgress;
  },
): Promise<DemoStep[]> {
  const { onProgress } = options;
  const steps: DemoStep[] = [];
  const say = (en: string, zh: string) => {
    steps.push({ en, zh });
    options.log?.({ en, zh });
  };
  const size = options.size ?? 100_000;
  onProgress?.({ step: "district", of: size });
  const scenario = loadScenario(DEMO_SCENARIO).scenario;
  if (!scenario) throw new Error(`the demo's scenario ${DEMO_SCENARIO} does not load`);
  const district = generateDistrict(
    { ...HUAIAN_LIKE, inspectors: demoInspectors(scenario, size) },
    "gradedraw-demo",
    size,
  );
  // Its past as the scenario's behaviour has it (see demo-past.ts), so that the simulation's checks of
  // its assumed hit rates and grade changes against the district's agree, and calibrate finds them.
  const { history, grades } = demoPast(district.enterprises, scenario.behaviour, "gradedraw-demo");
  const staged = stageDir(out, "demo.json", options.lang);
  try {
    staged.writeChunks("data/enterprises.csv", enterprisesCsvLines(district.enterprises));
    staged.write("data/inspectors.csv", inspectorsCsv(district.inspectors));
    staged.write("data/conflicts.csv", conflictsCsv(district.conflicts));
    staged.writeChunks("data/history.csv", historyCsvLines(history));
    staged.writeChunks("data/grades.csv", gradesCsvLines(grades));
    say(
      `synthetic district: ${district.enterprises.length} enterprises, ${district.inspectors.length} inspectors, ${history.length} past inspections, ${grades.length} grades pushed in 2025 → data/`,
      `模拟辖区：企业 ${district.enterprises.length} 家，执法人员 ${district.inspectors.length} 名，历史检查 ${history.length} 次，2025 年等级推送 ${grades.length} 条 → data/`,
    );

    onProgress?.({ step: "policies" });
    const files = expandPolicyArgs([join(ROOT, "policies")]);
    const loaded = loadPolicyFiles(files, options.lang);
    if (loaded.problems.length) throw new InputError(loaded.problems);
    say(
      `validated ${loaded.policies.length} policy files: ${loaded.policies.map((p) => policyId(p.policy)).join(", ")}`,
      `已校验 ${loaded.policies.length} 个政策文件：${loaded.policies.map((p) => policyId(p.policy)).join("、")}`,
    );
    const tests = await runPolicyTests(join(ROOT, "policies"), options.lang);
    if (tests.failures.length) throw new InputError(tests.failures);
    say(
      `policy tests: ${tests.passed} passed, ${tests.failures.length} failed`,
      `政策测试：${tests.passed} 通过，${tests.failures.length} 失败`,
    );

    const seedPolicy = loaded.policies.find((p) => p.policy.status === "approved") ?? loaded.policies[0];
    const drawDir = join(staged.path, "draw-2026-H1");
    const draw = await runDraw({
      policy: seedPolicy,
      enterprises: district.enterprises,
      inspectors: district.inspectors,
      conflicts: district.conflicts,
      history,
      period: "2026-H1",
      seed: "demo-20260105-314159",
      out: drawDir,
      dryRun: true,
      lang: options.lang,
      onProgress,
    });
    onProgress?.({ step: "reports" });
    // Written in the demo's temporary folder: it tells how to verify the draw where it will be.
    writeReport(drawDir, "html", options.lang, join(out, "draw-2026-H1"));
    say(
      `dry-run draw 2026-H1: ${draw.manifest.counts.selected} enterprises drawn, ${draw.manifest.counts.assignments} inspector assignments → draw-2026-H1/ (report.html, tasks.xlsx)`,
      `试抽 2026-H1：抽取企业 ${draw.manifest.counts.selected} 家，选派执法人员 ${draw.manifest.counts.assignments} 人次 → draw-2026-H1/（report.html、tasks.xlsx）`,
    );

    const replications = options.replications ?? 8;
    onProgress?.({ step: "simulate", done: 0, of: replications });
    // The district drawn above, its enterprises, history and inspectors, with the scenario's behaviour
    // (see simulatesOwnDistrict); a larger one's draw shows the draw's speed, and the scenario's is simulated.
    const own = simulatesOwnDistrict(scenario, size);
    const data = (name: string) => join(staged.path, "data", name);
    const simulated = await simulate({
      scenario: DEMO_SCENARIO,
      replications,
      years: options.years ?? 5,
      lang: options.lang,
      district: own
        ? {
            enterprises: data("enterprises.csv"),
            history: data("history.csv"),
            gradeHistory: data("grades.csv"),
            inspectors: data("inspectors.csv"),
          }
        : undefined,
      onProgress: onProgress && (({ done, total }) => onProgress({ step: "simulate", done, of: total })),
    });
    // Its files named where they will be, not in the demo's temporary folder.
    const sim = { ...simulated, district: moved(simulated.district, staged.path, out) };
    onProgress?.({ step: "reports" });
    const simDir = join(staged.path, "simulation");
    writeSimulation(simDir, sim, options.lang);
    writeReport(simDir, "html", options.lang);
    writeReport(simDir, "md", options.lang);
    const perSecond = sim.performance.enterprisePeriods / sim.performance.seconds;
    const enterprises = sim.district?.enterprises ?? 0;
    const rates = `${sim.years} years × ${sim.replications} replications (${(perSecond / 1e6).toFixed(2)} M enterprise-periods/s)`;
    const ratesZh = `${sim.years} 年 × ${sim.replications} 次重复（每秒 ${zhCount(perSecond)} 企业·期）`;
    const outputs = "→ simulation/ (report.html, report.md, results.json)";
    const outputsZh = "→ simulation/（report.html、report.md、results.json）";
    if (own) {
      // The draw's own figure beside the simulation's first period under the same policy: the same enterprises, caps and history.
      const first = sim.variants[0].metrics.find(
        (m) => m.period === "2026-H1" && m.grade === "all" && m.name === "inspections",
      )?.mean;
      say(
        `simulated ${sim.variants.length} policy variants for the district drawn above (data/: its ${enterprises.toLocaleString("en")} enterprises, history and inspectors; behaviour from simulator/scenarios/huaian.yaml) over ${rates}; 2026-H1 under ${sim.variants[0].version}: ${first?.toLocaleString("en")} inspections (the dry run drew ${draw.manifest.counts.selected.toLocaleString("en")}) ${outputs}`,
        `模拟 ${sim.variants.length} 个政策方案（即上述试抽的辖区，data/：企业 ${zhCount(enterprises)} 家及其历史检查与执法人员；行为假设取自 simulator/scenarios/huaian.yaml），${ratesZh}；${sim.variants[0].version} 下 2026-H1 检查 ${first} 次（试抽抽取 ${draw.manifest.counts.selected} 家）${outputsZh}`,
      );
    }
    // The simulation is the scenario's district, whatever size the draw's was: said, not left to be assumed.
    else
      say(
        `simulated ${sim.variants.length} policy variants for a district of ${enterprises.toLocaleString("en")} enterprises (simulator/scenarios/huaian.yaml) over ${rates} ${outputs}`,
        // Chinese counts large numbers in 万 (10,000), not in millions.
        `模拟 ${sim.variants.length} 个政策方案（企业 ${zhCount(enterprises)} 家的辖区，simulator/scenarios/huaian.yaml），${ratesZh} ${outputsZh}`,
      );
    staged.write("demo.json", `${JSON.stringify({ generated: "gradedraw demo", steps }, null, 2)}\n`);
    staged.commit();
  } catch (e) {
    staged.abort();
    throw e;
  }
  return steps;
}

/**
 * Whether the demo simulates the district it drew (its files, with the scenario's behaviour): up to
 * the scenario's own size. A larger one shows the draw's speed; simulating it would take some 700 MB
 * a million enterprises, and the scenario's district is simulated instead, as it says.
 */
export function simulatesOwnDistrict(scenario: Scenario, size: number): boolean {
  return size <= (scenario.population.size ?? size);
}

/** A simulation's district with its files named below `to` where they were below `from` (a staged folder moved into place). */
function moved(d: DistrictSource | undefined, from: string, to: string): DistrictSource | undefined {
  if (!d) return d;
  const at = <T extends { path: string }>(f: T | undefined) =>
    f?.path.startsWith(from) ? { ...f, path: join(to, relative(from, f.path)) } : f;
  return {
    ...d,
    file: at(d.file),
    directory: at(d.directory),
    past: d.past && { ...d.past, history: at(d.past.history), gradeHistory: at(d.past.gradeHistory) },
  };
}

/** The fewest inspectors a department of the demo's district has. */
const FEWEST_INSPECTORS = 10;

/**
 * The inspectors of the demo's district per department: the simulated scenario's resources, so that
 * the draw's loads per inspector are those the simulation counts against their capacity; for a
 * smaller district, fewer in proportion, and at least {@link FEWEST_INSPECTORS} a department, so
 * that those inactive, unlicensed or with a conflict leave every visit a team. A larger one keeps the
 * scenario's: a draw ranks every inspector of a visit's departments (SPEC §6), so its cost grows
 * with visits × inspectors, and the demo of a large district shows the draw's speed.
 */
export function demoInspectors(scenario: Scenario, size: number): Record<string, number> {
  const share = Math.min(1, size / (scenario.population.size ?? size));
  return Object.fromEntries(
    Object.entries(scenario.resources.inspectors).map(([department, n]) => [
      department,
      Math.max(FEWEST_INSPECTORS, Math.round(n * share)),
    ]),
  );
}
