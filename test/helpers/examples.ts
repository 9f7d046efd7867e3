/** The input options of a draw over the bundled example files (examples/). */
export const EXAMPLE_INPUTS: readonly string[] = [
  "--enterprises",
  "examples/enterprises.csv",
  "--inspectors",
  "examples/inspectors.csv",
  "--conflicts",
  "examples/conflicts.csv",
  "--history",
  "examples/history.csv",
];
