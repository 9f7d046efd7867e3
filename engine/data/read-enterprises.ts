/** The reader of the directory of enterprises (检查对象名录库). */
import { typedFact } from "../facts.js";
import { type Lang, tr } from "../lang.js";
import { isIndividualBusiness, operatorInName } from "../privacy.js";
import { categoryOf, LISTED, word, wordWithNote } from "./cell-words.js";
import { isKeyQuestion, isOperatorColumn } from "./columns.js";
import { DRAWN_COLUMNS, drawnListText, type Gone, goneNotice, poolNotices } from "./enterprise-notices.js";
import { LostCharacters } from "./lost-characters.js";
import { controlRefused, dateCell, gradeCell, normalisedNotice, unique, usccCell } from "./read-cells.js";
import type { ReadOptions, ReadResult } from "./read-options.js";
import type { Enterprise } from "./records.js";
import { isGone, isGoneDateColumn, isRegistrationNumberColumn, isStatusColumn } from "./registration.js";
import type { Row } from "./row-cursor.js";
import { readKind } from "./row-reader.js";
import { parseBool, parseList, withoutInvisible } from "./values.js";

/** Reads the directory of enterprises (检查对象名录库). */
export async function readEnterprises(
  file: string,
  opts: ReadOptions = {},
): Promise<
  ReadResult<Enterprise> & {
    readonly sheets: readonly string[];
    /** Whether the file is a draw's list of the enterprises it drew (see DRAWN_COLUMNS), not a directory. */
    readonly drawnList: boolean;
  }
