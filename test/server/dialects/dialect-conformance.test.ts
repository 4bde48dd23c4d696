/**
 * One conformance suite for every dialect over the real engine (stories260K.gguf): the same
 * prompts go through OpenAI's /v1/completions and /v1/chat/completions and through Ollama's,
 * llama.cpp's, vLLM's and SGLang's routes, whole and streamed; every dialect's tokens, logprobs and
 * top alternatives must equal the OpenAI route's exactly (one request at a time, so that every
 * request decodes in the same batch shapes). The OpenAI route itself is checked against the engine
 * and llama-server in ../engine.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LogprobModel } from "../../../src/core/model.js";
import { createApp } from "../../../src/server/index.js";
import { requireTestModel, testModelPath } from "../../helpers/test-model.js";
import { postJson, sseData } from "../request.js";

const prompts = ["Once upon a time", "The little dog", "Lily wanted to"];
const k = 5;
const maxTokens = 8;

/** One generated token as every dialect can say it: text, logprob, alternatives' texts and logprobs. */
interface Common {
  token: string;
  logprob: number;
  top: [string, number][];
}

type App = ReturnType<typeof createApp>;

async function json<T>(response: Response): Promise<T> {
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

async function openaiCompletion(app: App, prompt: string): Promise<{ text: string; tokens: Common[] }> {
  const body = await json<{
    choices: {
      text: string;
      logprobs: { tokens: string[]; token_logprobs: number[]; top_logprobs: Record<string, number>[] };
    }[];
  }>(await postJson(app, "/v1/completions", { prompt, max_tokens: maxTokens, temperature: 0, logprobs: k }));
  const choice = body.choices[0]!;
  return {
    text: choice.text,
    tokens: choice.logprobs.tokens.map((token, index) => ({
      token,
      logprob: choice.logprobs.token_logprobs[index]!,
      top: Object.entries(choice.logprobs.top_logprobs[index]!),
    })),
  };
}

function fromEntries(
  entries: { token: string; logprob: number; top_logprobs?: { token: string; logprob: number }[] }[],
): Common[] {
  return entries.map((entry) => ({
    token: entry.token,
    logprob: entry.logprob,
    top: (entry.top_logprobs ?? []).map((top) => [top.token, top.logprob]),
  }));
}

describe.skipIf(!requireTestModel())(
  "every dialect's logprobs equal the OpenAI route's (stories260K)",
  () => {
    let model: LogprobModel;
    let app: App;

    beforeAll(async () => {
      const { loadModel } = await import("../../../src/engine/index.js");
      model = await loadModel({ model: testModelPath, parallel: 1, contextSize: 256, gpu: false });
      app = createApp({ models: model, maxConcurrent: 1, log: () => {} });
    }, 60_000);

    afterAll(async () => {
      await model?.close?.();
    });

    it.each(prompts)("Ollama /api/generate (raw), whole and streamed: %s", async (prompt) => {
      const reference = await openaiCompletion(app, prompt);
      const request = {
        model: model.id,
        prompt,
        raw: true,
        options: { temperature: 0, num_predict: maxTokens },
        logprobs: true,
        top_logprobs: k,
      };
      const whole = await json<{ response: string; logprobs: Parameters<typeof fromEntries>[0] }>(
        await postJson(app, "/api/generate", { ...request, stream: false }),
      );
      expect(whole.response).toBe(reference.text);
      expect(fromEntries(whole.logprobs)).toEqual(reference.tokens);
      const lines = (await (await postJson(app, "/api/generate", request)).text())
        .trim()
        .split("\n")
        .map(
          (line) => JSON.parse(line) as { response: string; logprobs?: Parameters<typeof fromEntries>[0] },
        );
      expect(lines.map((line) => line.response).join("")).toBe(reference.text);
      expect(fromEntries(lines.flatMap((line) => line.logprobs ?? []))).toEqual(reference.tokens);
    });

    it.each(prompts)("llama.cpp /completion, whole and streamed: %s", async (prompt) => {
      const reference = await openaiCompletion(app, prompt);
      const request = { prompt, n_predict: maxTokens, n_probs: k, temperature: 0 };
      const whole = await json<{
        content: string;
        completion_probabilities: Parameters<typeof fromEntries>[0];
      }>(await postJson(app, "/completion", request));
      expect(whole.content).toBe(reference.text);
      expect(fromEntries(whole.completion_probabilities)).toEqual(reference.tokens);
      const events = sseData(
        await (await postJson(app, "/completion", { ...request, stream: true })).text(),
      ) as {
        content: string;
        completion_probabilities?: Parameters<typeof fromEntries>[0];
      }[];
      expect(events.map((event) => event.content).join("")).toBe(reference.text);
      expect(fromEntries(events.flatMap((event) => event.completion_probabilities ?? []))).toEqual(
        reference.tokens,
      );
    });

    it.each(prompts)("SGLang /generate, whole and streamed: %s", async (prompt) => {
      const reference = await openaiCompletion(app, prompt);
      const request = {
        text: prompt,
        sampling_params: { max_new_tokens: maxTokens, temperature: 0 },
        return_logprob: true,
        top_logprobs_num: k,
        return_text_in_logprobs: true,
      };
      type Answer = {
        text: string;
        meta_info: {
          output_token_logprobs: [number, number, string][];
          output_top_logprobs: [number, number, string][][];
        };
      };
      const toCommon = (answer: Answer): Common[] =>
        answer.meta_info.output_token_logprobs.map(([logprob, , token], index) => ({
          token,
          logprob,
          top: answer.meta_info.output_top_logprobs[index]!.map(([value, , text]) => [text, value]),
        }));
      const whole = await json<Answer>(await postJson(app, "/generate", request));
      expect(whole.text).toBe(reference.text);
      expect(toCommon(whole)).toEqual(reference.tokens);
      const chunks = sseData(
        await (await postJson(app, "/generate", { ...request, stream: true })).text(),
      ) as Answer[];
      expect(toCommon(chunks.at(-1)!)).toEqual(reference.tokens);
    });

    it.each(prompts)("Ollama /api/chat equals /v1/chat/completions: %s", async (prompt) => {
      const messages = [{ role: "user", content: prompt }];
      const reference = await json<{
        choices: { message: { content: string }; logprobs: { content: Parameters<typeof fromEntries>[0] } }[];
      }>(
        await postJson(app, "/v1/chat/completions", {
          messages,
          max_tokens: maxTokens,
          temperature: 0,
          logprobs: true,
          top_logprobs: k,
        }),
      );
      const chat = await json<{ message: { content: string }; logprobs: Parameters<typeof fromEntries>[0] }>(
        await postJson(app, "/api/chat", {
          model: model.id,
          messages,
          stream: false,
          options: { temperature: 0, num_predict: maxTokens },
          logprobs: true,
          top_logprobs: k,
        }),
      );
      expect(chat.message.content).toBe(reference.choices[0]!.message.content);
      expect(fromEntries(chat.logprobs)).toEqual(fromEntries(reference.choices[0]!.logprobs.content));
    });

    it.each(prompts)(
      "prompt scoring: llama.cpp echo, vLLM prompt_logprobs and SGLang input logprobs equal OpenAI echo: %s",
      async (prompt) => {
        const echo = await json<{
          choices: { logprobs: { tokens: string[]; token_logprobs: (number | null)[] } }[];
        }>(await postJson(app, "/v1/completions", { prompt, max_tokens: 0, echo: true, logprobs: k }));
        const scored = echo.choices[0]!.logprobs.token_logprobs.map((logprob, index) => ({
          token: echo.choices[0]!.logprobs.tokens[index]!,
          logprob,
        })).filter((entry): entry is { token: string; logprob: number } => entry.logprob !== null);
        const llama = await json<{ prompt_probabilities: { token: string; logprob: number }[] }>(
          await postJson(app, "/completion", { prompt, n_predict: 0, n_probs: k, echo: true }),
        );
        // OpenAI's echo leaves the first token's logprob null (its convention); the engine conditions it
        // on BOS, and llama.cpp's and SGLang's extensions keep that number.
        const llamaScored = llama.prompt_probabilities.map(({ token, logprob }) => ({ token, logprob }));
        expect(llamaScored.slice(1)).toEqual(scored);
        expect(llamaScored[0]!.token).toBe(echo.choices[0]!.logprobs.tokens[0]);
        const vllm = await json<{
          choices: {
            prompt_logprobs: (Record<string, { logprob: number; decoded_token: string }> | null)[];
          }[];
        }>(
          await postJson(app, "/v1/completions", {
            prompt,
            max_tokens: 1,
            prompt_logprobs: k,
            temperature: 0,
          }),
        );
        const ownLogprobs = echo.choices[0]!.logprobs.token_logprobs;
        vllm.choices[0]!.prompt_logprobs.forEach((entry, index) => {
          if (entry === null) return;
          expect(Object.values(entry).map((value) => value.logprob)).toContain(ownLogprobs[index]);
        });
        const sglang = await json<{ meta_info: { input_token_logprobs: [number | null, number, string][] } }>(
          await postJson(app, "/generate", {
            text: prompt,
            sampling_params: { max_new_tokens: 1, temperature: 0 },
            return_logprob: true,
            logprob_start_len: 0,
            return_text_in_logprobs: true,
          }),
        );
        const sglangLogprobs = sglang.meta_info.input_token_logprobs.map(([logprob]) => logprob);
        expect(sglangLogprobs.slice(1)).toEqual(ownLogprobs.slice(1));
        expect(sglangLogprobs[0]).toBe(llamaScored[0]!.logprob);
      },
    );
  },
);
