import { type Lang, tr } from "../lang.js";

/**
 * Names that lost a character to an encoding that lacks it: a rare character (生僻字) of a name is
 * not in GBK, and Excel on a Chinese Windows, saving a CSV in GBK, writes `?` for it (淮安市?记商店).
 * No name has a `?` beside a Chinese character otherwise. The name is drawn, listed and published
 * as read, so it is said, not refused: the directory as exported has it whole.
 */
export class LostCharacters {
  private count = 0;
  private readonly first: { en: string; zh: string; name: string }[] = [];

  /** Looks at a name, at the row `named` says. */
  see(name: string, named: () => { en: string; zh: string }): void {
    if (!name.includes("?") || !BESIDE_CHINESE.test(name)) return;
    this.count++;
    if (this.first.length < 5) this.first.push({ ...named(), name });
  }

  /** The notice of the names seen to have lost a character, if any. */
  notice(file: string, lang: Lang): string[] {
    if (!this.count) return [];
    const more = this.count > this.first.length;
    const en = this.first.map((r) => `${r.en.replace(/^(on|in) /, "")}: ${r.name}`).join("; ");
    const zh = this.first.map((r) => `${r.zh}：${r.name}`).join("；");
    return [
      tr(
        lang,
        `note: ${this.count} enterprise name(s) of ${file} have a '?' beside Chinese characters (${en}${more ? "; …" : ""}): a character the file's encoding lacks, written '?' when saved (a rare character, 生僻字, is not in GBK, in which Excel on a Chinese Windows saves a CSV), is lost, and the names are drawn, listed and published so; give the directory as the system exported it, or saved as CSV UTF-8 or as a workbook`,
        `提示：${file} 中 ${this.count} 家企业的名称在汉字旁有“?”（${zh}${more ? "……" : ""}）：这是文件所用编码没有的字，保存时写成了“?”（生僻字不在 GBK 中，而中文 Windows 的 Excel 另存 CSV 即用 GBK），该字已经丢失，抽取结果、任务清单和公示将照此显示名称；请使用系统导出的原文件，或另存为“CSV UTF-8”或工作簿`,
      ),
    ];
  }
}

/** A `?` just before or after a Chinese character (CJK ideographs, extension A included). */
const BESIDE_CHINESE = /[\u3400-\u9fff]\?|\?[\u3400-\u9fff]/;
