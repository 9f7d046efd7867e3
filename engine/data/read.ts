/** The readers of every input file, by kind (see row-reader.ts for what they share). */

export { readConflicts } from "./read-conflicts.js";
export { readEnterprises } from "./read-enterprises.js";
export { type GradePush, readGradeHistory } from "./read-grades.js";
export { readHistory, readResults } from "./read-history.js";
export type { ReadOptions, ReadResult } from "./read-options.js";
export { readInspectors } from "./read-staff.js";
