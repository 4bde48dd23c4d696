/**
 * Decides whether output may hold ANSI colour codes, and at which depth, following Node's own
 * rules (`tty.WriteStream#getColorDepth`): `FORCE_COLOR` forces colour (its value `0`/`false`
 * forbids it; `3` asks for truecolor), `NO_COLOR` (any non-empty value, see no-color.org) turns it
 * off, and otherwise colour is used only on a terminal whose `TERM` is not `dumb`.
 */

/** Colour depth of the output: none, the 256-colour palette, or 24-bit truecolor. */
export type ColorDepth = "none" | "ansi256" | "truecolor";

/** The bits of a stream that decide colour support. */
export interface ColorTarget {
  isTTY?: boolean;
}

/**
 * Colour depth for `stream` under `env`.
 *
 * @param stream the output stream (only `isTTY` is read)
 * @param env environment variables (default `process.env`)
 */
export function colorDepth(stream: ColorTarget, env: NodeJS.ProcessEnv = process.env): ColorDepth {
  const force = env.FORCE_COLOR;
  const truecolorTerminal = env.COLORTERM === "truecolor" || env.COLORTERM === "24bit";
  if (force !== undefined) {
    if (force === "0" || force === "false") return "none";
    return force === "3" || truecolorTerminal ? "truecolor" : "ansi256";
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return "none";
  if (!stream.isTTY || env.TERM === "dumb") return "none";
  return truecolorTerminal ? "truecolor" : "ansi256";
}
