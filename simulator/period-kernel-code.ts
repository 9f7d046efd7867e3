/**
 * The period loop's two passes over every slot (see eligibleMembers and inspectionsToExits in
 * period-passes.ts, which they copy operation for operation) as WebAssembly, with the arrays they read
 * in its memory. In JavaScript each pass reads a dozen typed arrays given as arguments, and V8
 * checks each one's bounds and finds its memory again at every access; here an array is an offset
 * into one memory, and the two passes take about half the time (bench/cases/period-passes.ts).
 */
import { get, i32, mem, Op, set, tee, VOID, type WasmFunction } from "../engine/wasm.js";
import { CLEAN } from "./last-results.js";
import { address, addToF64, byteOf, F, f64Of, forSlots, I, i32Of, kernel } from "./wasm-loops.js";

/**
 * `eligible(n, alive, grade, candidateOf, lastDays, capCount, winFrom, winTo, gradeCount,
 * members, stride, counts, none, result)`: eligibleMembers, the number alive stored at `result`,
 * for slots that remember `remembered` inspections (a power of two).
 */
export function eligibleFunction(remembered: number): WasmFunction {
  const p = {
    n: I,
    alive: I,
    grade: I,
    candidateOf: I,
    lastDays: I,
    capCount: I,
    winFrom: I,
    winTo: I,
    gradeCount: I,
    members: I,
    stride: I,
    counts: I,
    none: I,
    result: I,
  };
  const l = {
    i: I,
    a: I,
    g: I,
    ti: I,
    from: I,
    to: I,
    ring: I,
    inWindow: I,
    row: I,
    at: I,
    living: I,
    day: I,
  };
  return kernel("eligible", p, l, (v) => {
    // Whether the k-th day remembered is inside the window: the day loaded once, compared twice.
    const inside = (k: number) => [
      ...get(v.ring),
      ...mem(Op.I32Load, 2, 4 * k),
      ...tee(v.day),
      ...get(v.from),
      Op.I32GeS,
      ...get(v.day),
      ...get(v.to),
      Op.I32LeS,
      Op.I32And,
    ];
    const loop = [
      ...byteOf(v.alive, v.i),
      ...set(v.a),
      ...byteOf(v.grade, v.i),
      ...set(v.g),
      ...get(v.living),
      ...get(v.a),
      Op.I32Add,
      ...set(v.living),
      ...addToF64(address(get(v.gradeCount), get(v.g), 3), get(v.a)),
      // c = candidateOf[i × 5 + g]; −1 (never a candidate) becomes the row of no stratum.
      ...get(v.candidateOf),
      ...get(v.i),
      ...i32(5),
      Op.I32Mul,
      Op.I32Add,
      ...get(v.g),
      Op.I32Add,
      ...mem(Op.I32Load8S, 0, 0),
      ...set(v.ti),
      ...get(v.ti),
      ...get(v.ti),
      ...i32(31),
      Op.I32ShrS,
      ...get(v.none),
      ...i32(1),
      Op.I32Add,
      Op.I32And,
      Op.I32Add,
      ...set(v.ti),
      ...i32Of(v.winFrom, v.ti),
      ...set(v.from),
      ...i32Of(v.winTo, v.ti),
      ...set(v.to),
      ...address(get(v.lastDays), get(v.i), ringShift(remembered)),
      ...set(v.ring),
      ...inside(0),
      ...Array.from({ length: remembered - 1 }, (_, k) => [...inside(k + 1), Op.I32Add]).flat(),
      ...set(v.inWindow),
      ...address(get(v.counts), get(v.ti), 2),
      ...set(v.row),
      ...get(v.row),
      ...mem(Op.I32Load, 2, 0),
      ...set(v.at),
      // members[ti × stride + at] = i
      ...address(get(v.members), [...get(v.ti), ...get(v.stride), Op.I32Mul, ...get(v.at), Op.I32Add], 2),
      ...get(v.i),
      ...mem(Op.I32Store, 2, 0),
      // counts[ti] = at + (a & (inWindow < capCount[ti]))
      ...get(v.row),
      ...get(v.at),
      ...get(v.a),
      ...get(v.inWindow),
      ...i32Of(v.capCount, v.ti),
      Op.I32LtS,
      Op.I32And,
      Op.I32Add,
      ...mem(Op.I32Store, 2, 0),
    ];
    return [...forSlots(v.i, v.n, loop), ...get(v.result), ...get(v.living), ...mem(Op.I32Store, 2, 0)];
  });
}

/**
 * `exits(n, alive, grade, everInspected, lastDays, lastResult, inspected, visitDeps, violation, detect,
 * transition, exit, today, teamSize, detection, violationRate, cum, hasCum, exitRate, findingAt,
 * findingByte, inspections, found, undetected, byGrade, covered, result)`: inspectionsToExits without its
 * totals over grades, the team slots stored at `result` as a double, for slots that remember
 * `remembered` inspections (a power of two).
 */
