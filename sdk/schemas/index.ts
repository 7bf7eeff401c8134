/** Every wire schema of the R4 machine API, and the inferred types under the same names. */
export * from "./common";
export * from "./grants";
export * from "./me";
export * from "./vaults";
export * from "./items";
export * from "./keys";
export * from "./permissions";
export * from "./projects";
export * from "./dns";
export * from "./agents";
export * from "./purchases";
export * from "./licenses";
