/**
 * The text a command works on, from where users of `llm`, `ollama` and `llama-cli` put it: the
 * argument, `-` for stdin, `-f/--file PATH`, or piped stdin. Piped stdin and a prompt argument are
 * joined (stdin first, then the argument on a new line), as `llm` does; so are a file and an
 * argument.
 */
import { fstatSync } from "node:fs";
import { InvalidInputError } from "../core/errors.js";
import { readTextInput, type StdinSource } from "./read-text-input.js";

/** Where the prompt may come from. */
export interface PromptSources {
  /** The positional argument; "-" reads stdin. */
  argument?: string | undefined;
  /** `--file PATH` ("-" reads stdin). */
  file?: string | undefined;
  /** The stdin stream (default `process.stdin`). */
  stdin?: StdinSource;
  /** Whether stdin is piped (default: {@link stdinIsPiped}). */
  stdinPiped?: boolean;
}

/**
 * True when stdin is piped or redirected: a pipe, a file or a socket (Node's child processes get
 * socket pairs), not a terminal and not closed or /dev/null-like character devices. As with `llm`,
 * a prompt argument then waits for the writer to close stdin.
 */
export function stdinIsPiped(): boolean {
  if (process.stdin.isTTY) return false;
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isFile() || stat.isSocket();
  } catch {
    return false;
  }
}

async function readStdin(stdin: StdinSource, name: string, required: boolean): Promise<string> {
  try {
    return (await readTextInput("-", name, stdin)).replace(/\r?\n$/, "");
  } catch (error) {
    // Piped but empty stdin adds nothing when the prompt comes from elsewhere.
    if (!required && error instanceof InvalidInputError && /is empty/.test(error.message)) return "";
    throw error;
  }
}

/**
 * Resolves the prompt. Order of the joined parts: stdin, then the file, then the argument.
 *
 * @param name how the prompt is named in errors (e.g. "PROMPT", "TEXT")
 * @throws {InvalidInputError} naming `name` or `--file` when nothing gives a prompt, a file cannot
 *   be read, or the text is not UTF-8
 */
export async function resolvePrompt(sources: PromptSources, name = "PROMPT"): Promise<string> {
  const stdin = sources.stdin ?? (process.stdin as StdinSource);
  const parts: string[] = [];
  const argumentIsStdin = sources.argument === "-";
  const fileIsStdin = sources.file === "-";
  if (argumentIsStdin && fileIsStdin) {
    throw new InvalidInputError(
      "--file",
      "stdin can be read only once: give - either as the prompt or to --file",
    );
  }
  if (argumentIsStdin || fileIsStdin) {
    parts.push(await readStdin(stdin, argumentIsStdin ? name : "--file", true));
  } else if (sources.stdinPiped ?? stdinIsPiped()) {
    const piped = await readStdin(stdin, name, sources.argument === undefined && sources.file === undefined);
    if (piped !== "") parts.push(piped);
  }
  if (sources.file !== undefined && !fileIsStdin) {
    parts.push((await readTextInput(sources.file, "--file")).replace(/\r?\n$/, ""));
  }
  if (sources.argument !== undefined && !argumentIsStdin) parts.push(sources.argument);
  if (parts.length === 0) {
    throw new InvalidInputError(
      name,
      "no prompt given",
      `an argument, - or -f FILE for a file, or text piped on stdin`,
    );
  }
  return parts.join("\n");
}
