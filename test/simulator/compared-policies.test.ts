import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { simulationMarkdown } from "../../reports/sim-report.js";
import { variantLabels } from "../../simulator/output.js";
import { simulate } from "../../simulator/run.js";
import { runCli } from "../helpers/run-cli.js";
import { tmp } from "../helpers/tmp.js";

const flat = "test/fixtures/sim/flat-scenario.yaml";
const seed = "policies/huaian-2021/1.0.0.yaml";
/** `gradedraw simulate` of the flat scenario comparing `policies`, in Chinese, with the plain table. */
const simulateInChinese = (...policies: string[]) =>
  runCli(
    "--lang",
    "zh",
    "simulate",
    "--scenario",
    flat,
    ...policies.flatMap((p) => ["--policy", p]),
    "--no-tui",
  );

describe("the policies a simulation compares", () => {
  it("a policy of more treatments than the simulator numbers (127) is refused at its treatments, in Chinese too, before anything runs", async () => {
    const dir = tmp();
    const policy = (count: number) =>
      [
        "policy: many\nversion: 1.0.0\nstatus: draft\neffective: { from: 2020-01-01 }\ntitle: { zh: 多, en: Many }",
        "source: { document: test }\ncadence: half-year\nteamSize: 2\ndefault: t0",
        "items: [{ code: I1, name: 公示信息检查, department: 市场监管局, basis: 条例 }]\ntreatments:",
        ...Array.from(
          { length: count },
          (_, k) => `  t${k}: { label: { zh: 类${k}, en: T${k} }, pool: true, ratio: 1 }`,
        ),
        "rules:\n  - { name: a, conditions: { all: [{ fact: grade, operator: equal, value: A }] }, event: { type: treatment, params: { name: t1 } } }",
      ].join("\n");
    writeFileSync(`${dir}/many.yaml`, policy(128));
    const r = await simulateInChinese(`${dir}/many.yaml`);
    expect([r.code, r.stdout]).toEqual([1, ""]);
    expect(r.stderr).toBe(
      `gradedraw: many@1.0.0 有 128 种处理方式；模拟器只能比较至多 127 种处理方式的政策 (${dir}/many.yaml:12:3)`,
    );
    // 127 are simulated: every enterprise inspected, the A grade under t1 and the rest under t0.
    writeFileSync(`${dir}/many.yaml`, policy(127));
    const ok = await simulate({
      scenario: flat,
      policies: [`${dir}/many.yaml`],
      replications: 2,
      years: 1,
      workers: 1,
    });
    const inspections = ok.variants[0].metrics.find(
      (m) => m.period === "2026-H1" && m.grade === "all" && m.name === "inspections",
    );
    expect(inspections?.mean).toBe(10_000);
  });

  it("a variant whose base beside it differs from the baseline compared is refused at its extends, in Chinese too: it would differ from it by more than its overrides", async () => {
    const dir = tmp();
    writeFileSync(`${dir}/1.0.0.yaml`, readFileSync(seed, "utf8").replace("ratio: 0.05", "ratio: 0.08"));
    writeFileSync(
      `${dir}/v.yaml`,
      "policy: huaian-credit-graded\nversion: 1.2.0-x\nstatus: draft\nextends: huaian-credit-graded@1.0.0\ntitle: { zh: 变体, en: variant }\nrationale: r\noverrides:\n  treatments.general-c.ratio: 0.5\n",
    );
    const r = await simulateInChinese(seed, `${dir}/v.yaml`);
    expect([r.code, r.stdout]).toEqual([1, ""]);
    expect(r.stderr).toBe(
      `gradedraw: huaian-credit-graded@1.0.0 取自本变体旁的 ${dir}/1.0.0.yaml，其内容与同时给出的 ${seed} 不同：本变体是前者加上其覆盖项；请给出前者，或将本变体放在后者旁边 (${dir}/v.yaml:4:10)`,
    );
  });

  it("count each policy's teams in its load, as its draws staff them: a variant of teams of 3 loads its inspectors 1.5 times the baseline's of 2, said in a note; the scenario's larger teams count where a policy's are smaller", async () => {
    const dir = tmp();
    writeFileSync(`${dir}/flat-20.yaml`, readFileSync("test/fixtures/sim/flat-20.yaml"));
    writeFileSync(
      `${dir}/t3.yaml`,
      "policy: flat-twenty\nversion: 1.1.0-t3\nstatus: draft\nextends: flat-twenty@1.0.0\ntitle: { zh: 三人组, en: teams of 3 }\nrationale: r\noverrides:\n  teamSize: 3\n",
    );
    const notices: string[] = [];
    const load = (r: Awaited<ReturnType<typeof simulate>>, v: number) =>
      r.variants[v].metrics.find(
        (m) => m.period === "2026-H1" && m.grade === "all" && m.name === "loadPerInspector",
      )?.mean as number;
    const r = await simulate({
      scenario: flat,
      policies: [`${dir}/flat-20.yaml`, `${dir}/t3.yaml`],
      replications: 2,
      years: 1,
      workers: 1,
      onNotice: (n) => notices.push(n),
    });
    // 2,000 inspections of one department each: 4,000 team places of 2 among 100 inspectors, 6,000 of 3.
    expect([load(r, 0), load(r, 1)]).toEqual([40, 60]);
    expect(r.variants.map((v) => v.teamSize)).toEqual([2, 3]);
    expect(notices).toContain(
      `note: ${flat} assumes teams of 2, but flat-twenty@1.1.0-t3 (3) staffs larger teams (teamSize), as its draws would: its load counts that`,
    );
    // The report names each variant's teams where they are not the scenario's.
    expect(simulationMarkdown(r, "en", [])).toContain(
      "up to 100 inspections each per period, teams of 2 (1.1.0-t3: 3).",
    );
    expect(simulationMarkdown(r, "zh", [])).toContain("检查组 2 人（1.1.0-t3：3 人）。");
    // A scenario assuming teams of 4 counts 4 for both (an office sending more than the policy's least).
    const four = `${dir}/four.yaml`;
    writeFileSync(
      four,
      readFileSync(flat, "utf8")
        .replace("teamSize: 2", "teamSize: 4")
        .replace("flat-20.yaml", `${dir}/flat-20.yaml`),
    );
    const r4 = await simulate({
      scenario: four,
      policies: [`${dir}/flat-20.yaml`, `${dir}/t3.yaml`],
      replications: 2,
      years: 1,
      workers: 1,
    });
    expect([load(r4, 0), load(r4, 1)]).toEqual([80, 80]);
  });

  it("policies of different cadences are refused in one simulation, each named at its cadence, before anything runs", async () => {
    const dir = tmp();
    writeFileSync(`${dir}/1.0.0.yaml`, readFileSync("policies/huaian-2021/1.0.0.yaml"));
    writeFileSync(
      `${dir}/q.yaml`,
      "policy: huaian-credit-graded\nversion: 1.2.0-q\nstatus: draft\nextends: huaian-credit-graded@1.0.0\ntitle: { zh: 按季度, en: quarterly }\nrationale: r\noverrides:\n  cadence: quarter\n",
    );
    await expect(
      simulate({
        scenario: flat,
        policies: [`${dir}/1.0.0.yaml`, `${dir}/q.yaml`],
        replications: 2,
        workers: 1,
      }),
    ).rejects.toMatchObject({
      problems: [
        {
          file: `${dir}/q.yaml`,
          line: 8,
          col: 12,
          message:
            "huaian-credit-graded@1.2.0-q draws per quarter, but huaian-credit-graded@1.0.0 per half-year: the policies of a simulation are compared period by period, so they must draw at the same cadence",
        },
      ],
    });
    const zh = await simulateInChinese(`${dir}/q.yaml`, `${dir}/1.0.0.yaml`);
    expect(zh.code).toBe(1);
    expect(zh.stderr).toMatch(
      /^gradedraw: huaian-credit-graded@1\.0\.0 按半年抽查，而 huaian-credit-graded@1\.2\.0-q 按季度抽查：.*\(.*1\.0\.0\.yaml:\d+:\d+\)$/,
    );
  });

  it("a policy whose rules tell problem codes of the last inspection apart, or read facts it keeps no column of, is refused at the condition, before anything runs", async () => {
    const file = `${tmp()}/history.yaml`;
    const seed = readFileSync("policies/huaian-2021/1.0.0.yaml", "utf8");
    const condition = "- { fact: grade, operator: equal, value: B }";
    const at = seed.split("\n").findIndex((l) => l.includes(condition)) + 1;
    writeFileSync(
      file,
      seed.replace(
        condition,
        `- { fact: lastResult, operator: equal, value: rectified }\n        ${condition}`,
      ),
    );
    const problems = [
      {
        file,
        line: at,
        col: 55,
        message:
          "rule general-b of huaian-credit-graded@1.0.0 compares lastResult so that some codes of a problem found meet it (rectified) and others do not (not-published, false-publication, pending, transferred, non-cooperation): a simulated inspection finds a problem or none, without saying which problem, so the rule cannot be decided of it; give the scenario's behaviour.findingResults (the share of findings recorded with each problem code; gradedraw calibrate counts them from the district's results), compare lastResult with none (未发现问题), or list every problem code (not-published, false-publication, rectified, pending, transferred, non-cooperation)",
      },
    ];
    await expect(simulate({ scenario: flat, policies: [file], workers: 1 })).rejects.toMatchObject({
      problems,
    });
    // Not an internal error with a stack trace after the district was generated, as it was.
    const r = await runCli("simulate", "--scenario", flat, "--policy", file, "--no-tui");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`gradedraw: ${problems[0].message} (${file}:${at}:55)`);
    // So is a rule on a fact the simulator keeps no column of: the name, or a declared fact of a
    // generated district (see declared-facts.test.ts).
    for (const fact of ["name", "employees"]) {
      writeFileSync(
        file,
        seed
          .replace("cadence: half-year", "cadence: half-year\nfacts: { employees: { type: number } }")
          .replace(condition, `- { fact: ${fact}, operator: greaterThan, value: 1 }\n        ${condition}`),
      );
      await expect(simulate({ scenario: flat, policies: [file], workers: 1 })).rejects.toMatchObject({
        problems: [
          {
            line: at + 1,
            col: 19,
            message:
              fact === "name"
                ? "rule general-b of huaian-credit-graded@1.0.0 reads name, which the simulator does not keep of an enterprise (its rules may read uscc, grade, category, industry, region, departments, tags, abnormal, daysSinceInspection, inspectionsLast12m, lastResult, and the facts the policy declares)"
                : `rule general-b of huaian-credit-graded@1.0.0 reads employees, a fact the policy declares, which the district's enterprise file gives; ${flat} generates its district, which has none: give the district's enterprise file (population.enterprises, or --enterprises)`,
          },
        ],
      });
    }
  });

  it("a policy version compared twice is refused at its version: a file listed twice, or two files of one version", async () => {
    const dir = tmp();
    const copy = `${dir}/copy.yaml`;
    writeFileSync(copy, readFileSync(seed));
    const twice = "huaian-credit-graded@1.0.0 is compared twice";
    await expect(simulate({ scenario: flat, policies: [seed, seed], workers: 1 })).rejects.toMatchObject({
      problems: [
        { file: seed, line: 9, col: 10, message: `${twice}: its file is listed twice; list it once` },
      ],
    });
    await expect(simulate({ scenario: flat, policies: [seed, copy], workers: 1 })).rejects.toMatchObject({
      problems: [
        {
          file: copy,
          line: 9,
          col: 10,
          message: `${twice}: ${seed} is that version too; a changed policy takes a new version`,
        },
      ],
    });
    const zh = await simulateInChinese(seed, seed);
    expect(zh.code).toBe(1);
    expect(zh.stderr).toBe(
      `gradedraw: huaian-credit-graded@1.0.0 被比较了两次：其文件列出了两次；请只列一次 (${seed}:9:10)`,
    );
  });

  it("are shown by their versions, or as policy@version where two policies have the same version", async () => {
    const variant = (policy: string, version: string) => ({ policy, version });
    expect(variantLabels({ variants: [variant("a", "1.0.0"), variant("a", "1.1.0")] })).toEqual([
      "1.0.0",
      "1.1.0",
    ]);
    // A results.json of an earlier gradedraw, which compared a version twice: the repeat numbered.
    expect(
      variantLabels({ variants: [variant("a", "1.0.0"), variant("b", "1.0.0"), variant("a", "1.0.0")] }),
    ).toEqual(["a@1.0.0", "b@1.0.0", "a@1.0.0 (2)"]);
    const county = `${tmp()}/county.yaml`;
    writeFileSync(
      county,
      readFileSync(seed, "utf8").replace("policy: huaian-credit-graded", "policy: county-pilot"),
    );
    const r = await runCli(
      "simulate",
      "--scenario",
      flat,
      "--policy",
      seed,
      "--policy",
      county,
      "--replications",
      "2",
      "--no-tui",
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("  huaian-credit-graded@1.0.0: ");
    expect(r.stdout).toContain("  county-pilot@1.0.0: ");
    expect(r.stdout).toMatch(/metric \(.*\)\s+huaian-credit-graded@1\.0\.0\s+county-pilot@1\.0\.0/);
  });
});
