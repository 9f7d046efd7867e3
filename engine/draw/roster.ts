import type { Inspector } from "../data/records.js";
import { listKey } from "../list-key.js";
import { LazyOrder } from "./lazy-order.js";
import type { TeamContext } from "./teams.js";

/**
 * The inspectors in columns, as staffing reads them a hundred thousand times per draw: whether
 * active and licensed on the draw date, their qualifications, load and capacity by index, their
 * conflicts by enterprise.
 */
export class Roster {
  readonly active: Uint8Array;
  readonly licensed: Uint8Array;
  readonly qualified: (ReadonlySet<string> | null)[];
  readonly load: Float64Array;
  readonly capacity: Float64Array;
  readonly byDepartment: ReadonlyMap<string, number[]>;
  /** The inspectors of each department who may be on a team this day (see staffableByDepartment): a visit's candidates. */
  private readonly staffable: ReadonlyMap<string, number[]>;
  /** The staffable lists as Int32Array, which a visit's pool copies in one call. */
  private readonly runs = new Map<string, Int32Array>();
  readonly conflicts = new Map<string, Set<number>>();
  /** Scratch space of one visit, reused: the eligible inspectors, their ticket keys, where each department's run ends, and their order. */
  readonly pool: Int32Array;
  readonly keys: Float64Array;
  ends = new Int32Array(0);
  readonly order: LazyOrder;
  /** Per department and items: the open positions (see openPositions), and the department's count of closings when they were found. */
  private readonly open = new Map<string, { closings: number; positions: Int32Array }>();
  /** Per department: how many of its inspectors have reached their capacity in this draw. */
  private readonly closings = new Map<string, number>();

  constructor(ctx: TeamContext) {
    const list = ctx.inspectors;
    this.active = Uint8Array.from(list, (i) => (i.active ? 1 : 0));
    this.licensed = Uint8Array.from(list, (i) => (licensedOn(i, ctx.date) ? 1 : 0));
    this.qualified = list.map((i) => (i.items.length ? new Set(i.items) : null));
    this.load = Float64Array.from(list, (i) => ctx.load.get(i.id) ?? 0);
    this.capacity = Float64Array.from(list, (i) => i.capacity ?? Number.POSITIVE_INFINITY);
    this.pool = new Int32Array(list.length);
    this.keys = new Float64Array(list.length);
    this.order = new LazyOrder(list.length);
    this.byDepartment = inspectorsByDepartment(list);
    this.staffable = staffableByDepartment(list, ctx.date);
    const index = new Map(list.map((ins, k) => [ins.id, k]));
    for (const key of ctx.conflicts) {
      const bar = key.lastIndexOf("|");
      const k = index.get(key.slice(0, bar));
      if (k === undefined) continue;
      const uscc = key.slice(bar + 1);
      const set = this.conflicts.get(uscc);
      if (set) set.add(k);
      else this.conflicts.set(uscc, new Set([k]));
    }
  }

  /** The department's candidates (see staffableByDepartment), empty for a department without any. */
  runOf(department: string): Int32Array {
    let run = this.runs.get(department);
    if (!run) {
      run = Int32Array.from(this.staffable.get(department) ?? []);
      this.runs.set(department, run);
    }
    return run;
  }

  /**
   * The positions, in the department's run (see runOf: active and licensed already), of its
   * inspectors qualified for one of `codes` and under capacity: what every visit with those items
   * asks of a thousand inspectors, found again only after one of them reaches capacity.
   */
  openPositions(department: string, codes: readonly string[]): Int32Array {
    const key = listKey([department, ...codes]);
    const closings = this.closings.get(department) ?? 0;
    const known = this.open.get(key);
    if (known?.closings === closings) return known.positions;
    const list = this.staffable.get(department) ?? [];
    const positions: number[] = [];
    for (let j = 0; j < list.length; j++) {
      const k = list[j];
      const q = this.qualified[k];
      if ((!q || qualifiesFor(q, codes)) && this.load[k] < this.capacity[k]) positions.push(j);
    }
    const found = Int32Array.from(positions);
    this.open.set(key, { closings, positions: found });
    return found;
  }

  /** Counts one more inspection for inspector k. */
  assign(k: number, department: string): void {
    const open = this.load[k] < this.capacity[k];
    this.load[k]++;
    if (open && this.load[k] >= this.capacity[k])
      this.closings.set(department, (this.closings.get(department) ?? 0) + 1);
  }
}

/** The inspectors of each department (those `keep` keeps), by index into the directory, in directory order. */
export function inspectorsByDepartment(
  inspectors: readonly Inspector[],
  keep: (ins: Inspector) => boolean = () => true,
): Map<string, number[]> {
  const by = new Map<string, number[]>();
  inspectors.forEach((ins, k) => {
    if (!keep(ins)) return;
    const d = by.get(ins.department);
    if (d) d.push(k);
    else by.set(ins.department, [k]);
  });
  return by;
}

/** Whether an inspector's enforcement licence is valid on `date` (ISO). */
export function licensedOn(i: Inspector, date: string): boolean {
  return !i.unlicensed && (i.licenseExpires === null || i.licenseExpires >= date);
}

/**
 * The inspectors of each department who may be on a team on `date`, active and licensed, by
 * index into the directory, in directory order: the candidates of a visit, the only ones to get
 * a team ticket (a directory keeps those away or whose licence lapsed, and each ticket is a
 * SHA-256). A department with none is left out.
 */
export function staffableByDepartment(inspectors: readonly Inspector[], date: string): Map<string, number[]> {
  return inspectorsByDepartment(inspectors, (ins) => ins.active && licensedOn(ins, date));
}

/** True when a qualification list includes one of the codes. */
export function qualifiesFor(qualified: ReadonlySet<string>, codes: readonly string[]): boolean {
  for (const c of codes) if (qualified.has(c)) return true;
  return false;
}
