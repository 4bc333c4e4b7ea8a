import { describe, expect, it } from "vitest";
import { fragments, leadUpTo } from "./highlight";

const utf8 = (s: string) => new TextEncoder().encode(s).length;

/** Byte range of `needle`'s first occurrence in `text`, as core would send it. */
function range(text: string, needle: string): [number, number] {
  const at = text.indexOf(needle);
  const start = utf8(text.slice(0, at));
  return [start, start + utf8(needle)];
}

describe("fragments", () => {
  it("cuts ASCII at byte ranges", () => {
    expect(fragments("Quantization of LLMs", [[0, 5]])).toEqual([
      { text: "Quant", hit: true },
      { text: "ization of LLMs", hit: false },
    ]);
  });

  it("converts byte offsets of Chinese text to string indices", () => {
    const text = "可验证奖励强化学习 (RLVR) 的奖励";
    const first = range(text, "奖励");
    expect(first).toEqual([9, 15]);
    const last: [number, number] = [utf8(text) - 6, utf8(text)];
    expect(fragments(text, [first, last])).toEqual([
      { text: "可验证", hit: false },
      { text: "奖励", hit: true },
      { text: "强化学习 (RLVR) 的", hit: false },
      { text: "奖励", hit: true },
    ]);
  });

  it("handles characters outside the BMP (two UTF-16 units, four bytes)", () => {
    const text = "𝔸 奖励 🎉 quant";
    const out = fragments(text, [range(text, "奖励"), range(text, "quant")]);
    expect(out.filter((f) => f.hit).map((f) => f.text)).toEqual(["奖励", "quant"]);
    expect(out.map((f) => f.text).join("")).toBe(text);
  });

  it("never cuts a character: ranges off a boundary, overlapping or past the end are dropped", () => {
    const text = "奖励模型";
    expect(fragments(text, [[1, 3], [3, 6], [4, 9], [6, 99]])).toEqual([
      { text: "奖", hit: false },
      { text: "励", hit: true },
      { text: "模型", hit: false },
    ]);
  });

  it("gives one plain piece without hits, even for empty text", () => {
    expect(fragments("plain", [])).toEqual([{ text: "plain", hit: false }]);
    expect(fragments("", [])).toEqual([{ text: "", hit: false }]);
  });

  it("shortens the lead-up to the first match, by characters", () => {
    const pieces = fragments("一二三四五六七八奖励后面", [[24, 30]]);
    expect(leadUpTo(pieces, 3)).toEqual([
      { text: "…六七八", hit: false },
      { text: "奖励", hit: true },
      { text: "后面", hit: false },
    ]);
    expect(leadUpTo(pieces, 20)).toBe(pieces);
    const noMatch = fragments("plain text", []);
    expect(leadUpTo(noMatch, 2)).toBe(noMatch);
  });
});
