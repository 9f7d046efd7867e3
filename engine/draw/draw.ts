import { CanonicalListsHash } from "../canonical.js";
import { bestEvaluator } from "../compile.js";
import { addressOf } from "../data/address.js";
import type { Evaluator } from "../evaluate.js";
import { HistoryIndex } from "../history.js";
import { listKey } from "../list-key.js";
import { type Classified, classifyAll, drawRatio, planStrata, type StratumPlan } from "../plan.js";
import type { Item, Policy } from "../policy/types.js";
import { type OnProgress, VISITS_PER_REPORT } from "../progress.js";
import { selectStrata } from "../select.js";
import { compareTickets, type RankedTicket, TicketSource } from "../tickets.js";
import { capacityShortfalls, type Shortfall } from "./capacity-shortfall.js";
import {
  buildFrame,
  type DrawParameters,
  effectiveSeed,
  type Frame,
  type FrameInputs,
  type HashRecords,
} from "./frame.js";
import { TeamKeyLanes } from "./team-key-lanes.js";
import { teamKeys } from "./team-keys.js";
import { TeamKeyWorkers, type TeamThreads } from "./team-keys-ahead.js";
import { conflictKeys, staffVisit, type TeamFailure, type TeamMember, type Visit } from "./teams.js";

/** A drawn enterprise and its visit. */
export interface SelectedRow {
  readonly uscc: string;
  readonly name: string;
  /** The operator of an individual business, where the file names one (see maskName). */
  readonly operator?: string;
  readonly grade: string;
  readonly category: string;
  readonly treatment: string;
  readonly stratum: string;
  readonly joint: boolean;
  readonly exclusive: boolean;
  readonly ticket: string;
  readonly departments: readonly string[];
  readonly items: readonly string[];
  /** Where the visit goes, from the enterprise file's address column (see addressOf); undefined without one. */
  readonly address: string | undefined;
}

/** An inspector assigned to a drawn enterprise. */
export interface AssignmentRow {
  readonly uscc: string;
  readonly inspector: string;
  readonly department: string;
  readonly role: "lead" | "member";
  readonly ticket: string;
}

/** The outcome of a draw: its frame, strata, selection and teams, or the enterprises no team could be found for. */
export interface DrawOutcome {
  readonly frame: Frame;
  readonly seed: string;
  readonly effectiveSeed: string;
  readonly params: DrawParameters;
  readonly strata: readonly StratumPlan[];
  readonly selected: readonly SelectedRow[];
  readonly assignments: readonly AssignmentRow[];
  readonly failures: readonly TeamFailure[];
  /** Where there are failures, the departments whose inspectors' capacities cannot take the visits' inspections. */
  readonly shortfalls: readonly Shortfall[];
  /** Enterprises no rule matched under `default: reject`. */
  readonly rejected: readonly string[];
  /** SHA-256 of the canonical JSON of `{ selected, assignments }`, for the manifest. */
  readonly resultHash: string;
}

/** How a draw is computed, none of which changes its outcome. */
export interface DrawOptions {
  /** The evaluator of the policy's rules; default the compiled one where it can (see bestEvaluator). */
  readonly evaluator?: Evaluator;
  /** Worker threads for team tickets (see TeamKeysAhead); default by the number of tickets. */
  readonly teamThreads?: TeamThreads;
  /** How input lists are hashed for the frame (see HashRecords); default sha256OfCanonical. */
  readonly hashRecords?: HashRecords;
  /** Told how long each phase took, as it ends (for `npm run bench`). */
  readonly onPhase?: (phase: DrawPhase, seconds: number) => void;
  /** Told as each phase begins, and how far `teams` is as it goes (for a terminal's status line). */
  readonly onProgress?: OnProgress;
}

/** The phases of a draw, in order: `outputs` is runDraw's writing of the output folder. */
export type DrawPhase = "frame" | "classify" | "select" | "teams" | "outputs";

/** Reports each phase's time since the previous one ended (or since this call) to `onPhase`. */
export function phaseClock(
  onPhase?: (phase: DrawPhase, seconds: number) => void,
): (phase: DrawPhase) => void {
  let last = performance.now();
  return (phase) => {
    const now = performance.now();
    onPhase?.(phase, (now - last) / 1000);
    last = now;
  };
}

