// A note's autosave: typing marks it dirty, a pause saves it, `flush` saves at once
// (leaving the editor, switching papers, closing the window). Saves never overlap and
// the last text typed is always the last one saved.

export type SaveState = "saved" | "dirty" | "saving" | "failed";

export interface AutosaveOptions {
  save: (text: string) => Promise<void>;
  onState: (state: SaveState, error?: string) => void;
  delayMs?: number;
}

export class Autosave {
  private readonly save: (text: string) => Promise<void>;
  private readonly onState: (state: SaveState, error?: string) => void;
  private readonly delayMs: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Text typed but not yet handed to `save`. */
  private pending: string | null = null;
  private inFlight: Promise<void> | null = null;
  private state: SaveState = "saved";

  constructor(options: AutosaveOptions) {
    this.save = options.save;
    this.onState = options.onState;
    this.delayMs = options.delayMs ?? 500;
  }

  get current(): SaveState {
    return this.state;
  }

  /** True while something typed is not yet in the library. */
  get unsaved(): boolean {
    return this.pending !== null || this.inFlight !== null || this.state === "failed";
  }

  /** Records an edit; it is saved after a pause in typing. */
  edit(text: string): void {
    this.pending = text;
    this.setState("dirty");
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.delayMs);
  }

  /** Saves whatever is pending now, and resolves when the library has it. */
  async flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    // Wait for a save under way: the next one must not overtake it.
    while (this.inFlight) await this.inFlight;
    const text = this.pending;
    if (text === null) return;
    this.pending = null;
    this.setState("saving");
    const run = this.save(text).then(
      () => {
        if (this.pending === null) this.setState("saved");
      },
      (error: unknown) => {
        // Keep the text so the next flush tries again.
        if (this.pending === null) this.pending = text;
        this.setState("failed", error instanceof Error ? error.message : String(error));
      },
    );
    this.inFlight = run;
    try {
      await run;
    } finally {
      this.inFlight = null;
    }
    if (this.pending !== null && this.state !== "failed") await this.flush();
  }

  /** Stops the timer without saving (the caller flushed already or drops the edit). */
  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private setState(state: SaveState, error?: string): void {
    this.state = state;
    this.onState(state, error);
  }
}
