/**
 * The version of every `--json` document and report JSON leasecheck writes (schema/*.schema.json).
 * It changes only when a field is removed or changes meaning; new fields may appear in any version.
 */
export const SCHEMA_VERSION = 1;
