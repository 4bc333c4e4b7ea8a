import { describe, expect, it } from "vitest";
import { whyText } from "./why";

describe("whyText", () => {
  it("joins the reasons in order, tags marked", () => {
    expect(
      whyText([
        { kind: "keyword", text: "强化学习" },
        { kind: "word", text: "video" },
        { kind: "tag", text: "精读" },
        { kind: "author", text: "Kaiming He" },
      ]),
    ).toBe("强化学习 · video · #精读 · Kaiming He");
  });

  it("is empty without reasons", () => {
    expect(whyText([])).toBe("");
  });
});
