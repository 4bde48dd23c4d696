/**
 * `POST /v1/analyze` (extension): the body is any input `logprobe analyze` understands (a response
 * of a supported API as JSON, an SSE capture or NDJSON); the format is detected, or forced with
 * `?format=`. Answers `{format, sequence, summary}`: the normalised core sequence and its
 * summary (wire's `parseLogprobsText`, core's `summarizeSequence`). Needs no model.
 */
import { Hono } from "hono";
import { summarizeSequence } from "../../core/index.js";
import { parseLogprobsText, toFormatName } from "../../wire/index.js";
import { readBodyText } from "../request-body.js";
import type { ServerEnv } from "../server-state.js";

/** The analyze route. */
export function analyzeRoute(): Hono<ServerEnv> {
  return new Hono<ServerEnv>().post("/v1/analyze", async (c) => {
    c.get("record").promptParam = "(body)";
    const formatParam = c.req.query("format");
    const format = formatParam === undefined ? undefined : toFormatName(formatParam, "format");
    const parsed = parseLogprobsText(await readBodyText(c), format === undefined ? {} : { format });
    return c.json({
      format: parsed.format,
      sequence: parsed.sequence,
      summary: summarizeSequence(parsed.sequence.tokens),
    });
  });
}
