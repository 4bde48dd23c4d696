/** Ids and timestamps of OpenAI-shaped responses. */
import { randomUUID } from "node:crypto";

/** A fresh response id with OpenAI's prefix (`cmpl`, `chatcmpl`). */
export function responseId(prefix: string): string {
  return `${prefix}-${randomUUID().replaceAll("-", "")}`;
}

/** Seconds since the epoch, as OpenAI's `created`. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
