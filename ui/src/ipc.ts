// The one door to the shell. Every command's arguments and result are typed from the
// generated `bindings.ts`; every failure becomes an `AppError` with a code and a message.

import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { Commands, DownloadStatus, ErrorCode, MetadataStatus, PdfTextStatus, SourcesSynced } from "./bindings";

export type CommandName = keyof Commands;
export type ArgsOf<K extends CommandName> = Commands[K]["args"];
export type ResultOf<K extends CommandName> = Commands[K]["result"];

/** A command's failure. `code` is the shell's, or "ipc" when the call itself broke. */
export class AppError extends Error {
  readonly code: ErrorCode | "ipc";
  constructor(code: ErrorCode | "ipc", message: string) {
    super(message);
    this.name = "AppError";
    this.code = code;
  }
}

const CODES: readonly ErrorCode[] = ["not_found", "refused", "exists", "failed"];

/** Turns whatever `invoke` rejected with into an `AppError`. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (typeof error === "object" && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof message === "string" && typeof code === "string" && (CODES as string[]).includes(code)) {
      return new AppError(code as ErrorCode, message);
    }
    if (error instanceof Error) return new AppError("ipc", error.message);
  }
  if (typeof error === "string") return new AppError("ipc", error);
  return new AppError("ipc", "The app did not answer as expected.");
}

/** A failure as text for people: an `AppError`'s message, anything else as it prints. */
export function errorText(error: unknown): string {
  return error instanceof AppError ? error.message : String(error);
}

type ArgsParam<K extends CommandName> = Record<string, never> extends ArgsOf<K>
  ? [args?: ArgsOf<K>]
  : [args: ArgsOf<K>];

/** A command's round trip: name, start and end (`performance.now()`). */
export type TraceEntry = [command: string, start: number, end: number];

/** The speed bench sets `window.__papershelfTrace = []` to learn which commands a
 * click sent and how long each took (BENCHMARKS.md); left unset, nothing is kept. */
function traceOf(): TraceEntry[] | undefined {
  const trace = (globalThis as { __papershelfTrace?: unknown }).__papershelfTrace;
  return Array.isArray(trace) ? (trace as TraceEntry[]) : undefined;
}

export async function call<K extends CommandName>(command: K, ...args: ArgsParam<K>): Promise<ResultOf<K>> {
  const start = performance.now();
  try {
    return await invoke<ResultOf<K>>(command, (args[0] ?? {}) as Record<string, unknown>);
  } catch (error) {
    throw toAppError(error);
  } finally {
    traceOf()?.push([command, start, performance.now()]);
  }
}

/** Events the shell sends. */
export const EVENTS = {
  /** Another process (the CLI) changed the library. */
  libraryChanged: "library-changed",
  /** The window is closing: save what is unsaved, then call `close_window`. */
  closing: "app-closing",
  /** The library was opened again (restored here or by the CLI, moved away, another
   * folder opened): ask `library_status`, then reload everything. */
  libraryReplaced: "library-replaced",
  /** Files were handed to the app from outside (a later launch, "Open with"): take
   * them with `take_opened_files`. */
  filesOpened: "files-opened",
  /** The PDF download queue moved on: its `DownloadStatus`. */
  pdfProgress: "pdf-progress",
  /** The automatic arXiv metadata fetch moved on: its `MetadataStatus`. */
  metadataStatus: "metadata-status",
  /** The background reading of cached PDFs' text moved on: its `PdfTextStatus`. */
  pdfTextStatus: "pdf-text-status",
  /** A source (watched folder, subscription) was synced: its `SourcesSynced`. */
  sourcesSynced: "sources-synced",
  /** A notification was clicked: show this digest (its date). */
  showDigest: "show-digest",
} as const;

export function onEvent(name: (typeof EVENTS)["libraryChanged" | "libraryReplaced" | "closing" | "filesOpened"], handler: () => void): Promise<UnlistenFn> {
  return listen(name, () => handler());
}

export function onSourcesSynced(handler: (synced: SourcesSynced) => void): Promise<UnlistenFn> {
  return listen<SourcesSynced>(EVENTS.sourcesSynced, (event) => handler(event.payload));
}

export function onShowDigest(handler: (date: string) => void): Promise<UnlistenFn> {
  return listen<string>(EVENTS.showDigest, (event) => handler(event.payload));
}

export function onDownloadStatus(handler: (status: DownloadStatus) => void): Promise<UnlistenFn> {
  return listen<DownloadStatus>(EVENTS.pdfProgress, (event) => handler(event.payload));
}

export function onPdfTextStatus(handler: (status: PdfTextStatus) => void): Promise<UnlistenFn> {
  return listen<PdfTextStatus>(EVENTS.pdfTextStatus, (event) => handler(event.payload));
}

export function onMetadataStatus(handler: (status: MetadataStatus) => void): Promise<UnlistenFn> {
  return listen<MetadataStatus>(EVENTS.metadataStatus, (event) => handler(event.payload));
}
