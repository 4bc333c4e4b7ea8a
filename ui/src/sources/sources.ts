// Settings → Sources, the words and choices that need no DOM (unit-tested).

import type { SourceFailure, SourceResult } from "../bindings";
import { t } from "../i18n";

/** "3 imported · 12 unchanged · 1 failed" (the failures are listed apart). */
export function resultLine(result: SourceResult): string {
  const parts = [t("sources.imported", { n: result.imported }), t("sources.unchanged", { n: result.unchanged })];
  if (result.failed.length > 0) parts.push(t("sources.failedCount", { n: result.failed.length }));
  return parts.join(" · ");
}

/** "2025-10-03.md, line 12: not UTF-8 text". */
export function failureLine(failure: SourceFailure): string {
  const where = failure.line === null ? failure.file : t("sources.fileLine", { file: failure.file, line: failure.line });
  return `${where}: ${failure.message}`;
}

/** The intervals offered, in minutes; the library's own value is kept among them. */
export function intervalChoices(current: number): number[] {
  const offered = [15, 30, 60, 180, 360, 720, 1440];
  return offered.includes(current) ? offered : [...offered, current].sort((a, b) => a - b);
}

/** "15 min", "1 h", "24 h". */
export function intervalLabel(minutes: number): string {
  return minutes % 60 === 0 ? t("sources.hours", { n: minutes / 60 }) : t("sources.minutes", { n: minutes });
}
