/** The readers of the directory of inspectors and of their declared conflicts (回避). */
import { ON_DUTY, word } from "./cell-words.js";
import { ignoredNotice } from "./header-notices.js";
import { dateCell, noticesOf, unique, usccCell } from "./read-cells.js";
import type { Conflict, Inspector } from "./records.js";
import { type ReadOptions, type ReadResult, readKind } from "./row-reader.js";
import { halfWidth, parseBool, parseCount, parseList } from "./values.js";

/** Reads the directory of enforcement inspectors (执法检查人员名录库). */
export async function readInspectors(file: string, opts: ReadOptions = {}): Promise<ReadResult<Inspector>> {
  const { records, ignored, notices } = await readKind<Inspector>(
    "inspectors",
    file,
    opts,
    (r) => {
      const id = r.text("id");
      if (!id) r.bad("id", "the inspector id is empty", "执法人员编号为空");
      const department = r.text("department");
      if (!department) r.bad("department", "the inspector has no department", "执法人员没有所属部门");
      const licenseExpires = NO_EXPIRY.test(r.text("licenseExpires").replace(/\s+/g, ""))
        ? FOREVER
        : dateCell(r, "licenseExpires", false);
      const activeText = r.text("active");
      const active = activeText === "" ? true : (parseBool(activeText) ?? word(ON_DUTY, activeText));
      if (active === undefined)
        r.bad("active", `'${activeText}' is not yes/no`, `“${activeText}”不是“是/否”`);
      const capText = r.text("capacity");
      const capacity = capText === "" ? null : parseCount(capText);
      if (capacity === undefined)
        r.bad("capacity", `capacity '${capText}' is not a whole number`, `检查能力“${capText}”不是整数`);
      return {
        id,
        name: r.text("name"),
        department,
        licenseNo: licenceNumber(r.text("licenseNo")),
        licenseExpires: licenseExpires ?? null,
        items: parseList(r.text("items")),
        active: active ?? true,
        capacity: capacity ?? null,
      };
    },
    unique((i) => i.id, "id", { en: "inspector id", zh: "执法人员编号" }),
  );
  return { records, notices: [...notices, ...ignoredNotice("inspectors", ignored, file, opts.lang ?? "en")] };
}

/**
 * What offices write in a licence's expiry cell for a licence that does not expire (长期, 长期有效,
 * 永久): read as valid forever, rather than as a date that is not one, which refused the whole file.
 */
const NO_EXPIRY = /^(?:长期|长期有效|永久|永久有效|无期限)$/;
const FOREVER = "9999-12-31";

/**
 * What offices write in a licence-number cell for an inspector who holds none yet (无, 暂无, 未取得,
 * 待发证, a dash or a slash): no number, as an empty cell is. Kept as written, such a word would
 * pass for a number and the inspector for licensed.
 */
const NO_LICENCE = /^(?:无|暂无|没有|未办理|未取得|未发证|待发|待办|待发证|空|[-—–/\\]+|n\/?a|none|null)$/i;
function licenceNumber(text: string): string {
  return NO_LICENCE.test(halfWidth(text).replace(/\s+/g, "")) ? "" : text;
}

/** Reads declared conflicts of interest (回避). */
export async function readConflicts(file: string, opts: ReadOptions = {}): Promise<ReadResult<Conflict>> {
  const normalised = { count: 0 };
  const { records, ignored, notices } = await readKind<Conflict>("conflicts", file, opts, (r) => {
    const inspector = r.text("inspector");
    if (!inspector) r.bad("inspector", "the inspector id is empty", "执法人员编号为空");
    const uscc = usccCell(r, "uscc", normalised);
    return uscc ? { inspector, uscc, reason: r.text("reason") } : undefined;
  });
  return {
    records,
    notices: [...notices, ...noticesOf("conflicts", file, opts, normalised.count, ignored)],
  };
}
