import { afterEach, describe, expect, it } from "vitest";
import type { BackupItem, CountChange, ProblemKind } from "../bindings";
import { setLocale } from "../i18n";
import { backupSummary, changeLine, changeRows, problemTitle, takenAt } from "./backups";

afterEach(() => setLocale("en"));

const changes: CountChange[] = [
  { name: "papers", before: 120, after: 120 },
  { name: "notes", before: 214, after: 198 },
  { name: "read", before: 80, after: 12 },
  { name: "starred", before: 5, after: 5 },
  { name: "tags", before: 3, after: 4 },
];

describe("backups", () => {
  it("puts the counts that change first, with arrows", () => {
    const rows = changeRows(changes);
    expect(rows.map((r) => [r.label, r.before, r.after, r.changed])).toEqual([
      ["Notes", 214, 198, true],
      ["Read", 80, 12, true],
      ["Tags", 3, 4, true],
      ["Papers", 120, 120, false],
      ["Starred", 5, 5, false],
    ]);
    expect(changeLine(changes)).toBe("Notes: 214 → 198; Read: 80 → 12; Tags: 3 → 4");
    expect(changeLine(changes.map((c) => ({ ...c, after: c.before })))).toBe("");
    setLocale("zh-CN");
    expect(changeRows(changes)[0]?.label).toBe("笔记");
  });

  it("summarises a backup and its time", () => {
    const backup: BackupItem = { name: "library-20261202-160000.sqlite3", taken_at: "2026-12-02T16:00:00Z", size: 1536, papers: 36, notes: 4, before_restore: false };
    expect(backupSummary(backup)).toBe("36 papers · 4 notes · 1.50 KB");
    expect(takenAt(backup.taken_at, "en")).toContain("2026");
    expect(takenAt("not a time", "en")).toBe("not a time");
  });

  it("has a heading for every problem, in both languages", () => {
    const kinds: ProblemKind[] = ["missing_folder", "missing_file", "read_only", "empty", "not_a_library", "damaged", "too_new", "unreadable", "disk_full", "other"];
    const en = kinds.map(problemTitle);
    expect(new Set(en).size).toBe(kinds.length);
    setLocale("zh-CN");
    const zh = kinds.map(problemTitle);
    expect(zh.every((title, i) => title !== en[i])).toBe(true);
  });
});
