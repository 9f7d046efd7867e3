/**
 * The reader of a grade history: the grades the provincial platform pushed, one row per enterprise
 * and push (统一社会信用代码, 信用等级, 评级日期). A past enterprise file is one push, its other
 * columns not read; several pushes are one file of them all.
 */
import { tr } from "../lang.js";
import type { Grade } from "../policy/vocabulary.js";
import { dateCell, gradeCell, normalisedNotice, usccCell } from "./read-cells.js";
import type { ReadOptions, ReadResult } from "./read-options.js";
import { readKind } from "./row-reader.js";

/** One enterprise's grade as given on a day (null: ungraded, as the platform pushed it). */
export interface GradePush {
  readonly uscc: string;
  readonly grade: Grade;
  readonly gradedOn: string;
}

/**
 * Reads a grade history. The same push written twice (an enterprise in two snapshots of one push)
 * is one; two grades of one enterprise given on one day are refused at the second, naming the first.
 */
export async function readGradeHistory(file: string, opts: ReadOptions = {}): Promise<ReadResult<GradePush>> {
  const normalised = { count: 0 };
  // The rows that repeat an earlier push of the same grade: left out once every row is read.
  const repeats = new Set<GradePush>();
  const ungraded = { count: 0 };
  // A push a month for every enterprise repeats each code and day many times: one copy of each.
  const copies = new Map<string, string>();
  const one = (s: string) => {
    const had = copies.get(s);
    if (had !== undefined) return had;
    copies.set(s, s);
    return s;
  };
  const read = await readKind<GradePush>(
    "grades",
    file,
    opts,
    (r) => {
      const uscc = usccCell(r, "uscc", normalised);
      const grade = gradeCell(r, "grade");
      const gradedOn = dateCell(r, "gradedOn", false);
      // An enterprise without a grade or its day (a new one, in a past enterprise file): no push.
      if (gradedOn === null && !r.text("grade")) {
        ungraded.count++;
        return undefined;
      }
      if (gradedOn === null)
        r.bad(
          "gradedOn",
          "the day the grade was given is empty: a grade history dates every grade",
          "评级日期为空：等级推送记录中的每个等级都须有日期",
        );
      if (!uscc || !gradedOn) return undefined;
      return { uscc: one(uscc), grade, gradedOn: one(gradedOn) };
    },
    (records, rows, problem, named) => {
      // Per code, the first record of each day.
      const first = new Map<string, Map<string, number>>();
      records.forEach((p, i) => {
        let days = first.get(p.uscc);
        if (!days) {
          days = new Map();
          first.set(p.uscc, days);
        }
        const at = days.get(p.gradedOn);
        if (at === undefined) days.set(p.gradedOn, i);
        else if (records[at].grade === p.grade) repeats.add(p);
        else
          problem(
            rows[i],
            "grade",
            `${p.uscc} is given grade ${p.grade ?? "ungraded"} on ${p.gradedOn}, and ${records[at].grade ?? "ungraded"} on the same day ${named(rows[at]).en}: one of them is wrong`,
            `${p.uscc} 在 ${p.gradedOn} 的信用等级为 ${p.grade ?? "未分级"}，而${named(rows[at]).zh}同日为 ${records[at].grade ?? "未分级"}：其中一行有误`,
          );
      });
    },
  );
  return {
    records: repeats.size ? read.records.filter((p) => !repeats.has(p)) : read.records,
    notices: [
      ...read.notices,
      ...normalisedNotice(normalised.count, file, opts.lang ?? "en"),
      ...(ungraded.count
        ? [
            tr(
              opts.lang ?? "en",
              `note: ${ungraded.count} row(s) of ${file} give neither a grade nor its day: no grade pushed, left out`,
              `提示：${file} 中 ${ungraded.count} 行既无信用等级也无评级日期，视为未推送等级，未计入`,
            ),
          ]
        : []),
    ],
  };
}
