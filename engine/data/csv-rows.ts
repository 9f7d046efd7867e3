/** The rows of a CSV or tab-separated text file: UTF-8, GB18030/GBK or UTF-16, or the encoding --encoding gives. */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { extname } from "node:path";
import type { Transform } from "node:stream";
import iconv from "iconv-lite";
import { InputError } from "../problem.js";
import { csvParse, gbRecords, type LineRecord, MAX_RECORD_CHARS, utf8Records } from "./csv-records.js";
import { encodingCheck, fileEncoding, isUtf8Encoding, isUtf16, mixedEncoding } from "./encoding.js";
import { splitsAsGb } from "./gb-fields.js";
import {
  BATCH,
  type ColumnsRead,
  checkHeader,
  cleanHeader,
  type HeaderKind,
  type OnHeader,
  type RawRow,
  type SourceOptions,
  say,
  TITLE_ROWS,
  titleRow,
  widthProblem,
} from "./rows.js";

/**
 * The rows of a CSV file. As in a workbook, rows above the header that `isHeader` recognises (a
 * title, a date line: what a sheet saved as CSV keeps) are skipped, and so are rows with every field
 * empty (what Excel writes for a row it once formatted). In batches (see readRowBatches).
 */
export async function* csvRows(
  file: string,
  options: SourceOptions,
  onHeader?: OnHeader,
  isHeader?: (cells: string[]) => HeaderKind,
): AsyncGenerator<RawRow[]> {
  const t = say(options.lang);
  const encoding = await fileEncoding(file, options.encoding, t);
  // Found before the file's stream is opened: the stream flows into its check at once, and a check
  // that refuses the first piece while this waited would find no one listening (a file of a few
  // UTF-8 lines and then GBK ones crashed with "Unhandled 'error' event").
  const delimiter = await detectDelimiter(file, encoding);
  // UTF-8, GB18030 and GBK are read as bytes, each field decoded on its own (a second pass over
  // the text cost 0.8 s of 6.3 for a million rows); other encodings are decoded first.
  const bytes = createReadStream(file);
  const utf8 = isUtf8Encoding(encoding);
  // The encoding is checked on the way (see encodingCheck), and again where csv-parse reads the
  // file anew (see gbRecords).
  const check = () => encodingCheck(encoding, options.encoding);
  const first = check();
  const checked = first && bytes.pipe(first);
  /** The columns the caller reads, once it has the header: the others are not decoded. */
  const read: ColumnsRead = {};
  const parser = utf8
    ? utf8Records(file, delimiter, bytes, checked as Transform, read)
    : splitsAsGb(encoding)
      ? gbRecords(file, encoding, delimiter, bytes, checked, check, read)
      : csvParse(
          (checked ?? bytes).pipe(iconv.decodeStream(encoding, { stripBOM: true })),
          delimiter,
          checked,
        );
  let header: string[] | undefined;
  /** The first rows, until one is a whole header (those above it are a title), or TITLE_ROWS of them. */
  const above: LineRecord[] = [];
  let partial = -1;
  /** The header at `above[at]`; the rows after it, to be read as data. */
  const take = (at: number): LineRecord[] => {
    const h = above[at];
    header = h.record.map(cleanHeader);
    checkHeader(file, header, h.lines, t);
    read.columns = onHeader?.(
      header,
      h.lines,
      undefined,
      false,
      undefined,
      above.slice(0, at).map((r) => titleRow(r.lines, r.record)),
    );
    return above.splice(0).slice(at + 1);
  };
  const row = ({ record, lines }: LineRecord): RawRow => {
    const columns = (header as string[]).length;
    // Refused with the file's other problems, not at once: every such row is said together.
    if (record.length > columns)
      return {
        row: lines,
        values: record,
        refused: widthProblem(file, lines, record.length, columns, t, delimiter),
      };
    for (let i = 0; i < record.length; i++) {
      const c = record[i].charCodeAt(0);
      if (c === 0x3d || c === 0x27) record[i] = asExcelShows(record[i]);
      if (record[i].includes("\uFEFF")) {
        throw new InputError([
          {
            file,
            line: lines,
            col: i + 1,
            message: t(
              "a byte-order mark (U+FEFF) in the middle of the file: were two files joined? Save it again as one CSV",
              "文件中间出现字节顺序标记（U+FEFF）：是否把两个文件拼接在一起了？请重新另存为一个 CSV 文件",
            ),
          },
        ]);
      }
    }
    return record.length < columns
      ? { row: lines, values: record, fields: record.length }
      : { row: lines, values: record };
  };
  let batch: RawRow[] = [];
  try {
    for await (const line of parser) {
      if (line.record.every((v) => v === "")) continue;
      if (header) {
        batch.push(row(line));
        if (batch.length < BATCH) continue;
        yield batch;
        batch = [];
        continue;
      }
      above.push(line);
      // A row naming every column the file needs is the header. Failing that within TITLE_ROWS rows,
      // the first naming some of them is (and its message says what it lacks); failing that too, the first.
      const kind = isHeader?.(line.record.map(cleanHeader));
      if (kind === "partial" && partial < 0) partial = above.length - 1;
      if (kind === undefined || kind === "whole") for (const r of take(above.length - 1)) batch.push(row(r));
      else if (above.length >= TITLE_ROWS) for (const r of take(Math.max(partial, 0))) batch.push(row(r));
    }
    // A file of fewer rows than that, none of them a whole header.
    if (!header && above.length) for (const r of take(Math.max(partial, 0))) batch.push(row(r));
    if (batch.length) yield batch;
  } catch (e) {
    if (e instanceof InputError) throw e;
    const mixed = await mixedEncoding(e, file, t, options.encoding);
    if (mixed) throw mixed;
    const err = e as Error & { lines?: number; code?: string };
    const message = csvReason(err.code, t) ?? err.message.split("\n")[0];
    throw new InputError([{ file, line: err.lines ?? 0, col: 0, message: `CSV: ${message}` }]);
  }
  if (!header)
    throw new InputError([
      { file, line: 1, col: 1, message: t("the file has no header row", "文件没有表头行") },
    ]);
}

