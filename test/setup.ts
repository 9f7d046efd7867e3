import { afterAll } from "vitest";
import { removeTemporaryFolders } from "./helpers/tmp.js";

// Every test file's temporary folders go when it ends: a run of the suite made some 500 and kept them.
afterAll(removeTemporaryFolders);
