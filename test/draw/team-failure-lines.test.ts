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

  it("visits failing for the same reasons are one line, the most first, then in the order of the draw", () => {
    const failures = [
      failed("U1", "b"),
      failed("U2", "a"),
      failed("U3", "a"),
      failed("U4", "c"),
      ...Array.from({ length: 12 }, (_, k) => failed(`V${k}`, "a")),
    ];
    const { summary, lines } = teamFailureLines(failures, 20_000, "en");
    expect(summary).toBe("16 of the 20,000 drawn enterprises have no valid inspector team:");
    expect(lines).toEqual([
      "14 enterprises (U2, U3, V0, V1, V2, V3, V4, V5, V6, V7, …): no valid inspector team: a",
      "U1: no valid inspector team: b",
      "U4: no valid inspector team: c",
    ]);
    expect(teamFailureLines(failures, 20_000, "zh")).toEqual({
      summary: "抽中的 20000 家企业中有 16 家无法组成有效检查组：",
      lines: [
        "14 家企业（U2、U3、V0、V1、V2、V3、V4、V5、V6、V7……）无法组成有效检查组：（a）",
        "U1：无法组成有效检查组：（b）",
        "U4：无法组成有效检查组：（c）",
      ],
    });
  });

  it("past ten kinds of failure, the rest are counted, not listed", () => {
    const failures = Array.from({ length: 13 }, (_, k) => failed(`U${k}`, `reason ${k}`));
    failures.push(failed("W", "reason 12"));
    const { lines } = teamFailureLines(failures, 14, "en");
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe("2 enterprises (U12, W): no valid inspector team: reason 12");
    expect(lines[10]).toBe("... and 3 more enterprise(s) without a valid team, for other reasons");
    expect(teamFailureLines(failures, 14, "zh").lines[10]).toBe(
      "……另有 3 家企业因其他原因无法组成有效检查组",
    );
  });
});
