import { mapHeader } from "../data/columns.js";
import { hasHan, isIsoDate } from "../data/values.js";
import { type Lang, tr } from "../lang.js";
import { valueFact, walkConditions } from "./conditions.js";
import { coverage } from "./coverage.js";
import { literalProblems } from "./literals.js";
import type { SchemaError } from "./schema.js";
import type { Policy, Rule } from "./types.js";
import {
  BUILTIN_FACTS,
  categoryText,
  didYouMean,
  gradeLabel,
  gradeText,
  isKnownOperator,
  nearestName,
  nearestOperator,
  treatmentOfLabel,
} from "./vocabulary.js";
import type { NodePath } from "./yaml-source.js";

/** A semantic problem, located like a schema error. */
export type SemanticError = SchemaError;

/**
 * The checks a schema cannot express (SPEC §4): unknown treatments, facts and operators,
 * duplicate names, ratios outside [0,1], approval, dates, and grade × category coverage.
 * Expects a value that passed the schema.
 */
export function checkSemantics(p: Policy, lang: Lang, shapeIsValid = true): SemanticError[] {
  const out: SemanticError[] = [];
  // On a document the schema rejected, each section is checked only as far as its shape allows:
  // a section that breaks the checks is skipped, its shape problem is already reported.
  const guard = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      if (shapeIsValid) throw e;
    }
  };
  const add = (path: NodePath, en: string, zh: string, key = false) =>
    out.push({ path, key, message: tr(lang, en, zh) });
  const treatments = new Set(Object.keys(p.treatments ?? {}));
  const itemCodes = new Set<string>();
  const facts = new Set([...BUILTIN_FACTS, ...Object.keys(p.facts ?? {})]);

  guard(() => {
    if (p.status === "approved" && !p.approval) {
      add(
        ["status"],
        "`status: approved` needs an `approval` (by, date, document)",
        "`status: approved` 必须有 `approval`（审批人、日期、文号）",
      );
    }
    checkDate(p.effective.from, ["effective", "from"], add);
    if (p.effective.to) {
      checkDate(p.effective.to, ["effective", "to"], add);
      if (p.effective.to < p.effective.from)
        add(
          ["effective", "to"],
          "`effective.to` is before `effective.from`",
          "`effective.to` 早于 `effective.from`",
        );
    }
  });
  guard(() => {
    if (p.approval) checkDate(p.approval.date, ["approval", "date"], add);
  });

  guard(() =>
    p.items.forEach((item, i) => {
      // A blank department is one no enterprise names: its items would never be drawn.
      for (const [key, zh] of [
        ["code", "编码"],
        ["name", "名称"],
        ["department", "部门"],
      ] as const)
        if (typeof item[key] === "string" && item[key].trim() === "")
          add(
            ["items", i, key],
            `\`${key}\` is blank: an item needs its ${key}`,
            `\`${key}\` 为空白：抽查事项须写明${zh}`,
          );
      if (itemCodes.has(item.code))
        add(
          ["items", i, "code"],
          `duplicate item code \`${item.code}\``,
          `重复的抽查事项编码 \`${item.code}\``,
        );
      itemCodes.add(item.code);
    }),
  );

  for (const [name, t] of Object.entries(p.treatments ?? {}))
    guard(() => {
      const at: NodePath = ["treatments", name];
      // A label left blank: the treatment would be shown as nothing in reports and task lists.
      for (const lang of ["zh", "en"] as const)
        if (typeof t.label?.[lang] === "string" && t.label[lang].trim() === "")
          add(
            [...at, "label", lang],
            `\`${lang}\` is blank: a treatment's label is shown in reports and task lists`,
            `\`${lang}\` 为空白：处理方式的名称会显示在报告与任务清单中`,
          );
      if (t.pool === true && t.ratio === undefined)
        add(
          at,
          `treatment \`${name}\` is in the pool but has no \`ratio\``,
          `处理方式 \`${name}\` 进入抽查库但没有 \`ratio\``,
        );
      if (typeof t.ratio === "number") checkRatio(t.ratio, [...at, "ratio"], add);
      else if (typeof t.ratio === "object" && t.ratio !== null) {
        checkRatio(t.ratio.min, [...at, "ratio", "min"], add);
        if (t.ratio.max !== undefined) {
          checkRatio(t.ratio.max, [...at, "ratio", "max"], add);
          if (t.ratio.max < t.ratio.min)
            add([...at, "ratio", "max"], "ratio `max` is below `min`", "比例上限 `max` 小于下限 `min`");
        }
      }
      (t.extraItems ?? []).forEach((code, i) => {
        if (!itemCodes.has(code))
          add(
            [...at, "extraItems", i],
            `unknown item \`${code}\` (not in \`items\`)`,
            `未知抽查事项 \`${code}\`（不在 \`items\` 中）`,
          );
      });
    });

  if (typeof p.default === "string" && p.default !== "reject" && !treatments.has(p.default)) {
    const near = didYouMean(treatmentOfLabel(p.treatments, p.default));
    const expected = treatments.size
      ? {
          en: `one of ${[...treatments].join(", ")} or \`reject\``,
          zh: `${[...treatments].join("、")} 或 \`reject\``,
        }
      : {
          en: "`reject`, or a treatment of `treatments`, which names none",
          zh: "`reject`，或 `treatments` 中的处理方式（现为空）",
        };
    add(
      ["default"],
      `unknown treatment \`${p.default}\` (expected ${expected.en})${near.en}`,
      `未知处理方式 \`${p.default}\`（应为 ${expected.zh}）${near.zh}`,
    );
  }

  const ruleNames = new Map<string, number>();
  for (const [i, rule] of (Array.isArray(p.rules) ? p.rules : []).entries())
    guard(() => {
      const first = ruleNames.get(rule.name);
      if (first !== undefined)
        add(
          ["rules", i, "name"],
          `duplicate rule name \`${rule.name}\` (first at rule ${first + 1})`,
          `规则名称重复 \`${rule.name}\`（首次出现于第 ${first + 1} 条规则）`,
        );
      else ruleNames.set(rule.name, i);
      const t = rule.event.params.name;
      if (!treatments.has(t)) {
        const near = treatmentOfLabel(p.treatments, t) ?? nearestName(t, treatments);
        add(
          ["rules", i, "event", "params", "name"],
          `unknown treatment \`${t}\` in rule \`${rule.name}\`${didYouMean(near).en}`,
          `规则 \`${rule.name}\` 引用了未知处理方式 \`${t}\`${didYouMean(near).zh}`,
        );
      }
      walkConditions(rule.conditions, ["rules", i, "conditions"], (c, path) => {
        // json-rules-engine holds an empty list true: an `any` of nothing matches every enterprise.
        if ("any" in c && Array.isArray(c.any) && c.any.length === 0)
          add(
            [...path, "any"],
            "an empty `any` matches every enterprise (json-rules-engine holds an empty list true): give it its conditions, or write `all: []` for a rule that matches every enterprise",
            "空的 `any` 对所有企业都成立（json-rules-engine 视空列表为真）：请写出其中的条件；规则要匹配所有企业时请写 `all: []`",
          );
        if ("condition" in c) {
          add(
            path,
            "shared conditions (`condition:`) are not supported; write the condition out",
            "不支持共享条件（`condition:`），请直接写出条件",
          );
          return;
        }
        if (!("fact" in c)) return;
        // 信用等级: the header of a fact in an input file, where the rules name the fact.
        const headed =
          facts.has(c.fact) || !hasHan(c.fact)
            ? undefined
            : mapHeader("enterprises", [c.fact]).names.get(c.fact);
        if (headed !== undefined && headed !== c.fact && facts.has(headed))
          add(
            [...path, "fact"],
            `unknown fact \`${c.fact}\`: that is how a file heads the fact \`${headed}\`; a rule names it \`${headed}\``,
            `未知事实 \`${c.fact}\`：这是输入文件中 \`${headed}\` 列的表头；规则中应写 \`${headed}\``,
          );
        else if (!facts.has(c.fact)) {
          const near = nearestName(c.fact, facts);
          add(
            [...path, "fact"],
            near
              ? `unknown fact \`${c.fact}\` (did you mean \`${near}\`? or declare it under \`facts\` if it is an input column)`
              : `unknown fact \`${c.fact}\` (declare it under \`facts\` if it is an input column)`,
            near
              ? `未知事实 \`${c.fact}\`（是否应为 \`${near}\`？若为输入列，请在 \`facts\` 中声明）`
              : `未知事实 \`${c.fact}\`（若为输入列，请在 \`facts\` 中声明）`,
          );
        }
        if (!isKnownOperator(c.operator)) {
          const near = nearestOperator(c.operator);
          add(
            [...path, "operator"],
            `unknown operator \`${c.operator}\`${didYouMean(near).en}`,
            `未知运算符 \`${c.operator}\`${didYouMean(near).zh}`,
          );
        }
        for (const lp of literalProblems(c, p.facts ?? {}))
          add(lp.element === undefined ? [...path, "value"] : [...path, "value", lp.element], lp.en, lp.zh);
        const other = valueFact(c);
        if (other !== undefined && !facts.has(other)) {
          const near = nearestName(other, facts);
          add(
            [...path, "value", "fact"],
            `unknown fact \`${other}\`${didYouMean(near).en}`,
            `未知事实 \`${other}\`${didYouMean(near).zh}`,
          );
        }
        if (
          /(^|:)(in|notIn)$/.test(c.operator) &&
          !c.operator.includes("swap") &&
          !Array.isArray(c.value) &&
          !(c.value && typeof c.value === "object")
        ) {
          add(
            [...path, "value"],
            `operator \`${c.operator}\` needs a list as \`value\``,
            `运算符 \`${c.operator}\` 的 \`value\` 必须是列表`,
          );
        }
      });
    });

  if (out.length === 0 && shapeIsValid) {
    // A rule deciding by other facts that ties with the rule every enterprise of a cell matches:
    // each pair once, with the cells it ties in.
    const ties = new Map<Rule, Map<Rule, { g: string; category: string }[]>>();
    for (const cell of coverage(p)) {
      const g = gradeLabel(cell.grade);
      const top = cell.certain[0];
      if (top && !cell.conflict)
        for (const r of cell.possible)
          if ((r.priority ?? 1) === (top.priority ?? 1) && r.event.params.name !== top.event.params.name) {
            const of = ties.get(r) ?? new Map<Rule, { g: string; category: string }[]>();
            ties.set(r, of);
            of.set(top, [...(of.get(top) ?? []), { g, category: cell.category }]);
          }
      if (cell.conflict) {
        const [a, b] = cell.conflict;
        const i = p.rules.indexOf(b);
        add(
          ["rules", i],
          `rules \`${a.name}\` and \`${b.name}\` have equal priority and both cover grade ${g} × ${cell.category} with different treatments`,
          `规则 \`${a.name}\` 与 \`${b.name}\` 优先级相同，均覆盖 ${cellZh(g, cell.category)} 且处理方式不同`,
        );
      } else if (p.default === "reject" && cell.certain.length === 0 && cell.possible.length === 0) {
        add(
          ["default"],
          `no rule covers grade ${g} × ${cell.category} and \`default\` is \`reject\``,
          `没有规则覆盖 ${cellZh(g, cell.category)}，且 \`default\` 为 \`reject\``,
        );
      }
    }
    for (const [r, of] of ties)
      for (const [top, cells] of of)
        add(
          ["rules", p.rules.indexOf(r)],
          `rules \`${top.name}\` and \`${r.name}\` have equal priority and different treatments: every enterprise of grade ${cells.map((c) => `${c.g} × ${c.category}`).join(", ")} matches \`${top.name}\`, so one that also matches \`${r.name}\` would get two, and a draw is refused for it; give \`${r.name}\` a higher priority if it is to win, or a lower one`,
          `规则 \`${top.name}\` 与 \`${r.name}\` 优先级相同而处理方式不同：${cells.map((c) => cellZh(c.g, c.category)).join("、")} 的企业均符合 \`${top.name}\`，同时符合 \`${r.name}\` 的企业将得到两种处理方式，抽取将因此被拒绝；如 \`${r.name}\` 应优先，请提高其优先级，否则请降低`,
        );
  }
  return out;
}

type Add = (path: NodePath, en: string, zh: string) => void;

/** A grade × category cell as a Chinese message names it: A 级 × 重点, 未分级 × 一般. */
function cellZh(grade: string, category: string): string {
  return `${grade === "ungraded" ? gradeText(grade, "zh") : `${grade} 级`} × ${categoryText(category, "zh")}`;
}

/** A ratio within [0, 1]; one that is no number is the schema's to report. */
function checkRatio(r: unknown, path: NodePath, add: Add) {
  if (typeof r === "number" && !(r >= 0 && r <= 1))
    add(path, `ratio ${r} is outside [0, 1]`, `抽查比例 ${r} 超出 [0, 1]`);
}

/** A day that exists; a date written in another shape than YYYY-MM-DD is the schema's to report. */
function checkDate(d: string, path: NodePath, add: Add) {
  if (/^\d{4}-\d{2}-\d{2}$/.test(d) && !isIsoDate(d))
    add(path, `\`${d}\` is not a real date`, `\`${d}\` 不是有效日期`);
}
