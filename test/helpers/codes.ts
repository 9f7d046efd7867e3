/** Unified social credit codes whose check characters are right, for the readers' test files. */
export const A = "91110108551385082Q";
export const B = "91110000600037341L";
export const C = "91310000631696382C";
