/** File names of a draw folder. */
export const DRAW_FILES = {
  manifest: "manifest.json",
  selected: "selected.csv",
  assignments: "assignments.csv",
  tasks: "tasks.xlsx",
  inputs: {
    policy: "inputs/policy.json",
    enterprises: "inputs/enterprises.json",
    inspectors: "inputs/inspectors.json",
    conflicts: "inputs/conflicts.json",
    history: "inputs/history.json",
    ledger: "inputs/ledger.json",
  },
} as const;
