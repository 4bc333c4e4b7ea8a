// What the Export dialog decides before anything is written, as plain data: which
// papers (the list on screen, Starred, a digest, a tag) as one `PaperQuery`, which
// format, and where (a default file or folder name in a default folder, following
// the choices until the reader types a path of their own).

import type { ExportFormat, PaperQuery } from "../bindings";
import type { MessageKey } from "../i18n";
import { noFilters, toFilter } from "../list/filters";
import type { ListWant } from "../list/request";

/** Which papers to export. */
export type ExportTarget = { kind: "list" } | { kind: "starred" } | { kind: "digest"; date: string } | { kind: "tag"; name: string };

export interface FormatInfo {
  format: ExportFormat;
  label: MessageKey;
  hint: MessageKey;
  /** The file's extension, with its dot; null: a folder. */
  extension: string | null;
  /** For the native save dialog's filter. */
  filterName: string;
}

/** The formats, in the order the dialog offers them. */
export const FORMATS: readonly FormatInfo[] = [
  { format: "bibtex", label: "export.bibtex", hint: "export.bibtexHint", extension: ".bib", filterName: "BibTeX" },
  { format: "csl_json", label: "export.csl", hint: "export.cslHint", extension: ".csl.json", filterName: "CSL-JSON" },
  { format: "ris", label: "export.ris", hint: "export.risHint", extension: ".ris", filterName: "RIS" },
  { format: "markdown", label: "export.markdown", hint: "export.markdownHint", extension: null, filterName: "Markdown" },
  { format: "json", label: "export.json", hint: "export.jsonHint", extension: ".json", filterName: "JSON" },
];

export function formatInfo(format: ExportFormat): FormatInfo {
  return FORMATS.find((f) => f.format === format) ?? FORMATS[0]!;
}

/** The papers `target` names, whole and in their list's order. The list on screen is
 * its selection, filters and search as they are. */
export function targetQuery(target: ExportTarget, list: ListWant): PaperQuery {
  const whole = { order: null, offset: 0, limit: null } as const;
  switch (target.kind) {
    case "list":
      return { scope: list.selection, filter: toFilter(list.filters), text: list.search.trim(), ...whole };
    case "starred":
      return { scope: { kind: "starred" }, filter: toFilter(noFilters), text: "", ...whole };
    case "digest":
      return { scope: { kind: "digest", date: target.date }, filter: toFilter(noFilters), text: "", ...whole };
    case "tag":
      return { scope: { kind: "tag", name: target.name }, filter: toFilter(noFilters), text: "", ...whole };
  }
}

/** A name's characters that no file system takes, or that would make it a path. */
function safe(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f<>:"/\\|?*]+/g, "-").replace(/^[.\s-]+|[.\s-]+$/g, "");
  return cleaned.slice(0, 60) || "tag";
}

/** The default name, without extension: `papershelf-starred`, `papershelf-2025-10-03`. */
export function baseName(target: ExportTarget, list: ListWant): string {
  switch (target.kind) {
    case "starred":
      return "papershelf-starred";
    case "digest":
      return `papershelf-${target.date}`;
    case "tag":
      return `papershelf-${safe(target.name)}`;
    case "list": {
      if (list.search.trim() !== "") return "papershelf-search";
      const s = list.selection;
      switch (s.kind) {
        case "digest":
          return `papershelf-${s.date}`;
        case "tag":
          return `papershelf-${safe(s.name)}`;
        case "papers":
          return "papershelf-papers";
        default:
          return `papershelf-${s.kind}`;
      }
    }
  }
}

/** The separator `folder` uses (a Windows path has backslashes only). */
function separator(folder: string): string {
  return folder.includes("\\") && !folder.includes("/") ? "\\" : "/";
}

export function joinPath(folder: string, name: string): string {
  if (folder === "") return name;
  const sep = separator(folder);
  return folder.endsWith(sep) ? folder + name : folder + sep + name;
}

/** The folder a path is in ("" when it names none). */
export function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  if (cut < 0) return "";
  return cut === 0 ? path.slice(0, 1) : path.slice(0, cut);
}

export function defaultPath(folder: string, target: ExportTarget, list: ListWant, format: ExportFormat): string {
  return joinPath(folder, baseName(target, list) + (formatInfo(format).extension ?? ""));
}

/** A path the reader chose, moved to another format: its extension follows (a
 * folder for Markdown has none); any other name is theirs and stays. */
export function withFormat(path: string, from: ExportFormat, to: ExportFormat): string {
  const old = formatInfo(from).extension;
  const next = formatInfo(to).extension ?? "";
  if (old !== null && path.toLowerCase().endsWith(old)) return path.slice(0, path.length - old.length) + next;
  if (old === null) return path.replace(/[/\\]+$/, "") + next;
  return path;
}

const FOLDER_KEY = "papershelf.exportFolder";
const FORMAT_KEY = "papershelf.exportFormat";

/** The folder and format of the last export, kept so the next one starts there. */
export function loadLast(storage: Storage | undefined = globalThis.localStorage): { folder: string | null; format: ExportFormat } {
  const folder = storage?.getItem(FOLDER_KEY) ?? null;
  const saved = storage?.getItem(FORMAT_KEY);
  const format = FORMATS.find((f) => f.format === saved)?.format ?? "bibtex";
  return { folder: folder && folder.trim() !== "" ? folder : null, format };
}

export function saveLast(path: string, format: ExportFormat, storage: Storage | undefined = globalThis.localStorage): void {
  try {
    const folder = folderOf(path);
    if (folder !== "") storage?.setItem(FOLDER_KEY, folder);
    storage?.setItem(FORMAT_KEY, format);
  } catch {
    // Storage full or refused: the next export starts from the default folder.
  }
}
