/**
 * The model settings form: its text fields, their allowed ranges, and parsing into
 * {@link GenerateSettings} with one error message per bad field (naming the allowed range).
 */
import type { GenerateSettings } from "../api/client.js";

/** Raw text of each field, as the inputs hold it. */
export interface SettingsFields {
  maxTokens: string;
  temperature: string;
  topK: string;
  topP: string;
  minP: string;
  seed: string;
  topLogprobs: string;
  logprobsMode: "raw" | "processed";
}

/** Defaults: greedy, 32 tokens, 5 alternatives, raw distribution. */
export const DEFAULT_FIELDS: SettingsFields = {
  maxTokens: "32",
  temperature: "0",
  topK: "0",
  topP: "1",
  minP: "0",
  seed: "",
  topLogprobs: "5",
  logprobsMode: "raw",
};

/** One numeric field's rule. */
export interface FieldRule {
  label: string;
  min: number;
  max: number;
  integer: boolean;
  /** True when `min` itself is not allowed (top-p must be above 0). */
  minExclusive?: boolean;
  /** Help text naming what the edge values mean. */
  hint: string;
}

/** The rules of every numeric field. */
export const FIELD_RULES: Record<Exclude<keyof SettingsFields, "logprobsMode">, FieldRule> = {
  maxTokens: { label: "Max tokens", min: 1, max: 4096, integer: true, hint: "1–4096" },
  temperature: { label: "Temperature", min: 0, max: 2, integer: false, hint: "0 = greedy, up to 2" },
  topK: { label: "Top-k", min: 0, max: 100_000, integer: true, hint: "0 = off" },
  topP: { label: "Top-p", min: 0, max: 1, integer: false, minExclusive: true, hint: "above 0; 1 = off" },
  minP: { label: "Min-p", min: 0, max: 1, integer: false, hint: "0 = off" },
  seed: { label: "Seed", min: 0, max: 2 ** 32 - 1, integer: true, hint: "empty = random" },
  topLogprobs: { label: "Alternatives", min: 0, max: 20, integer: true, hint: "0–20 per token" },
};

/** Parsed settings, or the error of each bad field. */
export type ParsedSettings =
  | { ok: true; settings: GenerateSettings }
  | { ok: false; errors: Partial<Record<keyof SettingsFields, string>> };

/**
 * The field rules for a served model: the alternatives field is capped at the model's
 * `maxTopLogprobs` when that is below the default 20.
 */
export function fieldRules(maxTopLogprobs?: number): typeof FIELD_RULES {
  if (maxTopLogprobs === undefined || maxTopLogprobs >= FIELD_RULES.topLogprobs.max) return FIELD_RULES;
  const max = Math.max(0, Math.floor(maxTopLogprobs));
  return { ...FIELD_RULES, topLogprobs: { ...FIELD_RULES.topLogprobs, max, hint: `0–${max} per token` } };
}

/** Parses and range-checks the fields (seed may be empty) against `rules`. */
export function parseSettings(
  fields: SettingsFields,
  rules: typeof FIELD_RULES = FIELD_RULES,
): ParsedSettings {
  const errors: Partial<Record<keyof SettingsFields, string>> = {};
  const read = (name: keyof typeof FIELD_RULES): number | undefined => {
    const rule = rules[name];
    const text = fields[name].trim();
    if (text === "" && name === "seed") return undefined;
    const value = Number(text);
    const range = `${rule.integer ? "an integer" : "a number"} ${rule.minExclusive ? "above" : "from"} ${rule.min} ${
      rule.minExclusive ? "up " : ""
    }to ${rule.max}`;
    if (text === "" || !Number.isFinite(value) || (rule.integer && !Number.isInteger(value))) {
      errors[name] = `${rule.label} must be ${range}`;
      return undefined;
    }
    if (value < rule.min || (rule.minExclusive && value === rule.min) || value > rule.max) {
      errors[name] = `${rule.label} is ${value}; it must be ${range}`;
      return undefined;
    }
    return value;
  };
  const maxTokens = read("maxTokens");
  const temperature = read("temperature");
  const topK = read("topK");
  const topP = read("topP");
  const minP = read("minP");
  const seed = read("seed");
  const topLogprobs = read("topLogprobs");
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      maxTokens: maxTokens!,
      temperature: temperature!,
      topK: topK!,
      topP: topP!,
      minP: minP!,
      seed,
      topLogprobs: topLogprobs!,
      logprobsMode: fields.logprobsMode,
    },
  };
}
