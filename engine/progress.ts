import type { DrawPhase } from "./draw/draw.js";

/**
 * What a draw, or its verification, is doing: `read` (verify's recorded inputs), the phases of
 * the draw, `compare` (verify's comparison with the recorded outputs); and the demo's own steps:
 * `district` (a synthetic district made and written), `policies` (validated and tested),
 * `simulate` (its replications), `reports`.
 */
export type ProgressStep = "read" | DrawPhase | "compare" | "district" | "policies" | "simulate" | "reports";

/** Told as each step begins, and within a long one as it goes (a terminal shows it; see Io.status). */
export interface Progress {
  readonly step: ProgressStep;
  /** The file being read (`read`). */
  readonly file?: string;
  /**
   * How far the step is (`read`: the records read so far; `teams`: the visits staffed; `simulate`:
   * the replications run), of how many (`district`: its enterprises, with no `done`).
   */
  readonly done?: number;
  readonly of?: number;
}

/** A listener of a draw's (or the demo's) progress. */
export type OnProgress = (progress: Progress) => void;

/** Visits staffed between two reports of the `teams` step. */
export const VISITS_PER_REPORT = 1000;