/**
 * Derives a draw from its inputs, parameters and public seed: read → evaluate → select → assign.
 * Pure: the same inputs (in any order) and seed give the same outcome on any machine.
 */
export async function computeDraw(
  inputs: FrameInputs,
  params: DrawParameters,
  seed: string,
  options: DrawOptions = {},
): Promise<DrawOutcome> {
  const started = TeamKeyWorkers.start(mostTeamKeys(inputs, params), options.teamThreads);
  try {
    return await drawWith(inputs, params, seed, options, started);
  } finally {
    await started?.close();
  }
}

/** computeDraw with the team key threads it started, if any. */
async function drawWith(
  inputs: FrameInputs,
  params: DrawParameters,
  seed: string,
  options: DrawOptions,
  started: TeamKeyWorkers | undefined,
): Promise<DrawOutcome> {
  const { evaluator, teamThreads, onProgress } = options;
  const ended = phaseClock(options.onPhase);
  onProgress?.({ step: "frame" });
  const frame = buildFrame(inputs, params, options.hashRecords);
  ended("frame");
  onProgress?.({ step: "classify" });
  const eff = effectiveSeed(seed, frame.frameHash);
  const { policy, enterprises } = frame.inputs;
  const history = new HistoryIndex([...frame.inputs.history, ...frame.inputs.ledger.history]);
  const ctx = {
    policy,
    date: params.date,
    history,
    departments: params.departments,
    exclusiveTaken: new Set(frame.inputs.ledger.exclusiveTaken),
  };
  const classified = await classifyAll(enterprises, evaluator ?? bestEvaluator(policy), ctx);
  const rejected = classified.filter((c) => c.reason === "rejected").map((c) => c.enterprise.uscc);
  const strata = planStrata(policy, classified, params.raised);
  ended("classify");
  onProgress?.({ step: "select" });
  const tickets = new TicketSource(eff);
  // Hashes of ids four at a time in SIMD lanes: enterprises' keys, and the full tickets of those drawn and of their teams.
  const lanes = new TeamKeyLanes(eff, []);
  const drawn = selectStrata<RankedTicket>(
    strata,
    classified,
    (eligible) => lanes.keysOfIds(eligible.map((c) => c.enterprise.uscc)),
    (c, key) => tickets.rankedWithKey(c.enterprise.uscc, key),
    compareTickets,
  );
  drawn.sort((a, b) => compareTickets(a.rank, b.rank));
  ended("select");
  onProgress?.({ step: "teams", done: 0, of: drawn.length });

  const teamCtx = {
    inspectors: frame.inputs.inspectors,
    teamSize: policy.teamSize,
    date: params.date,
    conflicts: conflictKeys(frame.inputs.conflicts),
    recent: new Map(Object.entries(frame.inputs.ledger.recent).map(([k, v]) => [k, new Set(v)])),
    load: new Map(Object.entries(frame.inputs.ledger.load)),
  };
  const visitOf = visitPlanner(policy, params.departments);
  const plans = drawn.map((d) => visitOf(d.classified.enterprise.departments, d.treatment));
  const visits: Visit[] = drawn.map((d, i) => ({
    uscc: d.classified.enterprise.uscc,
    departments: plans[i].departments,
    items: plans[i].items,
  }));
  // Team keys are computed ahead from here, in worker threads in a large draw, while the
  // selected rows are made.
  const keys = teamKeys(visits, teamCtx.inspectors, params.date, eff, teamThreads, started);
  let selected: SelectedRow[] = [];
  const assignments: AssignmentRow[] = [];
  const failures: TeamFailure[] = [];
  // The result hash is made as the results are, while the team key threads run (canonical JSON
  // has the assignments first).
  const results = new CanonicalListsHash(["assignments", "selected"]);
  // Members whose tickets are still to be made, a batch at a time.
  const members: { uscc: string; member: TeamMember }[] = [];
  const assign = () => {
    const texts = lanes.ticketsOfIds(members.map(({ uscc, member }) => `${uscc}|${member.inspector.id}`));
    members.forEach(({ uscc, member }, k) => {
      const { inspector, role } = member;
      const row = { uscc, inspector: inspector.id, department: inspector.department, role, ticket: texts[k] };
      assignments.push(row);
      results.add(0, row);
    });
    members.length = 0;
  };
  try {
    const drawnTickets = lanes.ticketsOfIds(visits.map((v) => v.uscc));
    selected = drawn.map((d, i) => selectedRow(d.classified, d.treatment, plans[i], drawnTickets[i]));
    for (let v = 0; v < visits.length; v++) {
      const ahead = keys.keysOf(v);
      const staffed = staffVisit(
        visits[v],
        teamCtx,
        tickets,
        ahead instanceof Float64Array ? ahead : await ahead,
      );
      if (staffed.failure) failures.push(staffed.failure);
      else for (const member of staffed.team as TeamMember[]) members.push({ uscc: visits[v].uscc, member });
      if (members.length >= 4096) assign();
      results.add(1, selected[v]);
      if ((v + 1) % VISITS_PER_REPORT === 0) onProgress?.({ step: "teams", done: v + 1, of: visits.length });
    }
    assign();
  } finally {
    await keys.close();
  }
  const resultHash = results.digest();
  const shortfalls = failures.length
    ? capacityShortfalls(visits, teamCtx.inspectors, params.date, policy.teamSize, frame.inputs.ledger.load)
    : [];
  ended("teams");
  return {
    frame,
    seed,
    effectiveSeed: eff,
    params,
    strata,
    selected,
    assignments,
    failures,
    shortfalls,
    rejected,
    resultHash,
  };
}

