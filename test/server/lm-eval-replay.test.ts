/**
 * lm-evaluation-harness's `local-completions` request stream against the server on stories260K,
 * replayed from its source (EleutherAI/lm-evaluation-harness: lm_eval/models/openai_completions.py,
 * api_models.py, api/model.py, utils.py; see ../shared/notes/lm-eval.md), since Python is not part
 * of this project's toolchain:
 * - start-up: `check_remote_tokenizer_support` (GET /tokenizer_info must be a JSON object holding
 *   `eos_token`; POST /tokenize {"prompt": "test", "add_special_tokens": false} must give a list);
 * - `_encode_pair`: trailing context spaces move to the continuation; whole = encode(context +
 *   continuation), context_enc = encode(context), continuation_enc = whole[len(context_enc):];
 * - `_loglikelihood_tokens`: requests sorted by (-len(tokens), tuple(tokens)), cut into chunks of
 *   batch_size; `create_message` sends token lists (tokenized_requests=True) or, decoded through
 *   POST /detokenize, a string (batch_size 1) or a list of strings;
 * - `_create_payload`: {model, prompt, temperature: 0, max_tokens: 1, logprobs: 1, seed: 1234,
 *   echo: true};
 * - `parse_logprobs`: choices sorted by index; sum(token_logprobs[ctxlen:-1]); is_greedy when every
 *   one of those equals max(top_logprobs[i].values()).
 * The oracle: each continuation's token logprobs from `model.score` of context + continuation, and
 * greedy when each of those tokens is the argmax there.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineModel } from "../../src/engine/index.js";
import { createApp } from "../../src/server/index.js";
import { loadTestEngine } from "../engine/load-test-engine.js";
import { postJson } from "./request.js";

const docs = [
  {
    context: "Once upon a time, there was a little girl named Lily. She loved to",
    choices: ["play outside in the", "sing and play with the", "big box with a big"],
  },
  {
    context: "One day, a little boy named Tim went to the park. He saw a ",
    choices: ["big tree.", "sea. They saw a big"],
  },
];

interface CompletionChoice {
  index: number;
  logprobs: { token_logprobs: (number | null)[]; top_logprobs: (Record<string, number> | null)[] };
}

describe("lm-eval local-completions request stream (replayed)", () => {
  let model: EngineModel;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    model = await loadTestEngine({ parallel: 2 });
    app = createApp({ models: model, log: () => {} });
  });
  afterAll(async () => {
    await model?.close();
  });

  const encode = async (text: string): Promise<number[]> => {
    const response = await postJson(app, "/tokenize", { prompt: text, add_special_tokens: false });
    const tokens = ((await response.json()) as { tokens: unknown }).tokens;
    if (!Array.isArray(tokens)) throw new Error("Malformed response from /tokenize endpoint.");
    return tokens as number[];
  };
  const decode = async (tokens: number[]): Promise<string> => {
    const response = await postJson(app, "/detokenize", { tokens });
    return ((await response.json()) as { prompt: string }).prompt;
  };

  it("passes check_remote_tokenizer_support", async () => {
    const info = await app.request("/tokenizer_info");
    expect(info.status).toBe(200);
    const body = (await info.json()) as Record<string, unknown>;
    expect(typeof body).toBe("object");
    expect(body).toHaveProperty("eos_token", "</s>");
    expect(body).toHaveProperty("bos_token", "<s>");
    expect(Array.isArray(await encode("test"))).toBe(true);
  });

  it("echoes the same prompt logprobs with max_tokens 0 as with max_tokens 1 (without the generated token)", async () => {
    const prompt = [await encode(docs[0]!.context)];
    const body = { model: model.id, prompt, temperature: 0, logprobs: 1, echo: true };
    const zero = (await (await postJson(app, "/v1/completions", { ...body, max_tokens: 0 })).json()) as {
      choices: CompletionChoice[];
    };
    const one = (await (await postJson(app, "/v1/completions", { ...body, max_tokens: 1 })).json()) as {
      choices: CompletionChoice[];
    };
    const echoed = zero.choices[0]!.logprobs.token_logprobs;
    expect(echoed).toHaveLength(prompt[0]!.length);
    expect(one.choices[0]!.logprobs.token_logprobs.slice(0, -1)).toEqual(echoed);
  });

  for (const tokenizedRequests of [true, false]) {
    for (const batchSize of [1, 4]) {
      it(`gives lm-eval's sums and greedy flags (tokenized_requests=${tokenizedRequests}, batch_size=${batchSize})`, async () => {
        // loglikelihood requests: (context, target_delimiter + choice) per choice, as multiple_choice tasks build them.
        const requests: {
          context: string;
          continuation: string;
          contextEnc: number[];
          continuationEnc: number[];
        }[] = [];
        for (const doc of docs) {
          for (const choice of doc.choices) {
            let context = doc.context;
            let continuation = ` ${choice}`;
            const spaces = context.length - context.trimEnd().length;
            if (spaces > 0) {
              continuation = context.slice(-spaces) + continuation;
              context = context.slice(0, -spaces);
            }
            const whole = await encode(context + continuation);
            const contextEnc = await encode(context);
            requests.push({
              context,
              continuation,
              contextEnc,
              continuationEnc: whole.slice(contextEnc.length),
            });
          }
        }
        const order = requests
          .map((_, index) => index)
          .sort((a, b) => {
            const x = [...requests[a]!.contextEnc, ...requests[a]!.continuationEnc];
            const y = [...requests[b]!.contextEnc, ...requests[b]!.continuationEnc];
            if (x.length !== y.length) return y.length - x.length;
            for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
            return 0;
          });
        const results = new Map<number, { sum: number; greedy: boolean }>();
        for (let start = 0; start < order.length; start += batchSize) {
          const chunk = order.slice(start, start + batchSize);
          const inputs = chunk.map((index) => [
            ...requests[index]!.contextEnc,
            ...requests[index]!.continuationEnc,
          ]);
          const ctxlens = chunk.map((index) => requests[index]!.contextEnc.length);
          let prompt: unknown = inputs;
          if (!tokenizedRequests) {
            const texts = await Promise.all(inputs.map(decode));
            prompt = batchSize <= 1 ? texts[0] : texts;
          }
          const response = await postJson(app, "/v1/completions", {
            model: model.id,
            prompt,
            temperature: 0,
            max_tokens: 1,
            logprobs: 1,
            seed: 1234,
            echo: true,
          });
          expect(response.status).toBe(200);
          const out = (await response.json()) as { choices: CompletionChoice[] };
          const choices = [...out.choices].sort((a, b) => a.index - b.index);
          choices.forEach((choice, position) => {
            const ctxlen = ctxlens[position]!;
            expect(ctxlen).toBeGreaterThan(0);
            const tokenLogprobs = choice.logprobs.token_logprobs.slice(ctxlen, -1) as number[];
            const top = choice.logprobs.top_logprobs.slice(ctxlen, -1) as Record<string, number>[];
            const sum = tokenLogprobs.reduce((total, value) => total + value, 0);
            const greedy = tokenLogprobs.every((value, i) => value === Math.max(...Object.values(top[i]!)));
            results.set(chunk[position]!, { sum, greedy });
          });
        }
        for (const [index, request] of requests.entries()) {
          const scored = await model.score({ text: request.context + request.continuation, topLogprobs: 1 });
          const tokens = scored.sequence.tokens.slice(request.contextEnc.length);
          expect(tokens.map((token) => token.id)).toEqual(request.continuationEnc);
          const sum = tokens.reduce((total, token) => total + (token.logprob as number), 0);
          const greedy = tokens.every((token) => token.top[0]?.id === token.id);
          expect(results.get(index)?.sum).toBeCloseTo(sum, 4);
          expect(results.get(index)?.greedy).toBe(greedy);
        }
        // The first choice of the first doc is the model's greedy text; the others are not all greedy.
        const flags = [...results.values()].map((result) => result.greedy);
        expect(flags).toContain(true);
        expect(flags).toContain(false);
      });
    }
  }
});
