import { InvalidInputError } from "../errors.js";

/**
 * Bits per byte: total negative log-likelihood converted to bits, divided by the UTF-8 byte
 * length of the scored text: `BPB = NLL_nats / (ln 2 * bytes)`. Unlike perplexity it does not
 * depend on the tokenizer, so models with different vocabularies can be compared.
 *
 * Units: input in nats and bytes; output in bits per byte (>= 0). Cost: O(1).
 *
 * @param totalNegativeLogLikelihoodNats `-sum_i l_i` over the scored tokens (nats, >= 0)
 * @param byteCount UTF-8 bytes of the scored tokens (an integer > 0)
 * @returns bits per byte
 * @throws {InvalidInputError} when `byteCount` is not a positive integer, or the NLL is negative or NaN
 */
export function bitsPerByte(totalNegativeLogLikelihoodNats: number, byteCount: number): number {
  if (!Number.isInteger(byteCount) || byteCount <= 0) {
    throw new InvalidInputError("byteCount", `byteCount is ${byteCount}`, "an integer > 0");
  }
  if (Number.isNaN(totalNegativeLogLikelihoodNats) || totalNegativeLogLikelihoodNats < 0) {
    throw new InvalidInputError(
      "totalNegativeLogLikelihoodNats",
      `totalNegativeLogLikelihoodNats is ${totalNegativeLogLikelihoodNats}`,
      ">= 0",
    );
  }
  return totalNegativeLogLikelihoodNats / (Math.LN2 * byteCount);
}
