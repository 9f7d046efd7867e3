/** The explanation of one enterprise as text: its matching rule, each condition's outcome, its treatment, cap and eligibility. */
import { joinedDepartments, likelyDepartment } from "../../engine/data/departments.js";
import type { Enterprise } from "../../engine/data/records.js";
import type { ConditionOutcome, Explanation } from "../../engine/explain.js";
import { type Lang, tr } from "../../engine/lang.js";
import { ineligibilityText } from "../../engine/plan.js";
import type { Policy } from "../../engine/policy/types.js";
import { categoryText, windowText } from "../../engine/policy/vocabulary.js";

/** An explanation as explain prints it: the enterprise, the lines `before` (the ledger read), each rule, the treatment, cap and eligibility. */
export function printExplanation(
  out: (line: string) => void,
  lang: Lang,
  {
    e,
    id,
    date,
    x,
    policy,
    tasked,
    before,
  }: {
    e: Enterprise;
    id: string;
    date: string;
    x: Explanation;
    policy: Policy;
    tasked: readonly string[];
    before: readonly string[];
  },
): void {
  out(
    tr(
      lang,
      `${e.name || e.uscc} (${e.uscc}) — ${id}, ${date}`,
      `${e.name || e.uscc}（${e.uscc}）—— ${id}，${date}`,
    ),
  );
  for (const line of before) out(line);
  out(
    tr(
      lang,
      `grade ${e.grade ?? "ungraded"}, category ${e.category}`,
      `信用等级 ${e.grade ?? "未分级"}，类别 ${categoryText(e.category, lang)}`,
    ),
  );
  out("");
  for (const r of x.rules) {
    out(
      `${r.matched ? "✔" : "✖"} ${tr(lang, `rule ${r.name} (priority ${r.priority} → ${r.treatment})`, `规则 ${r.name}（优先级 ${r.priority} → ${r.treatment}）`)}`,
    );
    printCondition(r.conditions, "    ", out);
  }
  out("");
  const t = x.treatment ? policy.treatments[x.treatment] : undefined;
  if (x.tie) {
    const [a, b] = x.tie;
    const priority = x.rules.find((r) => r.name === a)?.priority;
    out(
      tr(
        lang,
        `treatment: none — rules ${a} and ${b} both match, with equal priority (${priority}) and different treatments`,
        `处理方式：无 —— 规则 ${a} 与 ${b} 均匹配，优先级相同（${priority}）而处理方式不同`,
      ),
    );
    out(
      tr(
        lang,
        "eligible for the draw: no (the draw refuses a policy whose rules tie at an enterprise)",
        "可被抽取：否（有企业同时符合同优先级规则时，抽取拒绝该政策）",
      ),
    );
    return;
  }
  out(
    x.treatment
      ? tr(
          lang,
          `treatment: ${x.treatment} — ${t?.label.en}${x.rule ? ` (rule ${x.rule})` : " (default)"}`,
          `处理方式：${x.treatment} —— ${t?.label.zh}${x.rule ? `（规则 ${x.rule}）` : "（默认）"}`,
        )
      : tr(
          lang,
          "treatment: none — no rule matches and the policy's default is reject",
          "处理方式：无 —— 没有规则匹配，且政策默认为 reject",
        ),
  );
  if (x.cap)
    out(
      tr(
        lang,
        `cap: ${x.cap.count} / ${x.cap.window} (${x.cap.from} – ${x.cap.to}): ${x.cap.inspections} inspection(s) counted${x.cap.over ? " — over the cap" : ""}`,
        `上限：${x.cap.count} 次 / ${windowText(x.cap.window, lang)}（${x.cap.from} 至 ${x.cap.to}）：已计入 ${x.cap.inspections} 次检查${x.cap.over ? " —— 已达上限" : ""}`,
      ),
    );
  // Outside every task: which departments it names, none of the task's.
  const outside = x.reason === "outside-task" ? outsideWhy(e.departments, tasked, lang) : "";
  out(
    x.eligible
      ? tr(lang, "eligible for the draw: yes", "可被抽取：是")
      : tr(
          lang,
          `eligible for the draw: no (${x.reason ? ineligibilityText(x.reason, lang) : ""}${outside})`,
          `可被抽取：否（${x.reason ? ineligibilityText(x.reason, lang) : ""}${outside}）`,
        ),
  );
}

/**
 * Why an enterprise is outside a task: it names no department, or none of the task's (with the
 * list to write where it joins the task's departments with a slash or a space).
 */
function outsideWhy(departments: readonly string[], task: readonly string[], lang: Lang): string {
  if (!departments.length)
    return tr(lang, ": it names no supervising department", "：该企业没有填写监管部门");
  const likely = (d: string) => likelyDepartment(d, task);
  const named = departments.map((d) => (likely(d) ? `${d} (the policy's ${likely(d)}?)` : d)).join(", ");
  const namedZh = departments
    .map((d) => (likely(d) ? `${d}（是否即政策中的 ${likely(d)}？）` : d))
    .join("、");
  const joined = departments.flatMap((d) => joinedDepartments(d, task) ?? []);
  const fix = joined.length
    ? tr(
        lang,
        `; separate departments with ';': ${joined.join(";")}`,
        `；多个部门请用“;”分隔：${joined.join(";")}`,
      )
    : "";
  return tr(
    lang,
    `: its departments, ${named}, are none of the task's (${task.join(", ")})${fix}`,
    `：其监管部门 ${namedZh} 均不是本任务的部门（${task.join("、")}）${fix}`,
  );
}

function printCondition(c: ConditionOutcome, indent: string, out: (s: string) => void) {
  const mark = c.skipped ? "·" : c.result ? "✔" : "✖";
  if (c.kind === "fact") {
    const got = c.skipped ? "not evaluated" : JSON.stringify(c.factValue);
    out(`${indent}${mark} ${c.fact} ${c.operator} ${JSON.stringify(c.value)}  (${c.fact} = ${got})`);
    return;
  }
  out(`${indent}${mark} ${c.kind}`);
  for (const ch of c.children ?? []) printCondition(ch, `${indent}  `, out);
}
