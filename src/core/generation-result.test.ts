import { describe, expect, it } from "vitest";
import { generationResult } from "./generation-result.js";
import type { GenerateEvent, GenerateResult } from "./model.js";

const result = { text: "ab" } as GenerateResult;
const token = (text: string) => ({ type: "token", token: { token: text } }) as unknown as GenerateEvent;

async function* events(list: GenerateEvent[], read: string[]) {
  for (const event of list) {
    read.push(event.type);
    yield event;
  }
}

describe("generationResult", () => {
  it("hands each token over in order and returns the done event's result, reading nothing after it", async () => {
    const read: string[] = [];
    const seen: string[] = [];
    const done = { type: "done", result } as GenerateEvent;
    const got = await generationResult(
      events([token("a"), token("b"), done, token("late")], read),
      (event) => {
        seen.push(event.token.token);
      },
    );
    expect(got).toBe(result);
    expect(seen).toEqual(["a", "b"]);
    expect(read).toEqual(["token", "token", "done"]);
  });

  it("waits for an async onToken before reading on", async () => {
    const order: string[] = [];
    const done = { type: "done", result } as GenerateEvent;
    await generationResult(events([token("a"), token("b"), done], order), async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(`handled ${event.token.token}`);
    });
    expect(order).toEqual(["token", "handled a", "token", "handled b", "done"]);
  });

  it("throws when the stream ends without a result", async () => {
    await expect(generationResult(events([token("a")], []))).rejects.toThrow(/ended without a result/);
  });
});
