import { describe, expect, it } from "vitest";
import { markedWords, markWords, wordRanges } from "./words";

describe("words marked at a search hit", () => {
  it("finds every occurrence, ignoring case, joining overlaps", () => {
    expect(wordRanges("Quokka and quokkas", ["quokka"])).toEqual([
      [0, 6],
      [11, 17],
    ]);
    expect(wordRanges("reward model", ["reward", "reward model"])).toEqual([[0, 12]]);
    expect(wordRanges("nothing here", ["quokka", " "])).toEqual([]);
  });

  it("wraps the matches of a text layer's runs in marks, keeping the text", () => {
    const layer = document.createElement("div");
    layer.innerHTML = "<span>arXiv 1 page 2 Quokka</span><span>no match</span>";
    const marks = markWords(layer, ["quokka"]);
    expect(marks.map((m) => m.textContent)).toEqual(["Quokka"]);
    expect(layer.textContent).toBe("arXiv 1 page 2 Quokkano match");
    expect(layer.querySelector("mark.pdf-hit")?.parentElement?.tagName).toBe("SPAN");
  });

  it("reads the words a snippet marked from its UTF-8 byte ranges", () => {
    const text = "强化学习 quokka";
    // 强化学习 is 12 bytes, then a space.
    expect(markedWords(text, [[0, 12], [13, 19], [13, 19]])).toEqual(["强化学习", "quokka"]);
  });
});
