/** A hash chain of entries, each hashing the one before: the draw ledger's, and the results log's. */
import { type Lang, tr } from "../lang.js";

/** The hash that starts the chain. */
export const GENESIS = "0".repeat(64);

/** A row of a hash chain: the draw ledger's, or the results log's. */
export interface ChainRow {
  readonly seq: number;
  readonly prev_hash: string;
  readonly entry_hash: string;
}

/** A chain's faults so far, one row at a time: `add` each row in order of their entries, then `end`. */
export interface ChainCheck<R extends ChainRow> {
  add(row: R): void;
  end(): { head: string | null; faults: { seq: number; message: string }[] };
}

/**
 * The faults of a hash chain's rows, in order of their entries: the first entry out of place (an
 * entry before it deleted, or the entries renumbered; those after it out of place too, counted),
 * each whose content does not match its hash, and each that does not follow the one before; with
 * the last entry's hash (null for none: the chain has no hash to write down). `name` is how messages name an entry's chain.
 * Rows are taken one at a time, so that a chain of some years (600,000 results logged) need not be held whole.
 */
export function chainCheck<R extends ChainRow>(
  hash: (r: Omit<R, "entry_hash">) => string,
  name: { readonly en: string; readonly zh: string },
  lang: Lang,
): ChainCheck<R> {
  const faults: { seq: number; message: string }[] = [];
  const wrong = (seq: number, en: string, zh: string) => faults.push({ seq, message: tr(lang, en, zh) });
  let prev = GENESIS;
  let position = 0;
  // The first entry out of place, and how many after it are out of place too (said once all are seen).
  let misplaced: { fault: number; seq: number; position: number } | undefined;
  let after = 0;
  return {
    add(r) {
      position++;
      if (r.seq !== position) {
        if (misplaced) after++;
        else {
          misplaced = { fault: faults.length, seq: r.seq, position };
          faults.push({ seq: r.seq, message: "" });
        }
      }
      const { entry_hash, ...rest } = r;
      if (hash(rest) !== entry_hash)
        wrong(
          r.seq,
          `${name.en}entry #${r.seq} was edited: its content does not match its hash`,
          `${name.zh}第 ${r.seq} 条被修改：内容与其哈希值不符`,
        );
      if (r.prev_hash !== prev)
        wrong(
          r.seq,
          `${name.en}entry #${r.seq} does not follow entry #${r.seq - 1}: the chain is broken (deleted, inserted or reordered entries)`,
          `${name.zh}第 ${r.seq} 条未接续第 ${r.seq - 1} 条：哈希链断裂（条目被删除、插入或调换顺序）`,
        );
      prev = entry_hash;
    },
    end() {
      if (misplaced) {
        const { seq, position: at } = misplaced;
        faults[misplaced.fault].message = tr(
          lang,
          `${name.en}entry #${seq} is at position ${at}${after ? `, and ${after} after it out of place too` : ""}: an entry before it was deleted or the entries were renumbered`,
          `${name.zh}第 ${seq} 条位于第 ${at} 位${after ? `，其后另有 ${after} 条位置不符` : ""}：之前的条目被删除，或条目被重新编号`,
        );
      }
      return { head: position ? prev : null, faults };
    },
  };
}

/** The faults of a hash chain's rows held whole (see chainCheck). */
export function chainFaults<R extends ChainRow>(
  rows: readonly R[],
  hash: (r: Omit<R, "entry_hash">) => string,
  name: { readonly en: string; readonly zh: string },
  lang: Lang,
): { head: string | null; faults: { seq: number; message: string }[] } {
  const check = chainCheck(hash, name, lang);
  for (const r of rows) check.add(r);
  return check.end();
}
