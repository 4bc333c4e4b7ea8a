import { describe, expect, it } from "vitest";
import { joinLines, markedWords, markWords, rangeText, wordRanges } from "./words";

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

describe("the text of a selection in a text layer", () => {
  it("puts a space where a line ends (pdf.js's <br>), none after a hyphen", () => {
    const layer = document.createElement("div");
    layer.innerHTML = "<span>the basic data of the anyon</span><br><span>model, its self-</span><br><span>exchange statistics</span>";
    const runs = layer.querySelectorAll("span");
    const range = document.createRange();
    range.setStart(runs[0]!.firstChild!, 4);
    range.setEnd(runs[2]!.firstChild!, 8);
    expect(rangeText(range, layer)).toBe("basic data of the anyon model, its self-exchange");
  });

  it("joins lines and folds white space", () => {
    expect(joinLines("  a\n\n b  c \n")).toBe("a b c");
    expect(joinLines("two-\n  column")).toBe("two-column");
  });
});
