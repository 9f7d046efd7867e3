import { TeamKeyLanes } from "../../engine/draw/team-key-lanes.js";
import { barId } from "../../engine/draw/teams.js";
import { TicketSource, ticket } from "../../engine/tickets.js";
import { report } from "./common.js";

/**
 * Tickets: the numeric key the draw sorts by, over 1,000,000 ids, as a draw of a million
 * enterprises computes them (in WebAssembly SIMD lanes, see TeamKeyLanes.keysOfIds) and one at a
 * time (TicketSource.key, where WebAssembly SIMD is missing); the full 78-digit string; and the
 * team keys (the first five digits) as the draw's worker threads compute them (a department of
 * 1,200 inspectors per visit, in WebAssembly SIMD lanes, its blocks laid out for their shape).
 */
const ids = Array.from({ length: 1_000_000 }, (_, i) => `91320803${String(i).padStart(10, "0")}`);
const seed = "bench-seed,0123456789abcdef";
const src = new TicketSource(seed);
let t = performance.now();
const keys = new TeamKeyLanes(seed, []).keysOfIds(ids);
const keyMicros = ((performance.now() - t) * 1000) / ids.length;
t = performance.now();
let sink = 0;
for (const id of ids) sink += src.key(id);
const oneAtATimeMicros = ((performance.now() - t) * 1000) / ids.length;
// The keys measured are the tickets' keys.
for (let k = 0; k < ids.length; k += 997)
  if (keys[k] !== src.key(ids[k])) throw new Error(`the lanes' key of ${ids[k]} is not its ticket's`);
t = performance.now();
for (const id of ids.slice(0, 50_000)) sink += src.ticket(id).length;
const fullMicros = ((performance.now() - t) * 1000) / 50_000;
t = performance.now();
for (const id of ids.slice(0, 20_000)) sink += ticket("bench-seed", id).length;
const naiveMicros = ((performance.now() - t) * 1000) / 20_000;
const department = Array.from({ length: 1200 }, (_, i) => barId(`INS${String(i + 1).padStart(4, "0")}`));
const lanes = new TeamKeyLanes("bench-seed,0123456789abcdef", [department]);
const teamKeys = new Float64Array(department.length);
const encoder = new TextEncoder();
const visits = ids.slice(0, 2000).map((id) => encoder.encode(id));
// As in a large draw, the department's blocks are laid out for their shape after its first 1,000,000 keys.
for (const code of visits.slice(0, 1000)) lanes.keysInto(code, 0, teamKeys, 0);
// The fastest of three rounds: the shape's hash is compiled anew, and V8 optimises it in the
// background while the first calls run its baseline code (about half as fast), for a while
// longer on a busy machine; a draw's workers make eighty million keys each with it.
let teamKeyMicros = Number.POSITIVE_INFINITY;
for (let round = 0; round < 3; round++) {
  t = performance.now();
  for (const code of visits) {
    lanes.keysInto(code, 0, teamKeys, 0);
    sink += teamKeys[0];
  }
  teamKeyMicros = Math.min(
    teamKeyMicros,
    ((performance.now() - t) * 1000) / (visits.length * department.length),
  );
}
// The keys measured are the team keys of the tickets.
for (let k = 0; k < department.length; k += 97)
  if (teamKeys[k] !== src.teamKeyOfParts(visits[visits.length - 1], department[k]))
    throw new Error(
      `the lanes' team key of ${ids[visits.length - 1]} and inspector ${k} is not its ticket's`,
    );
report({
  case: "tickets",
  keyMicros,
  oneAtATimeMicros,
  fullMicros,
  naiveMicros,
  teamKeyMicros,
  sink: sink > 0,
});