export function exitsFunction(remembered: number): WasmFunction {
  const p = {
    n: I,
    alive: I,
    grade: I,
    everInspected: I,
    lastDays: I,
    lastResult: I,
    inspected: I,
    visitDeps: I,
    violation: I,
    detect: I,
    transition: I,
    exit: I,
    today: I,
    teamSize: I,
    detection: F,
    violationRate: I,
    cum: I,
    hasCum: I,
    exitRate: F,
    findingAt: I,
    findingByte: I,
    inspections: I,
    found: I,
    undetected: I,
    byGrade: I,
    covered: I,
    result: I,
  };
  const l = {
    i: I,
    a: I,
    g: I,
    violating: I,
    f: I,
    deps: I,
    ring: I,
    row: I,
    x: F,
    detected: F,
    stays: I,
    slots: F,
  };
  return kernel("exits", p, l, (v) => {
    /** A stream's number for slot i. */
    const u = (stream: number) => f64Of(stream, v.i);
    const byG = (array: number) => address(get(array), get(v.g), 3);
    const shift = (from: number, to: number) => [
      ...get(v.ring),
      ...get(v.ring),
      ...mem(Op.I32Load, 2, 4 * from),
      ...mem(Op.I32Store, 2, 4 * to),
    ];
    /** How many of the `count` doubles from the address in local `base` the double in local `x` is at or above. */
    const reachedOf = (x: number, base: number, count: number) =>
      Array.from({ length: count }, (_, k) => [
        ...get(x),
        ...get(base),
        ...mem(Op.F64Load, 3, 8 * k),
        Op.F64Ge,
        ...(k ? [Op.I32Add] : []),
      ]).flat();
    const inspection = [
      ...addToF64(byG(v.inspections), i32(1)),
      ...byteOf(v.visitDeps, v.i),
      ...set(v.deps),
      // slots += Math.max(deps, teamSize)
      ...get(v.slots),
      ...get(v.deps),
      ...get(v.teamSize),
      ...get(v.deps),
      ...get(v.teamSize),
      Op.I32GtU,
      Op.Select,
      Op.F64ConvertI32U,
      Op.F64Add,
      ...set(v.slots),
      ...get(v.violating),
      ...u(v.detect),
      ...tee(v.detected),
      ...get(v.detection),
      Op.F64Lt,
      Op.I32And,
      ...set(v.f),
      ...address(get(v.lastDays), get(v.i), ringShift(remembered)),
      ...set(v.ring),
      // The latest first: the others move down one, the oldest is forgotten.
      ...Array.from({ length: remembered - 1 }, (_, k) =>
        shift(remembered - 2 - k, remembered - 1 - k),
      ).flat(),
      ...get(v.ring),
      ...get(v.today),
      ...mem(Op.I32Store, 2, 0),
      // lastResult[i] = f ? findingByte[the thresholds of findingAt the detection number reaches] : CLEAN
      ...address(get(v.lastResult), get(v.i), 0),
      ...get(v.findingByte),
      ...reachedOf(v.detected, v.findingAt, 5),
      Op.I32Add,
      ...mem(Op.I32Load8U, 0, 0),
      ...i32(CLEAN),
      ...get(v.f),
      Op.Select,
      ...mem(Op.I32Store8, 0, 0),
      ...address(get(v.everInspected), get(v.i), 0),
      ...i32(1),
      ...mem(Op.I32Store8, 0, 0),
    ];
    const transition = [
      ...u(v.transition),
      ...set(v.x),
      // The row of the grade, without a finding from 0 and with one from 25 (doubles).
      ...get(v.cum),
      ...get(v.f),
      ...i32(25),
      Op.I32Mul,
      ...get(v.g),
      ...i32(5),
      Op.I32Mul,
      Op.I32Add,
      ...i32(3),
      Op.I32Shl,
      Op.I32Add,
      ...set(v.row),
      // grade[i] = g = a ? next : g, next the count of the row's cumulative shares x reaches
      ...address(get(v.grade), get(v.i), 0),
      ...reachedOf(v.x, v.row, 4),
      ...get(v.g),
      ...get(v.a),
      Op.Select,
      ...set(v.g),
      ...get(v.g),
      ...mem(Op.I32Store8, 0, 0),
    ];
    const loop = [
      ...byteOf(v.alive, v.i),
      ...set(v.a),
      ...byteOf(v.grade, v.i),
      ...set(v.g),
      ...get(v.a),
      ...u(v.violation),
      ...f64Of(v.violationRate, v.g),
      Op.F64Lt,
      Op.I32And,
      ...set(v.violating),
      ...i32(0),
      ...set(v.f),
      ...byteOf(v.inspected, v.i),
      Op.If,
      VOID,
      ...inspection,
      Op.End,
      ...get(v.f),
      Op.If,
      VOID,
      ...addToF64(byG(v.found), i32(1)),
      Op.Else,
      ...get(v.violating),
      Op.If,
      VOID,
      ...addToF64(byG(v.undetected), i32(1)),
      Op.End,
      Op.End,
      ...get(v.hasCum),
      Op.If,
      VOID,
      ...transition,
      Op.End,
      ...get(v.a),
      ...u(v.exit),
      ...get(v.exitRate),
      Op.F64Ge,
      Op.I32And,
      ...set(v.stays),
      ...address(get(v.alive), get(v.i), 0),
      ...get(v.stays),
      ...mem(Op.I32Store8, 0, 0),
      ...addToF64(byG(v.byGrade), get(v.stays)),
      ...addToF64(byG(v.covered), [...get(v.stays), ...byteOf(v.everInspected, v.i), Op.I32And]),
    ];
    return [...forSlots(v.i, v.n, loop), ...get(v.result), ...get(v.slots), ...mem(Op.F64Store, 3, 0)];
  });
}

/** The shift from a slot's index to the byte offset of its remembered days (4 bytes each). */
function ringShift(remembered: number): number {
  const shift = Math.log2(remembered) + 2;
  if (!Number.isInteger(shift))
    throw new Error(`a slot remembers a power of two of inspections, not ${remembered}`);
  return shift;
}
