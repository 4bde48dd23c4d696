import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createFakeModel } from "../../test/helpers/fake-model.js";
import { CancelledError } from "../core/errors.js";
import type { GenerateEvent, LogprobModel } from "../core/model.js";
import { resolveAppOptions } from "./app-options.js";
import { ModelRegistry } from "./model-registry.js";
import { type ModelWork, startModelWork, withModelWork } from "./model-work.js";
import { RequestQueue } from "./request-queue.js";
import { RequestTimeoutError } from "./server-errors.js";
import type { ServerEnv, ServerState } from "./server-state.js";
import { streamGeneration, type TokenEvent } from "./stream-generation.js";

function serverState(requestTimeoutMs = 0): ServerState {
  const options = resolveAppOptions({ models: createFakeModel(), requestTimeoutMs, log: () => {} });
  return {
    options,
    registry: new ModelRegistry(options.models),
    queue: new RequestQueue(options),
    shutdown: new AbortController(),
    draining: false,
    inflight: new Set(),
  };
}

/** Runs `handler` inside a real request; resolves with what it returned or rejects with what it threw. */
async function inRequest<T>(handler: (c: Parameters<typeof withModelWork>[0]) => Promise<T>) {
  let outcome: { value: T } | { error: unknown } | undefined;
  const app = new Hono<ServerEnv>().post("/", async (c) => {
    try {
      outcome = { value: await handler(c) };
    } catch (error) {
      outcome = { error };
    }
    return c.text("ok");
  });
  await app.request("/", { method: "POST" });
  if (!outcome) throw new Error("the handler did not run");
  if ("error" in outcome) throw outcome.error;
  return outcome.value;
}

/** Resolves once `signal` has aborted. */
const aborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));

describe("withModelWork", () => {
  it("holds one slot while the task runs and releases it after a value or an error", async () => {
    const state = serverState();
    const seen: number[] = [];
    const value = await inRequest((c) =>
      withModelWork(c, state, async () => {
        seen.push(state.queue.active, state.inflight.size);
        return 42;
      }),
    );
    expect(value).toBe(42);
    expect(seen).toEqual([1, 1]);
    expect([state.queue.active, state.inflight.size]).toEqual([0, 0]);
    const failure = new Error("model failed");
    await expect(
      inRequest((c) =>
        withModelWork(c, state, async () => {
          throw failure;
        }),
      ),
    ).rejects.toBe(failure);
    expect([state.queue.active, state.inflight.size]).toEqual([0, 0]);
  });

  it("reports the timeout, not the model's cancellation, whether the model throws or returns", async () => {
    const state = serverState(20);
    const throwing = inRequest((c) =>
      withModelWork(c, state, async (work) => {
        await aborted(work.signal);
        throw new CancelledError();
      }),
    );
    await expect(throwing).rejects.toBeInstanceOf(RequestTimeoutError);
    const returning = inRequest((c) =>
      withModelWork(c, state, async (work) => {
        await aborted(work.signal);
        return "cancelled";
      }),
    );
    await expect(returning).rejects.toBeInstanceOf(RequestTimeoutError);
    expect([state.queue.active, state.inflight.size]).toEqual([0, 0]);
  });
});

describe("ModelWork.run", () => {
  it("keeps the slot after a value (the caller finishes) and releases it after an error", async () => {
    const state = serverState();
    const held = await inRequest(async (c) => {
      const work = await startModelWork(c, state);
      const value = await work.run(async () => "kept");
      return { work, value, active: state.queue.active };
    });
    expect([held.value, held.active]).toEqual(["kept", 1]);
    held.work.finish();
    expect(state.queue.active).toBe(0);
    await expect(
      inRequest(async (c) => {
        const work = await startModelWork(c, state);
        return work.run(async () => {
          throw new RangeError("bad");
        });
      }),
    ).rejects.toBeInstanceOf(RangeError);
    expect([state.queue.active, state.inflight.size]).toEqual([0, 0]);
  });
});

describe("streamGeneration", () => {
  it("hands every token event on in order and returns the done event's result (the fake model's own)", async () => {
    const state = serverState();
    const model = createFakeModel();
    const request = { prompt: " the", maxTokens: 5, topLogprobs: 2 };
    const oracle = await model.generate(request);
    const tokens: TokenEvent[] = [];
    const result = await inRequest((c) =>
      withModelWork(c, state, (work) =>
        streamGeneration(model, request, work, async (event) => {
          tokens.push(event);
        }),
      ),
    );
    expect(result).toEqual(oracle);
    expect(tokens.map((event) => event.index)).toEqual(oracle.sequence.tokens.map((_, index) => index));
    expect(tokens.map((event) => event.token)).toEqual(oracle.sequence.tokens);
  });

  it("fails when the stream ends without a result, and reads nothing after the result", async () => {
    const state = serverState();
    const done = await createFakeModel().generate({ prompt: " the", maxTokens: 1 });
    const streamOf = (events: GenerateEvent[]): LogprobModel => ({
      ...createFakeModel(),
      async *stream() {
        yield* events;
      },
    });
    const token: GenerateEvent = { type: "token", index: 0, token: done.sequence.tokens[0]! };
    const run = (model: LogprobModel, onToken: (event: TokenEvent) => Promise<void>) =>
      inRequest((c) =>
        withModelWork(c, state, (work: ModelWork) => streamGeneration(model, {}, work, onToken)),
      );
    await expect(run(streamOf([token]), async () => {})).rejects.toThrow(
      "the model's stream ended without a result",
    );
    let after = 0;
    const result = await run(streamOf([{ type: "done", result: done }, token]), async () => {
      after++;
    });
    expect(result).toBe(done);
    expect(after).toBe(0);
  });
});