/**
 * The most team keys a draw of these inputs may rank, to start worker threads for them early (see
 * TeamKeyWorkers): no stratum draws more than its ratio of the enterprises and one for rounding,
 * and no visit ranks more than every inspector.
 */
export function mostTeamKeys(inputs: FrameInputs, params: DrawParameters): number {
  const ratios = Object.entries(inputs.policy.treatments).map(([name, t]) =>
    drawRatio(t, params.raised[name]),
  );
  const n = inputs.enterprises.length;
  return Math.min(n, n * Math.max(0, ...ratios) + ratios.length) * inputs.inspectors.length;
}

/** The departments and items of a visit (see visitPlanner). */
interface VisitPlan {
  readonly joint: boolean;
  readonly exclusive: boolean;
  readonly departments: readonly string[];
  /** The items' codes, as the selected row lists them. */
  readonly codes: readonly string[];
  readonly items: readonly Item[];
}

/**
 * The visit of a drawn enterprise, from its departments and treatment: the task's departments that
 * supervise it (all of them when joint) and their items, then the treatment's extra items of
 * those departments. Made once per treatment and list of departments, as a draw of a hundred
 * thousand visits has only a few of each.
 */
export function visitPlanner(
  policy: Policy,
  taskDepartments: readonly string[],
): (departments: readonly string[], treatment: string) => VisitPlan {
  const inPolicy = new Set(policy.items.map((i) => i.department));
  // By treatment and departments (see listKey).
  const made = new Map<string, VisitPlan>();
  return (supervising, treatment) => {
    const key = listKey([treatment, ...supervising]);
    const known = made.get(key);
    if (known) return known;
    const t = policy.treatments[treatment];
    const departments = [
      ...new Set(supervising.filter((d) => inPolicy.has(d) && (t.joint || taskDepartments.includes(d)))),
    ].sort();
    const codes = policy.items.filter((i) => departments.includes(i.department)).map((i) => i.code);
    for (const extra of t.extraItems ?? []) {
      const item = policy.items.find((i) => i.code === extra);
      if (item && !codes.includes(extra) && departments.includes(item.department)) codes.push(extra);
    }
    const items = codes.map((code) => policy.items.find((i) => i.code === code) as Item);
    const plan = { joint: t.joint === true, exclusive: t.exclusive === true, departments, codes, items };
    made.set(key, plan);
    return plan;
  };
}

/** The selected row of a drawn enterprise with its visit's plan and ticket. */
function selectedRow(c: Classified, treatment: string, plan: VisitPlan, ticket: string): SelectedRow {
  const e = c.enterprise;
  return {
    uscc: e.uscc,
    name: e.name,
    ...(e.operator === undefined ? {} : { operator: e.operator }),
    grade: e.grade ?? "",
    category: e.category,
    treatment,
    stratum: treatment,
    joint: plan.joint,
    exclusive: plan.exclusive,
    ticket,
    departments: plan.departments,
    items: plan.codes,
    address: addressOf(e.extra),
  };
}
