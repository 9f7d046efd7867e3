import { describe, expect, it } from "vitest";
import { RuleConflictError } from "../../engine/evaluate.js";
import { moduleWorker, threadDone } from "../../engine/workers.js";

describe("a failure in a simulation worker thread", () => {
  it("a tie of a policy's rules at an enterprise evaluated in a worker is said as the policy's, as on the main thread", async () => {
    const failure = await threadDone(
      moduleWorker(new URL("../fixtures/workers/tie.ts", import.meta.url), {}),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(RuleConflictError);
    const tie = failure as RuleConflictError;
    expect(tie.said("en")).toBe(
      "policy huaian-credit-graded@1.0.0: rules `any-code` and `untagged` both match enterprise NEW-000000000030 with equal priority and different treatments; rules of equal priority that match one enterprise must name one treatment: give the rule meant to win a higher priority",
    );
    expect(tie.said("zh")).toContain("企业 NEW-000000000030 同时符合规则 `any-code` 与 `untagged`");
  });
});
