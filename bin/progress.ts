import { basename } from "node:path";
import { type Bilingual, type Lang, tr } from "../engine/lang.js";
import type { Progress, ProgressStep } from "../engine/progress.js";
import type { Io } from "./context.js";

/** What each step of a draw, its verification or the demo is said to be doing, where no figure is told. */
const DOING: Readonly<Record<Exclude<ProgressStep, "read" | "teams" | "district" | "simulate">, Bilingual>> =
  {
    frame: {
      en: "hashing the inputs (the frame the seed is bound to)",
      zh: "规范化输入并计算哈希（与种子绑定的抽取框架）",
    },
    classify: { en: "applying the policy to every enterprise", zh: "按政策确定每家企业的监管方式" },
    select: { en: "drawing the enterprises", zh: "抽取企业" },
    outputs: { en: "writing the output folder", zh: "写出结果文件" },
    compare: { en: "comparing with the recorded outputs", zh: "与记录的结果逐项比对" },
    policies: { en: "validating and testing the policies", zh: "校验并测试政策文件" },
    reports: { en: "writing the reports", zh: "生成报告" },
  };

/** The shortest time between two rewrites of the line within one step, ms. */
const EVERY_MS = 100;

/**
 * The status line of a long command (a draw of a million enterprises takes half a minute, one
 * of a province's several minutes): what it is reading or computing, and how far it is, on a
 * terminal's stderr (see Io.status). Rewritten at most ten times a second within a step.
 */
export class StatusLine {
  private step = "";
  private shownAt = 0;

  constructor(
    private readonly io: Io,
    private readonly lang: Lang,
    /** The time in ms (tests give their own). */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Told the rows read of `file` so far: shows them. */
  reading(file: string): (rows: number) => void {
    const name = basename(file);
    this.show(`read ${file}`, this.readingText(name));
    return (rows) => this.show(`read ${file}`, this.readingText(name, rows, "rows"));
  }

  /** Told a draw's, verify's or the demo's progress: shows its step, and how far it is where told. */
  readonly progress = (p: Progress): void => {
    const done = (p.done ?? 0).toLocaleString("en-US");
    const of = (p.of ?? 0).toLocaleString("en-US");
    if (p.step === "district")
      this.show(
        p.step,
        tr(this.lang, `making a synthetic district of ${of} enterprises`, `生成模拟辖区（企业 ${of} 家）`),
      );
    else if (p.step === "simulate")
      this.show(
        p.step,
        tr(
          this.lang,
          `simulating the policy variants: ${done} of ${of} replications done`,
          `模拟政策方案：已完成 ${done}/${of} 次重复`,
        ),
      );
    else if (p.step === "read")
      this.show(`read ${p.file}`, this.readingText(p.file ?? "", p.done, "records"));
    else if (p.step === "teams")
      this.show(
        p.step,
        tr(
          this.lang,
          `choosing the inspectors: ${done} of ${of} enterprises`,
          `选派执法人员：${of} 家企业中已完成 ${done} 家`,
        ),
      );
    else this.show(p.step, DOING[p.step][this.lang]);
  };

  /** Shows a command's own step, as it begins. */
  doing(text: Bilingual): void {
    this.show(text.en, text[this.lang]);
  }

  /** "reading NAME", with the rows (a table) or records (a recorded list) read so far where told. */
  private readingText(name: string, count?: number, unit: "rows" | "records" = "rows"): string {
    if (count === undefined) return tr(this.lang, `reading ${name}`, `读取 ${name}`);
    const n = count.toLocaleString("en-US");
    return tr(
      this.lang,
      `reading ${name}: ${n} ${unit}`,
      `读取 ${name}：已读 ${n} ${unit === "rows" ? "行" : "条记录"}`,
    );
  }

  private show(step: string, text: string): void {
    const now = this.now();
    if (step === this.step && now - this.shownAt < EVERY_MS) return;
    this.step = step;
    this.shownAt = now;
    this.io.status?.(`gradedraw: ${text}…`);
  }
}
