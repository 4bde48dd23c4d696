import { describe, expect, it } from "vitest";
import { colorDepth } from "./color-support.js";

// Oracle: Node's documented rules for tty.WriteStream#getColorDepth and no-color.org.
describe("colorDepth", () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };

  it("colours a terminal and not a pipe", () => {
    expect(colorDepth(tty, {})).toBe("ansi256");
    expect(colorDepth(tty, { COLORTERM: "truecolor" })).toBe("truecolor");
    expect(colorDepth(pipe, {})).toBe("none");
    expect(colorDepth({}, {})).toBe("none");
  });

  it("turns colour off for NO_COLOR (non-empty) and TERM=dumb", () => {
    expect(colorDepth(tty, { NO_COLOR: "1" })).toBe("none");
    expect(colorDepth(tty, { NO_COLOR: "" })).toBe("ansi256");
    expect(colorDepth(tty, { TERM: "dumb" })).toBe("none");
  });

  it("lets FORCE_COLOR force colour, even over NO_COLOR and on a pipe", () => {
    expect(colorDepth(pipe, { FORCE_COLOR: "1" })).toBe("ansi256");
    expect(colorDepth(pipe, { FORCE_COLOR: "" })).toBe("ansi256");
    expect(colorDepth(pipe, { FORCE_COLOR: "3" })).toBe("truecolor");
    expect(colorDepth(tty, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe("ansi256");
    expect(colorDepth(tty, { FORCE_COLOR: "0" })).toBe("none");
    expect(colorDepth(tty, { FORCE_COLOR: "false" })).toBe("none");
  });
});
