/** Grade keys of shares and matrices: the four grades and ungraded. */
export const GRADE_KEYS = ["A", "B", "C", "D", "ungraded"] as const;
/** A grade key. */
export type GradeKey = (typeof GRADE_KEYS)[number];
/** A value per grade key. */
export type PerGrade = Readonly<Record<GradeKey, number>>;