> {
  const normalised = { count: 0 };
  // A million enterprises share a few hundred industries, regions, dates and department lists:
  // one copy of each (lists frozen) instead of one per row.
  const shared = new Interner();
  const declared = Object.entries(opts.facts ?? {});
  // The enterprises that name no supervising department: how many, and where the first ones are.
  const unsupervised = { count: 0, first: [] as { en: string; zh: string }[] };
  // The enterprises whose registration status says they are no longer in business (see registration.ts).
  const gone: Gone = { byStatus: new Map(), rows: [] };
  // The categories read from a yes/no question (是否重点监管), to be said as read.
  const answered: Answered = { headers: new Set(), yes: 0, no: 0 };
  const lost = new LostCharacters();
  const { records, notices, sheets, place } = await readKind<Enterprise>(
    "enterprises",
    file,
    opts,
    (r) => {
      const uscc = usccCell(r, "uscc", normalised, registrationNumber);
      const grade = gradeCell(r, "grade");
      const c = r.text("category");
      let category = categoryOf(c);
      const question = category ? undefined : r.headerOf("category");
      if (question !== undefined && isKeyQuestion(question)) {
        const yes = parseBool(c);
        if (yes === undefined)
          r.bad(
            "category",
            `'${c}' is not yes/no: ${question} asks whether the enterprise is a key one (是 or 否; empty is 否)`,
            `“${c}”不是“是/否”：${question}问的是是否为重点监管对象（填是或否，留空为否）`,
          );
        else {
          category = yes ? "key" : "general";
          answered.headers.add(question);
          if (yes) answered.yes++;
          else answered.no++;
        }
      } else if (!category) {
        if (c)
          r.bad(
            "category",
            `unknown category '${c}' (expected key/重点 or general/一般)`,
            `未知企业类别“${c}”（应为 key/重点 或 general/一般）`,
          );
        else
          r.bad(
            "category",
            "the category is empty (expected key/重点 or general/一般)",
            "企业类别为空（应为 key/重点 或 general/一般）",
          );
      }
      const abnormalText = r.text("abnormal");
      const abnormal =
        listed(abnormalText) ?? listed(withoutInvisible(abnormalText)) ?? listedWithNote(abnormalText);
      if (abnormal === undefined)
        r.bad("abnormal", `'${abnormalText}' is not yes/no`, `“${abnormalText}”不是“是/否”`);
      const gradedOn = dateCell(r, "gradedOn", false);
      const extra = r.extras();
      let left: string | undefined;
      for (const k in extra) {
        // A registration number is read only to say a missing code (see registrationNumber).
        if (opts.onlyUsedColumns && isRegistrationNumberColumn(k) && !Object.hasOwn(opts.facts ?? {}, k)) {
          delete extra[k];
          continue;
        }
        const byDate = isGoneDateColumn(k);
        if (!byDate && !isStatusColumn(k)) continue;
        const status = String(extra[k] ?? "").trim();
        // A status that says so, or a day in a column of the day it left (said by the column's name).
        if (left === undefined && status !== "" && (byDate || isGone(status))) left = byDate ? k : status;
        // Read to be said, not recorded, unless the policy declares it a fact.
        if (opts.onlyUsedColumns && !Object.hasOwn(opts.facts ?? {}, k)) delete extra[k];
      }
      if (left !== undefined) {
        gone.byStatus.set(left, (gone.byStatus.get(left) ?? 0) + 1);
        if (gone.rows.length < 10) gone.rows.push({ row: r.row, sheet: r.sheet });
      }
      for (const [name, { type }] of declared) {
        const v = extra[name];
        // A list fact is split here, as departments are, and recorded as the list it is (see typedFact).
        if (type === "list" && typeof v === "string" && v !== "") extra[name] = shared.list(v);
        if (v !== undefined && v !== null && v !== "" && typedFact(v, type) === null)
          r.bad(
            name,
            `'${v}' is not ${type === "number" ? "a number" : "yes/no"}: the policy declares ${name} a ${type} fact`,
            `“${v}”不是${type === "number" ? "数字" : "“是/否”"}：政策将 ${name} 声明为${type === "number" ? "数值" : "是否"}型事实`,
          );
      }
      if (!uscc || !category) return undefined;
      // Kept only where the name holds it: the recorded inputs then hold no name the directory's
      // names do not (a firm's legal representative, an operator of another trade name).
      const name = r.text("name");
      controlRefused(r, "name", name, { en: "the name", zh: "名称" }, { en: "name", zh: "名称" });
      let operator = isIndividualBusiness(uscc) ? operatorInName(uscc, name, r.text("operator")) : undefined;
      // A second operator column (经营者 beside 法定代表人): read where the first gives none, and
      // kept as no fact.
      for (const k in extra) {
        if (!isOperatorColumn(k)) continue;
        if (operator === undefined && isIndividualBusiness(uscc))
          operator = operatorInName(uscc, name, String(extra[k] ?? ""));
        delete extra[k];
      }
      // Keys in canonical (sorted) order, so the frame writes each record by JSON.stringify's fast path.
      return {
        abnormal: abnormal ?? false,
        category,
        departments: shared.list(r.text("departments")),
        extra,
        grade,
        gradedOn: gradedOn === null || gradedOn === undefined ? null : shared.text(gradedOn),
        industry: shared.text(r.text("industry")) || null,
        name,
        ...(operator === undefined ? {} : { operator }),
        region: shared.text(r.text("region")) || null,
        tags: shared.list(r.text("tags")),
        uscc,
      };
    },
    (records, rows, problem, named) => {
      unique((e: Enterprise) => e.uscc, "uscc", { en: "unified social credit code", zh: "统一社会信用代码" })(
        records,
        rows,
        problem,
        named,
      );
      records.forEach((e, i) => {
        lost.see(e.name, () => named(rows[i]));
        if (e.departments.length) return;
        unsupervised.count++;
        if (unsupervised.first.length < 10) unsupervised.first.push(named(rows[i]));
      });
    },
  );
  const drawn = DRAWN_COLUMNS.every((c) => place(c).col > 0);
  const oneList = sheetsOf(sheets);
  return {
    records,
    sheets: oneList,
    drawnList: drawn,
    notices: [
      // A draw refuses such a list (see drawnList); elsewhere it is said first.
      ...(drawn && opts.pooled && !opts.wholeList ? [drawnListText(file, opts.lang ?? "en")] : []),
      ...notices,
      ...normalisedNotice(normalised.count, file, opts.lang ?? "en"),
      ...answeredNotice(answered, file, opts.lang ?? "en"),
      ...lost.notice(file, opts.lang ?? "en"),
      ...(opts.pooled ? poolNotices(records, unsupervised, file, oneList, opts.lang ?? "en") : []),
      ...(opts.pooled ? goneNotice(gone, file, opts.lang ?? "en") : []),
    ],
  };
}

