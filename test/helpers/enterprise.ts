import type { Enterprise } from "../../engine/data/records.js";

/** An enterprise of 市场监管局, general and ungraded, with no other fact, changed by `over`. */
export function enterprise(over: Partial<Enterprise>): Enterprise {
  return {
    uscc: "91110108551385082Q",
    name: "",
    grade: null,
    category: "general",
    industry: null,
    region: null,
    departments: ["市场监管局"],
    tags: [],
    abnormal: false,
    gradedOn: null,
    extra: {},
    ...over,
  };
}
