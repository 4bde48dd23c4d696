import { describe, expect, it } from "vitest";
import { renderColumns } from "./plain-columns.js";

describe("renderColumns", () => {
  it("pads to the widest cell: first column left, others right, a rule under the header", () => {
    expect(
      renderColumns([
        ["name", "n"],
        ["a", "100"],
        ["longer", "2"],
      ]),
    ).toBe(["name      n", "------  ---", "a       100", "longer    2"].join("\n"));
    expect(renderColumns([])).toBe("");
  });
});
