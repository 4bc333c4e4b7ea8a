import { describe, expect, it } from "vitest";
import { parseHostList } from "./hosts";

describe("settings", () => {
  it("parses the allowed hosts box", () => {
    expect(parseHostList(" openreview.net \n\n example.org, a.b ")).toEqual(["openreview.net", "example.org", "a.b"]);
  });
});
