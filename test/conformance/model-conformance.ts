/**
 * The shared conformance suite of the model interface (src/core/model.ts). Every backend runs it:
 * the engine (test/engine/engine-conformance.test.ts), each provider against recorded or fake HTTP,
 * and the server round trip. It checks the contract, not the numbers of a particular model:
 *
 * - identity and capabilities are well formed;
 * - logprobs are finite and <= 0 (or null), top alternatives sorted from most to least probable
 *   and no longer than asked, the chosen token's logprob equals its own entry among the
 *   alternatives, entropy >= 0 and rank >= 1 when present, bytes are bytes;
 * - lengths are consistent (token count <= maxTokens and <= usage, text = sequence text);
 * - provenance is present and names the backend;
 * - streaming yields tokens with consecutive indices, then one `done` whose result holds exactly
 *   the streamed tokens;
 * - capabilities are honoured: what a backend says it cannot do yields a warning or an
 *   `UnsupportedError`, never silence; invalid input yields `InvalidInputError` naming the field;
 * - aborting stops generation within one token (`finishReason: "cancelled"` or `CancelledError`).
 *
 * Usage: `describeModelConformance("openai (replayed)", () => createModelUnderTest(), { ... })`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CancelledError, InvalidInputError, UnsupportedError } from "../../src/core/errors.js";
import type {
  ChatMessage,
  GenerateEvent,
  GenerateRequest,
  GenerateResult,
  LogprobModel,
  ModelWarning,
} from "../../src/core/model.js";
import { expectWarningsWellFormed, expectWellFormedSequence } from "./expect-well-formed.js";

export {
  expectWarningsWellFormed,
  expectWellFormedSequence,
  expectWellFormedToken,
} from "./expect-well-formed.js";

/** Options of {@link describeModelConformance}. */
export interface ConformanceOptions {
  /** Text prompt for generation (default "Once upon a time"); used when `textPrompt`. */
  prompt?: string;
  /** Chat messages used when the backend has no text prompt (default one user message). */
  messages?: ChatMessage[];
  /** Tokens to generate per request (default 6). */
  maxTokens?: number;
  /** Alternatives asked per token (default min(3, capabilities.maxTopLogprobs)). */
  topLogprobs?: number;
  /** Text to score (default "Once upon a time, there was a little girl."). */
  scoreText?: string;
  /**
   * True when repeated greedy requests give identical tokens (local engines, replayed fixtures).
   * Enables the check that `generate` and `stream` agree token for token. Default false.
   */
  deterministic?: boolean;
  /** Checks to leave out, by name (e.g. "abort" for a replayed backend that cannot be cut off). */
  skip?: readonly ConformanceCheck[];
}

/** Names of the checks that can be skipped. */
export type ConformanceCheck =
  | "generate"
  | "stream"
  | "score"
  | "echo"
  | "beam-search"
  | "branch"
  | "tokenize"
  | "abort"
  | "capabilities"
  | "invalid-input";

/** Runs `run`; passes when it throws one of `errors`, or returns a result with a warning. */
async function expectRefusedOrWarned(
  run: () => Promise<{ warnings: readonly ModelWarning[] }>,
  errors: readonly (abstract new (...args: never[]) => Error)[],
  what: string,
): Promise<void> {
  let result: { warnings: readonly ModelWarning[] };
  try {
    result = await run();
  } catch (error) {
    expect(
      errors.some((type) => error instanceof type),
      `${what}: threw ${String(error)}, expected ${errors.map((type) => type.name).join(" or ")}`,
    ).toBe(true);
    return;
  }
  expect(result.warnings.length, `${what}: no error, so a warning is expected`).toBeGreaterThan(0);
}

/**
 * Declares the conformance tests of one backend. `createModel` is called once (in `beforeAll`);
 * the model is closed in `afterAll`.
 */
