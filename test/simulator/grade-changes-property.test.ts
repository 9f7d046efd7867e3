import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { GradePush } from "../../engine/data/read.js";
import type { Enterprise } from "../../engine/data/records.js";
import { addDays, periodContaining } from "../../engine/period.js";
import type { Cadence } from "../../engine/policy/types.js";
import { wilson } from "../../engine/store/ledger-summary.js";
import { countGradeChanges, matchingRow } from "../../simulator/grade-changes.js";
import { gradeTimeline } from "../../simulator/grade-timeline.js";
import { GRADE_KEYS, type GradeKey } from "../../simulator/grades.js";

const GRADES = ["A", "B", "C", "D", null] as const;
const CADENCES: Cadence[] = ["month", "quarter", "half-year", "year"];
/** A day from 2023-01-01 on. */
const day = fc.integer({ min: 0, max: 1400 }).map((n) => addDays("2023-01-01", n));

/** The grade of `pushes` in force on `on`, plainly: the latest given on or before it. */
function plainGradeOn(pushes: readonly { day: string; grade: GradeKey }[], on: string): GradeKey | undefined {
  let best: { day: string; grade: GradeKey } | undefined;
  for (const p of pushes) if (p.day <= on && (!best || p.day > best.day)) best = p;
  return best?.grade;
}

describe("the district's grade changes, counted", () => {
  it("are a plain reading's: from each enterprise's grade on a period's first day to the next's, over the periods from the first push to the start, after a finding where one lies in the period", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ grade: fc.constantFrom(...GRADES), gradedOn: fc.option(day, { nil: null }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.array(fc.record({ who: fc.integer({ min: 0, max: 6 }), grade: fc.constantFrom(...GRADES), day }), {
          maxLength: 30,
        }),
        fc.array(fc.record({ who: fc.integer({ min: 0, max: 5 }), day }), { maxLength: 10 }),
        fc.constantFrom(...CADENCES),
        day,
        (file, pushed, found, cadence, someDay) => {
          const enterprises = file.map(
            (f, i) => ({ uscc: `E${i}`, grade: f.grade, gradedOn: f.gradedOn }) as Enterprise,
          );
          // One push an enterprise and day (the reader refuses two grades of a day); `who` past the file's is another district's.
          const seen = new Set<string>();
          const pushes: GradePush[] = pushed
            .filter((p) => !seen.has(`${p.who}|${p.day}`) && seen.add(`${p.who}|${p.day}`))
            .map((p) => ({ uscc: `E${p.who}`, grade: p.grade, gradedOn: p.day }));
          const findings = new Map<number, string[]>();
          for (const f of found)
            if (f.who < enterprises.length) findings.set(f.who, [...(findings.get(f.who) ?? []), f.day]);
          const start = periodContaining(someDay, cadence).start;
          const t = gradeTimeline(enterprises, pushes, (u) => {
            const i = Number(u.slice(1));
            return i < enterprises.length ? i : undefined;
          });
          const got = countGradeChanges(t, findings, cadence, start);

          // The plain reading.
          const own = enterprises.map((e, i) => {
            const list = pushes
              .filter((p) => p.uscc === e.uscc)
              .map((p) => ({ day: p.gradedOn, grade: (p.grade ?? "ungraded") as GradeKey }));
            if (e.gradedOn !== null) {
              const at = list.findIndex((p) => p.day === e.gradedOn);
              const mine = { day: e.gradedOn, grade: (e.grade ?? "ungraded") as GradeKey };
              if (at >= 0) list[at] = mine;
              else list.push(mine);
            }
            return { i, list };
          });
          const first = own.flatMap((o) => o.list.map((p) => p.day)).sort()[0];
          const counts = { normal: new Map<string, number>(), found: new Map<string, number>() };
          let any = false;
          if (first !== undefined && first < start) {
            const days: string[] = [];
            for (
              let p = periodContaining(first, cadence);
              p.start < start;
              p = periodContaining(addDays(p.end, 1), cadence)
            )
              days.push(p.start);
            days.push(start);
            for (const o of own)
              for (let k = 0; k + 1 < days.length; k++) {
                const a = plainGradeOn(o.list, days[k]);
                const b = plainGradeOn(o.list, days[k + 1]);
                if (a === undefined || b === undefined) continue;
                const hit = (findings.get(o.i) ?? []).some((d) => d >= days[k] && d < days[k + 1]);
                const m = hit ? counts.found : counts.normal;
                m.set(`${a}>${b}`, (m.get(`${a}>${b}`) ?? 0) + 1);
                any = true;
              }
          }
          if (!any) {
            expect(got).toBeUndefined();
            return;
          }
          const flat = (rows: NonNullable<typeof got>["normal"]) =>
            new Map(
              rows.flatMap((r) =>
                GRADE_KEYS.filter((h) => r.to[h] > 0).map((h) => [`${r.grade}>${h}`, r.to[h]]),
              ),
            );
          expect(flat(got?.normal ?? [])).toEqual(counts.normal);
          expect(flat(got?.found ?? [])).toEqual(counts.found);
          expect(got?.elsewhere).toBe(
            pushes.filter((p) => Number(p.uscc.slice(1)) >= enterprises.length).length,
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it("are written back as a row that sums to 1 and whose every share lies within its 95% interval, from a handful of enterprise-periods to ten million", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4_000_000 }), { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 0, max: 6 }),
        (raw, scale) => {
          // Counts of very different sizes: some shares tiny, some none.
          const counts = raw.map((k, i) => (i === 0 ? k + 1 : Math.floor(k / 10 ** ((i + scale) % 7))));
          const to = Object.fromEntries(GRADE_KEYS.map((h, i) => [h, counts[i]])) as Record<GradeKey, number>;
          const periods = counts.reduce((a, b) => a + b, 0);
          const row = { grade: "B" as const, periods, to };
          const written = parseYaml(`x: ${matchingRow(row)}`).x as Record<GradeKey, number>;
          expect(Math.abs(GRADE_KEYS.reduce((a, h) => a + written[h], 0) - 1)).toBeLessThan(1e-9);
          for (const h of GRADE_KEYS) {
            const w = wilson(to[h], periods) as { low: number; high: number };
            expect(written[h], `${h} of ${JSON.stringify(to)}`).toBeGreaterThanOrEqual(w.low);
            expect(written[h], `${h} of ${JSON.stringify(to)}`).toBeLessThanOrEqual(w.high);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
