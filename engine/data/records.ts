import type { Category, Grade } from "../policy/vocabulary.js";

/** An enterprise of the directory of inspection objects (检查对象名录库). */
export interface Enterprise {
  readonly uscc: string;
  readonly name: string;
  readonly grade: Grade;
  readonly category: Category;
  readonly industry: string | null;
  readonly region: string | null;
  /** Departments supervising the enterprise (监管部门). */
  readonly departments: readonly string[];
  readonly tags: readonly string[];
  /** On the list of abnormal operations (经营异常名录). */
  readonly abnormal: boolean;
  readonly gradedOn: string | null;
  /**
   * The operator (经营者) of an individual business (code type 92) whose trade name holds the
   * operator's name, where the file has the column: published with that name masked (see
   * maskName). Not kept otherwise: no output needs a firm's legal representative, nor an
   * operator the name does not hold.
   */
  readonly operator?: string;
  /** Any other input column, available to rules as a fact. */
  readonly extra: Readonly<Record<string, unknown>>;
}

/** An enforcement officer of the directory of inspectors (执法检查人员名录库). */
export interface Inspector {
  readonly id: string;
  readonly name: string;
  readonly department: string;
  readonly licenseNo: string;
  readonly licenseExpires: string | null;
  /** Item codes the inspector is qualified for; empty = every item of the department. */
  readonly items: readonly string[];
  readonly active: boolean;
  /** Inspections per period; null = no limit. */
  readonly capacity: number | null;
  /**
   * Set only in a draw's recorded inputs (see frameInspectors): the directory records licences
   * but neither a number nor an expiry date for this inspector, who holds none and is not drawn.
   */
  readonly unlicensed?: true;
}

/** A declared conflict of interest (回避): the inspector must not inspect the enterprise. */
export interface Conflict {
  readonly inspector: string;
  readonly uscc: string;
  readonly reason: string;
}

/** Kinds of inspection. */
export const INSPECTION_KINDS = ["random", "joint", "targeted", "complaint"] as const;
/** A kind of inspection. */
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

/** A past inspection of an enterprise, as caps and history facts read it. */
export interface HistoryEntry {
  readonly uscc: string;
  readonly date: string;
  readonly department: string;
  readonly kind: InspectionKind;
  /** Result codes (ids of RESULT_CODES); empty when not yet known. */
  readonly result: readonly string[];
}

/** The recorded result of one inspection item. */
export interface ResultRecord extends HistoryEntry {
  readonly item: string;
  readonly inspectors: readonly string[];
  /**
   * The task of the draw whose visit the result reports, when the file says it (a results
   * template does): only that task's visits are matched. Not recorded.
   */
  readonly task?: string;
}
