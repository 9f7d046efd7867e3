import type { Conflict, Inspector } from "../data/records.js";
import type { Item } from "../policy/types.js";
import { compareTickets, type RankedTicket, type TicketSource } from "../tickets.js";
import { Roster } from "./roster.js";
import { teamFailures } from "./team-failures.js";

/** One inspection visit to staff: the enterprise, its departments and items. */
export interface Visit {
  readonly uscc: string;
  readonly departments: readonly string[];
  readonly items: readonly Item[];
}

/** A member of a team (whose ticket is `ticket(effectiveSeed, uscc + "|" + id)`). */
export interface TeamMember {
  readonly inspector: Inspector;
  readonly role: "lead" | "member";
}

/** Why no valid team could be formed for a visit. */
export interface TeamFailure {
  readonly uscc: string;
  readonly reasons: { en: string; zh: string }[];
}

/** The state inspector assignment reads and updates: loads, conflicts, avoidance of repeats. */
export interface TeamContext {
  readonly inspectors: readonly Inspector[];
  /** The inspectors prepared for staffing (built on first use). */
  roster?: Roster;
  readonly teamSize: number;
  readonly date: string;
  /** Declared conflicts (回避) as `inspector|uscc`. */
  readonly conflicts: ReadonlySet<string>;
  /** Enterprises each inspector inspected in their previous N draws (optional avoidance). */
  readonly recent: ReadonlyMap<string, ReadonlySet<string>>;
  /** Inspections already assigned this period (earlier tasks and this draw), by inspector. */
  readonly load: Map<string, number>;
}

/** The set of conflicts as `inspector|uscc` keys. */
export function conflictKeys(conflicts: readonly Conflict[]): Set<string> {
  return new Set(conflicts.map((c) => `${c.inspector}|${c.uscc}`));
}

const encoder = new TextEncoder();

/** The items of a department an inspector may inspect: their list, or every item of the department when empty. */
function qualifiedItems(ins: Inspector, visit: Visit): Item[] {
  return visit.items.filter(
    (it) => it.department === ins.department && (ins.items.length === 0 || ins.items.includes(it.code)),
  );
}

/**
 * `"|" + id` in UTF-8, as team tickets append it to the enterprise's code: the team key of
 * `ticket(effectiveSeed, uscc + "|" + id)` is `teamKeyOfParts(utf8(uscc), barId(id))` (see TeamKeyLanes).
 */
export function barId(id: string): Uint8Array {
  return encoder.encode(`|${id}`);
}

/**
 * The departments of a visit whose inspectors are ranked, in order: those with an item in the
 * visit. The candidates of a visit are their inspectors, department by department, in directory
 * order; keys computed ahead follow the same layout.
 */
export function staffedDepartments(visit: Visit): string[] {
  return visit.departments.filter((d) => visit.items.some((it) => it.department === d));
}

/**
 * Staffs one visit: inspectors are ranked by `ticket(effectiveSeed, uscc + "|" + id)` and taken
 * lowest first while they add a department or an item not yet covered, then up to the team size.
 * A team is valid with at least `teamSize` members, one of every department of the visit, every
 * item covered by a qualified member, and nobody inactive, unlicensed, in conflict, repeated or
 * over capacity.
 */
