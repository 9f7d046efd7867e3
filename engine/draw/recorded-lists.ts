/** The recorded inputs of a draw read back a record at a time, in the layout the draw writes (see jsonLines). */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

/**
 * The records of a list written as the draw records its inputs: `[`, then one record a line, each
 * but the last followed by a comma, then `]`; undefined for a file of another layout, or with a
 * line that is not JSON (parsed whole, it is said where).
 */
export async function recordLines(file: string): Promise<unknown[] | undefined> {
  const input = createReadStream(file, "utf8");
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const records: unknown[] = [];
  let n = 0;
  let closed = false;
  let comma = true;
  try {
    for await (const line of lines) {
      if (++n === 1) {
        if (line.replace(/^\uFEFF/, "") !== "[") return undefined;
        continue;
      }
      if (closed) {
        if (line.trim() === "") continue;
        return undefined;
      }
      if (line === "]") {
        // The last record has no comma after it; an empty list has none.
        if (records.length && comma) return undefined;
        closed = true;
        continue;
      }
      if (!comma || !line.startsWith("{")) return undefined;
      comma = line.endsWith(",");
      try {
        records.push(JSON.parse(comma ? line.slice(0, -1) : line));
      } catch {
        return undefined;
      }
    }
  } finally {
    // A list of another layout is left early: its file is closed here, not when collected.
    lines.close();
    input.destroy();
  }
  return closed ? records : undefined;
}
