/**
 * zod schemas for command-line flag values. Commander hands every flag value over as a string;
 * these schemas parse it and, when it is out of range, fail with a message that states the allowed
 * range ("must be a number from 0 to 2"). {@link parseFlags} turns those failures into
 * `InvalidInputError`s that name the flag.
 */
import { z } from "zod";

/** Allowed range of a numeric flag. Bounds are inclusive unless `exclusiveMin` is set. */
export interface NumberRange {
  min: number;
  max: number;
  /** When true, `min` itself is not allowed ("a number greater than 0 and at most 10"). */
  exclusiveMin?: boolean;
}

const decimalPattern = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Words for a range, e.g. "a number from 0 to 2", "an integer from 1 to 64". */
export function describeRange(range: NumberRange, integer: boolean): string {
  const noun = integer ? "an integer" : "a number";
  if (range.exclusiveMin) return `${noun} greater than ${range.min} and at most ${range.max}`;
  return `${noun} from ${range.min} to ${range.max}`;
}

function rangeSchema(range: NumberRange, integer: boolean) {
  const allowed = describeRange(range, integer);
  return z.union([z.string(), z.number()]).transform((raw, context): number => {
    const text = String(raw).trim();
    const value = typeof raw === "number" ? raw : decimalPattern.test(text) ? Number(text) : Number.NaN;
    const inRange =
      Number.isFinite(value) &&
      (integer ? Number.isInteger(value) : true) &&
      (range.exclusiveMin ? value > range.min : value >= range.min) &&
      value <= range.max;
    if (!inRange) {
      context.addIssue({ code: "custom", message: `must be ${allowed} (got "${text}")` });
      return z.NEVER;
    }
    return value;
  });
}

/** A decimal number within `range` (inclusive). */
export function numberFlag(range: NumberRange) {
  return rangeSchema(range, false);
}

/** An integer within `range` (inclusive). */
export function integerFlag(range: NumberRange) {
  return rangeSchema(range, true);
}

/** One of a fixed set of words. */
export function choiceFlag<const Choices extends readonly [string, ...string[]]>(choices: Choices) {
  const allowed = choices.map((choice) => `"${choice}"`).join(" or ");
  return z.string().transform((raw, context): Choices[number] => {
    const found = choices.find((choice) => choice === raw);
    if (found === undefined) {
      context.addIssue({ code: "custom", message: `must be ${allowed} (got "${raw}")` });
      return z.NEVER;
    }
    return found;
  });
}

/** A non-empty string (after trimming). */
export function textFlag() {
  return z.string().refine((value) => value.trim().length > 0, { message: "must not be empty" });
}

/** `--gpu-layers`: "auto", "max" or an integer from 0 to 100000. */
export function gpuLayersFlag() {
  const integer = integerFlag({ min: 0, max: 100_000 });
  return z.string().transform((raw, context): number | "auto" | "max" => {
    if (raw === "auto" || raw === "max") return raw;
    const parsed = integer.safeParse(raw);
    if (!parsed.success) {
      context.addIssue({
        code: "custom",
        message: `must be "auto", "max" or an integer from 0 to 100000 (got "${raw}")`,
      });
      return z.NEVER;
    }
    return parsed.data;
  });
}
