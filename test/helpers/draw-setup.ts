import { loadPolicyFile } from "../../engine/policy/load.js";
import type { LoadedPolicy } from "../../engine/policy/types.js";
import { smallDistrict } from "./district.js";

/** The district, policies and draw request the verify and ledger tests start from. */
export const seedPolicy = loadPolicyFile("policies/huaian-2021/1.0.0.yaml").policy as LoadedPolicy;
export const variant = loadPolicyFile("policies/huaian-2021/variants/c-half.yaml").policy as LoadedPolicy;
export const district = smallDistrict("verify", 200);
export const base = {
  enterprises: district.enterprises,
  inspectors: district.inspectors,
  conflicts: district.conflicts,
  history: district.history,
  period: "2026-H1",
  // The day the draws are made: a production draw is otherwise dated today.
  date: "2026-01-01",
  seed: "20260105-77",
};