export function describeModelConformance(
  name: string,
  createModel: () => Promise<LogprobModel>,
  options: ConformanceOptions = {},
): void {
  const skip = new Set(options.skip ?? []);
  const maxTokens = options.maxTokens ?? 6;
  const conformanceCheck = (name: ConformanceCheck, title: string, body: () => Promise<void>) =>
    it.skipIf(skip.has(name))(title, body);

  describe(`model conformance: ${name}`, () => {
    let model: LogprobModel;
    let topLogprobs: number;
    const promptOf = (): Pick<GenerateRequest, "prompt" | "messages"> =>
      model.capabilities.textPrompt
        ? { prompt: options.prompt ?? "Once upon a time" }
        : { messages: options.messages ?? [{ role: "user", content: "Tell me a story." }] };
    const greedy = (extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
      ...promptOf(),
      maxTokens,
      topLogprobs,
      sampling: { temperature: 0 },
      ...extra,
    });

    beforeAll(async () => {
      model = await createModel();
      topLogprobs = options.topLogprobs ?? Math.min(3, model.capabilities.maxTopLogprobs);
    });
    afterAll(async () => {
      await model?.close?.();
    });

    conformanceCheck("capabilities", "has an identity and well-formed capabilities", async () => {
      expect(typeof model.id).toBe("string");
      expect(model.id.length).toBeGreaterThan(0);
      expect(model.source.length).toBeGreaterThan(0);
      const caps = model.capabilities;
      expect(Number.isInteger(caps.maxTopLogprobs) && caps.maxTopLogprobs >= 0).toBe(true);
      expect(caps.textPrompt || caps.chat).toBe(true);
      expect(caps.logprobsModes.length).toBeGreaterThan(0);
      for (const mode of caps.logprobsModes) expect(["raw", "processed"]).toContain(mode);
      if (model.contextSize !== undefined) expect(model.contextSize).toBeGreaterThan(0);
      expect(typeof model.beamSearch === "function" || !caps.beamSearch).toBe(true);
      expect(typeof model.branch === "function" || !caps.branching).toBe(true);
      expect(typeof model.tokenize === "function" || !caps.tokenize).toBe(true);
    });

    conformanceCheck("generate", "generates well-formed tokens with provenance", async () => {
      const result = await model.generate(greedy());
      expect(["stop", "length", "cancelled"]).toContain(result.finishReason);
      expect(result.model.length).toBeGreaterThan(0);
      expectWarningsWellFormed(result.warnings);
      const tokens = result.sequence.tokens;
      expect(tokens.length).toBeLessThanOrEqual(maxTokens);
      if (result.finishReason === "length") expect(tokens.length).toBeGreaterThan(0);
      expect(tokens.length).toBeLessThanOrEqual(Math.max(result.usage.completionTokens, tokens.length));
      expect(result.usage.completionTokens).toBeGreaterThanOrEqual(0);
      expect(result.usage.promptTokens).toBeGreaterThan(0);
      if (result.sequence.text !== undefined) expect(result.sequence.text).toBe(result.text);
      expectWellFormedSequence(result.sequence, model, topLogprobs, "generate");
      for (const token of tokens) {
        expect(token.logprob, "generated tokens have logprobs").not.toBeNull();
        if (topLogprobs > 0) expect(token.top.length, "alternatives were asked for").toBeGreaterThan(0);
        if (model.capabilities.exactEntropy) expect(token.entropy, "exact entropy advertised").toBeDefined();
        expect(token.prompt ?? false).toBe(false);
      }
    });

    conformanceCheck(
      "stream",
      "streams token events, then one done event holding exactly those tokens",
      async () => {
        const events: GenerateEvent[] = [];
        for await (const event of model.stream(greedy())) events.push(event);
        const done = events.at(-1);
        expect(done?.type).toBe("done");
        expect(events.filter((event) => event.type === "done")).toHaveLength(1);
        const tokenEvents = events.filter((event) => event.type === "token");
        tokenEvents.forEach((event, index) => {
          expect(event.index).toBe(index);
        });
        if (done?.type !== "done") return;
        expect(tokenEvents.map((event) => event.token)).toEqual(done.result.sequence.tokens);
        expectWellFormedSequence(done.result.sequence, model, topLogprobs, "stream");
        if (options.deterministic) {
          const generated = await model.generate(greedy());
          expect(generated.sequence.tokens.map((token) => token.token)).toEqual(
            done.result.sequence.tokens.map((token) => token.token),
          );
          expect(generated.text).toBe(done.result.text);
        }
      },
    );

    conformanceCheck(
      "capabilities",
      "refuses or warns about more alternatives than it supports",
      async () => {
        const tooMany = model.capabilities.maxTopLogprobs + 1;
        await expectRefusedOrWarned(
          () => model.generate(greedy({ topLogprobs: tooMany })),
          [InvalidInputError, UnsupportedError],
          `topLogprobs ${tooMany}`,
        );
      },
    );

    conformanceCheck(
      "capabilities",
      "refuses or warns about a logprobs mode it does not support",
      async () => {
        const missing = (["raw", "processed"] as const).find(
          (mode) => !model.capabilities.logprobsModes.includes(mode),
        );
        if (!missing) return;
        await expectRefusedOrWarned(
          () => model.generate(greedy({ logprobsMode: missing })),
          [UnsupportedError, InvalidInputError],
          `logprobsMode ${missing}`,
        );
      },
    );

    conformanceCheck(
      "score",
      "scores text consistently (perplexity = exp(-mean logprob)), or refuses",
      async () => {
        const text = options.scoreText ?? "Once upon a time, there was a little girl.";
        if (!model.capabilities.promptLogprobs) {
          await expect(model.score({ text })).rejects.toBeInstanceOf(UnsupportedError);
          return;
        }
        const result = await model.score({ text, topLogprobs });
        expectWellFormedSequence(result.sequence, model, topLogprobs, "score");
        const tokens = result.sequence.tokens;
        expect(tokens.length).toBeGreaterThan(1);
        for (const token of tokens.slice(1)) expect(token.logprob).not.toBeNull();
        if (!result.bosConditioned) expect(tokens[0]?.logprob).toBeNull();
        else expect(tokens[0]?.logprob).not.toBeNull();
        const known = tokens.flatMap((token) => (token.logprob === null ? [] : [token.logprob]));
        const mean = known.reduce((sum, value) => sum + value, 0) / known.length;
        expect(result.perplexity).toBeCloseTo(Math.exp(-mean), 6);
        expect(result.perplexity).toBeGreaterThanOrEqual(1);
        expect(Number.isFinite(result.bitsPerByte) && result.bitsPerByte >= 0).toBe(true);
      },
    );

    conformanceCheck("echo", "echoes prompt logprobs when asked, or says it cannot", async () => {
      const request = greedy({ echo: true, maxTokens: 1 });
      if (!model.capabilities.promptLogprobs) {
        await expectRefusedOrWarned(() => model.generate(request), [UnsupportedError], "echo");
        return;
      }
      const result: GenerateResult = await model.generate(request);
      expect(result.prompt, "echo result").toBeDefined();
      if (!result.prompt) return;
      expect(result.prompt.tokens.length).toBeGreaterThan(0);
      expectWellFormedSequence(result.prompt, model, topLogprobs, "echo");
      for (const token of result.prompt.tokens.slice(1)) expect(token.logprob).not.toBeNull();
    });

    conformanceCheck(
      "beam-search",
      "returns beams best first with cumulative = sum of token logprobs",
      async () => {
        if (!model.capabilities.beamSearch || !model.beamSearch) {
          expect(model.capabilities.beamSearch).toBe(false);
          return;
        }
        const result = await model.beamSearch({ ...promptOf(), width: 2, maxTokens: Math.min(maxTokens, 4) });
        expect(result.beams.length).toBeGreaterThan(0);
        expect(result.beams.length).toBeLessThanOrEqual(2);
        result.beams.forEach((beam, index) => {
          expectWellFormedSequence(beam.sequence, model, 0, `beam ${index}`);
          const sum = beam.sequence.tokens.reduce((total, token) => total + (token.logprob ?? 0), 0);
          expect(beam.cumulativeLogprob).toBeCloseTo(sum, 6);
          const previous = result.beams[index - 1];
          if (previous) expect(previous.score).toBeGreaterThanOrEqual(beam.score);
        });
      },
    );

    conformanceCheck("branch", "branches with a forced alternative at the first position", async () => {
      if (!model.capabilities.branching || !model.branch) {
        expect(model.capabilities.branching).toBe(false);
        return;
      }
      const first = await model.generate(greedy({ topLogprobs: Math.max(2, topLogprobs) }));
      const alternative = first.sequence.tokens[0]?.top[1];
      if (alternative?.id === undefined) return;
      const { echo: _echo, ...request } = greedy();
      const result = await model.branch({
        ...request,
        prefixTokens: [],
        forcedToken: alternative.id,
        maxTokens: 2,
      });
      expect(result.sequence.tokens[0]?.id).toBe(alternative.id);
      expect(result.sequence.tokens[0]?.logprob).toBeCloseTo(alternative.logprob, 3);
      expectWellFormedSequence(result.sequence, model, topLogprobs, "branch");
    });

    conformanceCheck("tokenize", "round-trips plain text through tokenize and detokenize", async () => {
      if (!model.capabilities.tokenize || !model.tokenize || !model.detokenize) return;
      const text = "Once upon a time, there was a cat.";
      const tokens = await model.tokenize(text);
      expect(tokens.length).toBeGreaterThan(0);
      for (const id of tokens) expect(Number.isInteger(id) && id >= 0).toBe(true);
      expect((await model.detokenize(tokens)).trimStart()).toBe(text);
    });

    conformanceCheck("abort", "stops within one token when aborted mid-stream", async () => {
      const controller = new AbortController();
      const events: GenerateEvent[] = [];
      let abortedAt = -1;
      try {
        for await (const event of model.stream(
          greedy({ maxTokens: Math.max(maxTokens, 8), signal: controller.signal }),
        )) {
          events.push(event);
          if (event.type === "token" && abortedAt < 0) {
            abortedAt = event.index;
            controller.abort();
          }
        }
      } catch (error) {
        expect(error, `aborting threw ${String(error)}`).toBeInstanceOf(CancelledError);
        return;
      }
      const done = events.at(-1);
      expect(done?.type).toBe("done");
      if (done?.type !== "done") return;
      if (abortedAt >= 0) {
        expect(done.result.finishReason).toBe("cancelled");
        expect(done.result.sequence.tokens.length).toBeLessThanOrEqual(abortedAt + 2);
      }
    });

    conformanceCheck("abort", "honours a signal aborted before the request", async () => {
      const controller = new AbortController();
      controller.abort();
      try {
        const result = await model.generate(greedy({ signal: controller.signal }));
        expect(result.finishReason).toBe("cancelled");
        expect(result.sequence.tokens).toHaveLength(0);
      } catch (error) {
        expect(error).toBeInstanceOf(CancelledError);
      }
    });

    conformanceCheck(
      "invalid-input",
      "rejects invalid options with InvalidInputError naming the field",
      async () => {
        const rejection = await model.generate(greedy({ topLogprobs: -1 })).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(rejection).toBeInstanceOf(InvalidInputError);
        expect((rejection as InvalidInputError).field).toBe("topLogprobs");
        const both = await model
          .generate({ prompt: "a", messages: [{ role: "user", content: "a" }], maxTokens: 1 })
          .then(
            () => undefined,
            (error: unknown) => error,
          );
        expect(both).toBeInstanceOf(InvalidInputError);
      },
    );
  });
}
