// The Settings dialog's list of hosts links may open in the system browser.

/** Parses the Settings textarea of extra hosts: one per line, blanks dropped. */
export function parseHostList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((h) => h.trim())
    .filter((h) => h !== "");
}
