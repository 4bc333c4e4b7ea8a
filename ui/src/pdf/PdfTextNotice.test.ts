import { describe, expect, it } from "vitest";
import type { PdfTextStatus } from "../bindings";
import { newer } from "./PdfTextNotice";

const at = (seq: number, done: number): PdfTextStatus => ({ seq, running: true, done, total: 9, unreadable: 0, problem: null });

describe("newer", () => {
  it("keeps the status with the higher sequence, whichever came last", () => {
    expect(newer(null, at(1, 1))).toEqual(at(1, 1));
    expect(newer(at(5, 5), at(2, 2))).toEqual(at(5, 5));
    expect(newer(at(2, 2), at(5, 5))).toEqual(at(5, 5));
  });
});
