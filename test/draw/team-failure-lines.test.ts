import { describe, expect, it } from "vitest";
import { teamFailureLines } from "../../engine/draw/team-failures.js";
import type { TeamFailure } from "../../engine/draw/teams.js";

/** A failure of `uscc` for the one reason `why`. */
const failed = (uscc: string, why: string): TeamFailure => ({
  uscc,
  reasons: [{ en: why, zh: `（${why}）` }],
});

describe("a refused draw's visits without a valid team", () => {
  it("one visit is said as it is, with no summary", () => {
    expect(teamFailureLines([failed("U1", "only 1 eligible inspector(s), a team needs 2")], 5, "en")).toEqual(
      {
        summary: undefined,
        lines: ["U1: no valid inspector team: only 1 eligible inspector(s), a team needs 2"],
      },
    );
  });

  it("visits failing for the same reasons are one line, the reasons and then every enterprise, the most first, then in the order of the draw", () => {
    const failures = [
      failed("U1", "b"),
      failed("U2", "a"),
      failed("U3", "a"),
      failed("U4", "c"),
      ...Array.from({ length: 12 }, (_, k) => failed(`V${k}`, "a")),
    ];
    const every = ["U2", "U3", ...Array.from({ length: 12 }, (_, k) => `V${k}`)];
    const { summary, lines } = teamFailureLines(failures, 20_000, "en");
    expect(summary).toBe("16 of the 20,000 drawn enterprises have no valid inspector team:");
    expect(lines).toEqual([
      `no valid inspector team: a; for 14 enterprises: ${every.join(", ")}`,
      "U1: no valid inspector team: b",
      "U4: no valid inspector team: c",
    ]);
    expect(teamFailureLines(failures, 20_000, "zh")).toEqual({
      summary: "抽中的 20000 家企业中有 16 家无法组成有效检查组：",
      lines: [
        `无法组成有效检查组：（a）；共 14 家企业：${every.join("、")}`,
        "U1：无法组成有效检查组：（b）",
        "U4：无法组成有效检查组：（c）",
      ],
    });
  });

  it("every kind of failure is a line, however many", () => {
    const failures = Array.from({ length: 30 }, (_, k) => failed(`U${k}`, `reason ${k}`));
    failures.push(failed("W", "reason 29"));
    const { lines } = teamFailureLines(failures, 31, "en");
    expect(lines).toHaveLength(30);
    expect(lines[0]).toBe("no valid inspector team: reason 29; for 2 enterprises: U29, W");
    expect(lines[29]).toBe("U28: no valid inspector team: reason 28");
  });
});
