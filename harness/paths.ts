import * as path from "node:path";

/** The checkout's root: `npm pack` runs here, and the examples and scripts are found from it. */
export const repoRoot = path.resolve(__dirname, "..");

/** Project folders that the harness itself provides (each reads its parameters from the stack config). */
export const harnessProjects = path.join(__dirname, "projects");
