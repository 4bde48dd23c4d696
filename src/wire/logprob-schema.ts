/** zod schemas shared by every format: a natural-log probability and a linear probability. */
import { z } from "zod";
import { LOGPROB_ROUNDING_TOLERANCE } from "../core/analysis/known-logprob.js";

/**
 * A logprob as vendors send it: a finite JSON number <= 0 (natural log, nats); tiny positive rounding
 * up to core's LOGPROB_ROUNDING_TOLERANCE passes and becomes 0 in normalisation. OpenAI's -9999
 * placeholder ("not in the top 20") passes here and becomes `null` in core's `normalizeSequence`.
 */
export const LogprobNumberSchema = z
  .number({ error: "expected a finite number <= 0 (a natural-log probability)" })
  .max(LOGPROB_ROUNDING_TOLERANCE, {
    error: (issue) =>
      `logprob ${String(issue.input)} is above 0 (allowed: a finite number <= 0; up to ${LOGPROB_ROUNDING_TOLERANCE} is taken as rounding of 0)`,
  });

/** A probability as llama.cpp's `post_sampling_probs` sends it: a finite number in [0, 1]. */
export const ProbabilityNumberSchema = z
  .number({ error: "expected a finite number in [0, 1] (a probability)" })
  .min(0, { error: (issue) => `probability ${String(issue.input)} is below 0 (allowed: 0 to 1)` })
  .max(1, { error: (issue) => `probability ${String(issue.input)} is above 1 (allowed: 0 to 1)` });

/** UTF-8 bytes of a token: integers 0..255. */
export const ByteArraySchema = z.array(z.number().int().min(0).max(255));