/**
 * How a yes/no question (是否重点监管) was read as the category, so that a column ticked only where
 * the answer is yes is seen to leave the others general.
 */
function answeredNotice(answered: Answered, file: string, lang: Lang): string[] {
  const { headers, yes, no } = answered;
  if (!headers.size) return [];
  const [en, zh] = [[...headers].join(", "), [...headers].map((h) => `“${h}”`).join("、")];
  return [
    tr(
      lang,
      `note: ${file}: the category is read from ${en}: ${yes} enterprise(s) answered yes are key, ${no} answered no or left empty are general`,
      `提示：${file}：企业类别按${zh}读取：填“是”的 ${yes} 家为重点，填“否”或留空的 ${no} 家为一般`,
    ),
  ];
}

/** The categories read from a yes/no question: its headers (one a sheet, where sheets head it otherwise), and the answers. */
interface Answered {
  readonly headers: Set<string>;
  yes: number;
  no: number;
}

/**
 * An abnormal-list cell with a note in brackets after its word (列入（2025-03-01，未按规定报送年报）):
 * the word's, unless the note names another status (是（已移出）). See wordWithNote.
 */
function listedWithNote(text: string): boolean | undefined {
  return wordWithNote(text, listed, (note) => [
    ...(/未列入|移出/.test(note) || note === "否" ? [false] : []),
    ...(/(?<!未)列入/.test(note) || note === "是" ? [true] : []),
  ]);
}

/** Whether an enterprise is on the abnormal list (经营异常名录): yes/no, 已列入/未列入/已移出. */
function listed(text: string): boolean | undefined {
  return parseBool(text) ?? word(LISTED, text);
}

/**
 * What is said of a row without a code that has, in a column of its own, the registration
 * number (注册号) the code replaced in 2015, by which the code is found.
 */
function registrationNumber(r: Row): { en: string; zh: string } | undefined {
  const extra = r.extras();
  const k = Object.keys(extra).find(
    (c) => isRegistrationNumberColumn(c) && String(extra[c] ?? "").trim() !== "",
  );
  if (k === undefined) return undefined;
  const number = String(extra[k]).trim();
  return {
    en: `; the row has a registration number (${k} ${number}), which the code replaced in 2015: give the enterprise's code (the national enterprise credit information publicity system finds it by the number)`,
    zh: `；该行有注册号（${k} ${number}），2015 年起已由统一社会信用代码取代：请填写该企业的统一社会信用代码（可在国家企业信用信息公示系统按注册号查询）`,
  };
}

/** The sheets read as one list (--sheet all), each once, in order; none for a single list. */
function sheetsOf(sheets: readonly (string | undefined)[]): string[] {
  return [...new Set(sheets)].filter((s): s is string => s !== undefined);
}

/**
 * One shared copy of each repeated value of a file: texts, and lists parsed from the same text
 * (frozen, so sharing is safe). Bounded: past a limit new values are simply not shared.
 */
class Interner {
  private readonly texts = new Map<string, string>();
  private readonly lists = new Map<string, readonly string[]>();
  private static readonly LIMIT = 100_000;

  /** The text, without characters that show as nothing (市场监管局 copied with a zero-width space). */
  text(s: string): string {
    const known = this.texts.get(s);
    if (known !== undefined) return known;
    const clean = withoutInvisible(s);
    if (this.texts.size < Interner.LIMIT) this.texts.set(s, clean);
    return clean;
  }

  list(s: string): readonly string[] {
    const known = this.lists.get(s);
    if (known) return known;
    const list = Object.freeze(
      parseList(s)
        .map((x) => this.text(x))
        .filter((x) => x !== ""),
    );
    if (this.lists.size < Interner.LIMIT) this.lists.set(s, list);
    return list;
  }
}
