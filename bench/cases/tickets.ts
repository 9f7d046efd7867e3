import { TicketSource, ticket } from "../../engine/tickets.js";
import { report } from "./common.js";

/**
 * Tickets: the numeric key the draw sorts by (over 1,000,000 ids, as a draw of a million
 * enterprises computes them), and the full 78-digit string.
 */
const ids = Array.from({ length: 1_000_000 }, (_, i) => `91320803${String(i).padStart(10, "0")}`);
const src = new TicketSource("bench-seed,0123456789abcdef");
let t = performance.now();
let sink = 0;
for (const id of ids) sink += src.key(id);
const keyMicros = ((performance.now() - t) * 1000) / ids.length;
t = performance.now();
for (const id of ids.slice(0, 50_000)) sink += src.ticket(id).length;
const fullMicros = ((performance.now() - t) * 1000) / 50_000;
t = performance.now();
for (const id of ids.slice(0, 20_000)) sink += ticket("bench-seed", id).length;
const naiveMicros = ((performance.now() - t) * 1000) / 20_000;
report({ case: "tickets", keyMicros, fullMicros, naiveMicros, sink: sink > 0 });
