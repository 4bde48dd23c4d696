/**
 * Turns a request's prompt (raw text) or chat messages (the model's own chat template, from the
 * GGUF file) into the token ids to evaluate.
 */
import {
  type ChatHistoryItem,
  type LlamaModel,
  resolveChatWrapper,
  SpecialToken,
  SpecialTokensText,
  type Token,
} from "node-llama-cpp";
import type { ChatMessage, ModelWarning } from "../core/model.js";
import type { TextTokenizer } from "./tokenizer-thread.js";

/** Prompt tokens and what was added to them. */
export interface PromptTokens {
  tokens: number[];
  /** True when `tokens[0]` is the BOS token the model (or its template) adds before the text. */
  startsWithBos: boolean;
  warnings: ModelWarning[];
}

/**
 * Tokenizes a raw text prompt, with the BOS token first when the model asks for it
 * (`tokenizer.ggml.add_bos_token`). Special-token text in the prompt is treated as plain text.
 * Cost: O(text length), off the main thread for long texts (tokenizer-thread.ts).
 */
export async function tokenizePrompt(
  model: LlamaModel,
  tokenizer: TextTokenizer,
  prompt: string,
): Promise<PromptTokens> {
  const text = await tokenizer.tokenize(prompt, false);
  const bos = model.tokens.bos;
  if (model.tokens.shouldPrependBosToken && bos !== null) {
    return { tokens: [bos, ...text], startsWithBos: true, warnings: [] };
  }
  return { tokens: text, startsWithBos: false, warnings: [] };
}

/**
 * Formats chat messages with the model's chat template (node-llama-cpp's `resolveChatWrapper`:
 * the GGUF's Jinja template, or the equivalent built-in wrapper) and tokenizes the result,
 * ending where the assistant's reply begins. As in llama.cpp, special-token text inside messages
 * is parsed as special tokens. A model without a template gets node-llama-cpp's
 * general wrapper and a warning.
 */
export async function tokenizeChat(
  model: LlamaModel,
  tokenizer: TextTokenizer,
  messages: readonly ChatMessage[],
): Promise<PromptTokens> {
  const warnings: ModelWarning[] = [];
  if (!model.fileInfo.metadata?.tokenizer?.chat_template) {
    warnings.push({
      code: "no-chat-template",
      field: "messages",
      message: "the model file has no chat template; messages were formatted with a generic template",
    });
  }
  const wrapper = resolveChatWrapper(model, { warningLogs: false });
  const history: ChatHistoryItem[] = messages.map((message) =>
    message.role === "assistant"
      ? { type: "model", response: [message.content] }
      : { type: message.role, text: message.content },
  );
  if (history.at(-1)?.type !== "model") history.push({ type: "model", response: [] });
  const { contextText } = wrapper.generateContextState({ chatHistory: history });
  // Tokenize the rendered prompt as one string with special tokens parsed, as llama.cpp's server
  // and Hugging Face's apply_chat_template do (node-llama-cpp's per-segment tokenization would add
  // a SentencePiece space before each segment). Built-in tokens (BOS) are inserted by id.
  const tokens: number[] = [];
  let pending = "";
  const flush = async () => {
    // Like llama.cpp, a SentencePiece vocabulary adds its space prefix at the start and after a
    // special token.
    if (pending !== "") for (const id of await tokenizer.tokenize(pending, true)) tokens.push(id);
    pending = "";
  };

  for (const value of contextText.values) {
    if (typeof value === "string") pending += value;
    else if (value instanceof SpecialTokensText) pending += value.value;
    else if (value instanceof SpecialToken) {
      await flush();
      tokens.push(...(model.tokenize(value.value, "builtin") as number[]));
    }
  }
  await flush();
  const bos = model.tokens.bos;
  return { tokens, startsWithBos: bos !== null && tokens[0] === (bos as Token), warnings };
}