/**
 * The delimiter of a .tsv, a tab; of a CSV or text file, from its header line (the first line with
 * either): a tab when the header has tabs and no comma (a tab-separated .txt, as many systems
 * export), else a comma. Both are ASCII bytes, which no byte of a GBK or UTF-8 character can be, so the bytes are
 * read undecoded; a UTF-16 file's (`encoding`) are decoded first.
 */
export async function detectDelimiter(file: string, encoding?: string): Promise<"," | "\t"> {
  // A .tsv says its delimiter: a comma in a header of one (注册资本(万元,人民币)) is text.
  if (extname(file).toLowerCase() === ".tsv") return "\t";
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    // In UTF-16 the bytes of a tab, comma or line end are also halves of characters (吉 is 09 54).
    const text = isUtf16(encoding)
      ? iconv.decode(buf.subarray(0, bytesRead), encoding as string)
      : buf.toString("latin1", 0, bytesRead);
    // The first line with a tab or a comma: a title above the header may have neither.
    let header = "";
    for (let start = 0, k = 0; start < text.length && k <= TITLE_ROWS; k++) {
      const newline = text.indexOf("\n", start);
      const end = newline < 0 ? text.length : newline;
      header = text.slice(start, end);
      if (header.includes("\t") || header.includes(",")) break;
      start = end + 1;
    }
    return header.includes("\t") && !header.includes(",") ? "\t" : ",";
  } finally {
    await fh.close();
  }
}

/**
 * A CSV field as Excel shows it, for the marks exports put on a code so that Excel keeps it as text
 * (its leading zeros, its 18 digits): ="00123" is the text 00123 (a formula of a string, its
 * doubled quotes one), and a leading apostrophe ('00123) is not shown. Any other field as it is.
 */
function asExcelShows(field: string): string {
  if (field.charCodeAt(0) === 0x27) return field.slice(1);
  const formula = /^="((?:[^"]|"")*)"$/s.exec(field);
  return formula ? formula[1].replaceAll('""', '"') : field;
}

/**
 * What csv-parse refuses, in the product's words and language, by its error code (its own message
 * is English and speaks of records and bytes); undefined for another, said as csv-parse says it.
 */
function csvReason(code: string | undefined, t: (en: string, zh: string) => string): string | undefined {
  switch (code) {
    case "CSV_MAX_RECORD_SIZE":
      return t(
        `the row is longer than ${MAX_RECORD_CHARS} characters: a quote opened and never closed, or a file without line ends?`,
        `该行超过 ${MAX_RECORD_CHARS} 个字符：是否有引号未闭合，或文件没有换行？`,
      );
    case "CSV_QUOTE_NOT_CLOSED":
      return t(
        "a quote is never closed: the file ends inside a quoted field",
        "引号没有闭合：文件在带引号的字段中结束",
      );
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return t(
        'a quoted field goes on after its closing quote (a quote inside a quoted field is written twice: "")',
        '带引号的字段在结束引号之后还有内容（带引号的字段内，引号应写成两个：""）',
      );
  }
  return undefined;
}
