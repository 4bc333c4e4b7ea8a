// What an import did, counted for its dialog.

import type { ImportResult } from "../bindings";

export interface ImportTotals {
  added: number;
  updated: number;
  unchanged: number;
  warnings: number;
  errors: number;
  /** Files passed over without failing (no papers in them): not errors. */
  skipped: number;
}

export function importTotals(result: ImportResult): ImportTotals {
  return {
    added: result.added,
    updated: result.updated,
    unchanged: result.unchanged,
    warnings: result.files.reduce((n, f) => n + f.warnings.length, 0),
    errors: result.files.filter((f) => f.error !== null).length,
    skipped: result.files.filter((f) => f.error === null && f.skipped !== null).length,
  };
}
