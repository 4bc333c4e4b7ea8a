// Backups as Settings → Library and the recovery screen show them (pure, no DOM).

import type { BackupItem, CountChange, CountName, ProblemKind } from "../bindings";
import { t, type MessageKey } from "../i18n";
import { formatBytes } from "../pdf/pdf";

/** When a backup was taken, in the reader's time and language. */
export function takenAt(iso: string, lang: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(lang, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

/** "36 papers · 4 notes · 1.2 MB". */
export function backupSummary(backup: BackupItem): string {
  return t("backups.row", { papers: backup.papers, notes: backup.notes, size: formatBytes(backup.size) });
}

const COUNT_LABELS: Record<CountName, MessageKey> = {
  papers: "count.papers",
  notes: "count.notes",
  read: "count.read",
  starred: "count.starred",
  tags: "count.tags",
  highlights: "count.highlights",
};

export interface ChangeRow {
  label: string;
  before: number;
  after: number;
  changed: boolean;
}

/** The confirmation's lines, "Notes 214 → 198": the counts that change first, then
 * the others (shown quieter), each in core's order. */
export function changeRows(changes: readonly CountChange[]): ChangeRow[] {
  const rows = changes.map((c) => ({ label: t(COUNT_LABELS[c.name]), before: c.before, after: c.after, changed: c.before !== c.after }));
  return [...rows.filter((r) => r.changed), ...rows.filter((r) => !r.changed)];
}

/** "notes: 214 → 198; read: 80 → 12" for a toast; "" when nothing changed. */
export function changeLine(changes: readonly CountChange[]): string {
  return changeRows(changes)
    .filter((r) => r.changed)
    .map((r) => `${r.label}: ${r.before} → ${r.after}`)
    .join("; ");
}

const PROBLEM_TITLES: Record<ProblemKind, MessageKey> = {
  missing_folder: "recovery.missing_folder",
  missing_file: "recovery.missing_file",
  read_only: "recovery.read_only",
  empty: "recovery.empty",
  not_a_library: "recovery.not_a_library",
  damaged: "recovery.damaged",
  too_new: "recovery.too_new",
  unreadable: "recovery.unreadable",
  disk_full: "recovery.disk_full",
  other: "recovery.other",
};

/** The recovery screen's heading for what is wrong. */
export function problemTitle(kind: ProblemKind): string {
  return t(PROBLEM_TITLES[kind]);
}