export function staffVisit(
  visit: Visit,
  ctx: TeamContext,
  tickets: TicketSource,
  /** The keys of the visit's candidates (see {@link staffedDepartments} and TeamKeys). */
  candidateKeys: Float64Array,
): { team?: TeamMember[]; failure?: TeamFailure } {
  if (!ctx.roster) ctx.roster = new Roster(ctx);
  const roster = ctx.roster;
  const inspectors = ctx.inspectors;
  // Every eligible inspector gets a ticket (the rule), but only its numeric key is read while
  // ranking: a thousand candidates per visit, a hundred thousand visits.
  const conflicts = roster.conflicts.get(visit.uscc);
  const recent = ctx.recent.size > 0 ? ctx.recent : undefined;
  const { pool, keys } = roster;
  const excluded =
    conflicts || recent
      ? (k: number) => conflicts?.has(k) || recent?.get(inspectors[k].id)?.has(visit.uscc) === true
      : undefined;
  let size = 0;
  let at = 0;
  const staffed = staffedDepartments(visit);
  // The pool is in runs, one per department, for the order's first pass.
  if (roster.ends.length < staffed.length) roster.ends = new Int32Array(staffed.length);
  const ends = roster.ends;
  // Each department's items in the visit: what its inspectors must be qualified for and cover.
  const own = staffed.map((d) => visit.items.filter((it) => it.department === d));
  // Whether every candidate is in the pool (the usual case), which then has the candidates' keys as they are.
  let everyone = !excluded;
  for (let s = 0; s < staffed.length; s++) {
    const run = roster.runOf(staffed[s]);
    const open = roster.openPositions(
      staffed[s],
      own[s].map((it) => it.code),
    );
    // Every inspector open and none excluded: the run as it is; its keys are copied only once the
    // pool leaves someone out, else the candidates' keys are ranked where they are.
    if (!excluded && open.length === run.length) {
      pool.set(run, size);
      if (!everyone) keys.set(candidateKeys.subarray(at, at + run.length), size);
      size += run.length;
    } else {
      if (everyone) keys.set(candidateKeys.subarray(0, at));
      everyone = false;
      size = gather(run, open, candidateKeys, at, pool, keys, size, excluded);
    }
    at += run.length;
    ends[s] = size;
  }
  const poolKeys = everyone ? candidateKeys : keys;
  const ranking = new PoolRanking(visit.uscc, pool, poolKeys, inspectors, tickets);
  // The pool in ticket order, taken lazily from a heap: a team needs the first few, not a sort.
  const order = roster.order;
  order.reset(size, poolKeys, ranking, ends, staffed.length);
  const draft = new TeamDraft(visit, inspectors, pool);
  const { chosen, deps, items } = draft;
  // Whether a candidate adds a department or an item depends only on the candidates of its own
  // department before it, so each department's kept few are walked on their own; the overall
  // order is read only when a department is still uncovered where its few run out.
  let byDepartment = true;
  for (let r = 0; r < staffed.length && byDepartment; r++) {
    for (let i = 0; i < order.keptOf(r) && !draft.covers(staffed[r], own[r]); i++)
      draft.consider(order.keptAt(r, i));
    byDepartment = draft.covers(staffed[r], own[r]) || order.allKept(r);
  }
  if (!byDepartment) {
    draft.clear();
    for (let r = 0; r < size; r++) {
      draft.consider(order.at(r));
      // Every department and item covered: no later candidate adds one, the rest is filled below.
      if (deps.size === staffed.length && items.size === visit.items.length) break;
    }
  }
  for (let r = 0; r < size && chosen.length < ctx.teamSize; r++) {
    const p = order.at(r);
    if (!chosen.includes(p)) chosen.push(p);
  }
  chosen.sort((a, b) => ranking.before(a, b));

  const reasons = teamFailures(visit, ctx, roster, staffed, own, { deps, items, members: chosen.length });
  if (reasons.length) return { failure: { uscc: visit.uscc, reasons } };
  for (const p of chosen) {
    const ins = inspectors[pool[p]];
    roster.assign(pool[p], ins.department);
    ctx.load.set(ins.id, (ctx.load.get(ins.id) ?? 0) + 1);
  }
  return {
    team: chosen.map((p, i) => ({ inspector: inspectors[pool[p]], role: i === 0 ? "lead" : "member" })),
  };
}

/**
 * The order of a visit's pool positions: by their keys, and between equal keys by the full
 * tickets, each made once (see compareTickets). Methods rather than closures made per visit:
 * under tsx (esbuild's keepNames) each named closure is given its name by Object.defineProperty
 * as it is made, which cost about 5% of staffing.
 */
class PoolRanking {
  private readonly full = new Map<number, RankedTicket>();

  constructor(
    private readonly uscc: string,
    private readonly pool: Int32Array,
    private readonly keys: Float64Array,
    private readonly inspectors: readonly Inspector[],
    private readonly tickets: TicketSource,
  ) {}

  /** The ticket of position p, whose key the pool already has. */
  ranked(p: number): RankedTicket {
    let r = this.full.get(p);
    if (!r) {
      r = this.tickets.rankedWithKey(`${this.uscc}|${this.inspectors[this.pool[p]].id}`, this.keys[p]);
      this.full.set(p, r);
    }
    return r;
  }

  before(a: number, b: number): number {
    return this.keys[a] - this.keys[b] || compareTickets(this.ranked(a), this.ranked(b));
  }
}

/** The members taken for a visit so far (pool positions), and the departments and items they cover. */
class TeamDraft {
  readonly chosen: number[] = [];
  readonly deps = new Set<string>();
  readonly items = new Set<string>();

  constructor(
    private readonly visit: Visit,
    private readonly inspectors: readonly Inspector[],
    private readonly pool: Int32Array,
  ) {}

  /** Takes position p if its inspector adds a department or an item not yet covered. */
  consider(p: number): void {
    const ins = this.inspectors[this.pool[p]];
    const mine = qualifiedItems(ins, this.visit);
    if (!this.deps.has(ins.department) || mine.some((it) => !this.items.has(it.code))) {
      this.chosen.push(p);
      this.deps.add(ins.department);
      for (const it of mine) this.items.add(it.code);
    }
  }

  /** Whether department d and every one of its items `own` are covered. */
  covers(d: string, own: readonly Item[]): boolean {
    return this.deps.has(d) && own.every((it) => this.items.has(it.code));
  }

  clear(): void {
    this.chosen.length = 0;
    this.deps.clear();
    this.items.clear();
  }
}

/**
 * Appends the inspectors at positions `open` of a department's `list` to `pool`, their keys (at
 * `from` + position in `candidateKeys`) to `keys`, from `size`, less those `excluded`; returns the
 * new size.
 */
function gather(
  list: Int32Array,
  open: Int32Array,
  candidateKeys: Float64Array,
  from: number,
  pool: Int32Array,
  keys: Float64Array,
  size: number,
  excluded: ((k: number) => boolean) | undefined,
): number {
  for (let i = 0; i < open.length; i++) {
    const j = open[i];
    const k = list[j];
    if (excluded?.(k)) continue;
    pool[size] = k;
    keys[size++] = candidateKeys[from + j];
  }
  return size;
}
