import { describe, expect, it } from "vitest";
import { broughtPapers, notificationText } from "./useSourceSyncs";

describe("a sync's news", () => {
  const synced = { source: 1, imported: 2, added: 12, failed: 0, dates: ["2025-10-03", "2025-10-04"] };
  it("words a notification for papers new to the library, with the newest digest's date", () => {
    expect(notificationText(synced)).toEqual({ body: "12 new papers · 2025-10-04", date: "2025-10-04" });
    expect(notificationText({ ...synced, added: 1, dates: ["2025-10-04"] })?.body).toBe("1 new paper · 2025-10-04");
    // A changed digest listing only known papers: shown, not notified.
    expect(notificationText({ ...synced, added: 0 })).toBeNull();
    expect(broughtPapers({ ...synced, added: 0 })).toBe(true);
    expect(broughtPapers({ ...synced, imported: 0, added: 0, dates: [] })).toBe(false);
  });
});
