/**
 * Comments about where code runs must say what is true now. Two claims went stale before (issue 24)
 * and are checked against the code itself, not against a list of files:
 * - "CPU-only": wrong anywhere in the engine or the addon once the native path offloads layers to
 *   a GPU (the addon reads a `gpuLayers` option into llama.cpp's `n_gpu_layers` and exports
 *   `loadBackend`);
 * - "the default evaluator": a file header may say so only in the file that defines the evaluator
 *   `loadModel` uses when none is given (`parsed.evaluator ?? <factory>` in load-model.ts).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function listFiles(dir: string, pattern: RegExp): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) files.push(...listFiles(path, pattern));
    else if (pattern.test(entry)) files.push(path);
  }
  return files;
}

interface SourceFile {
  /** Path relative to the repository root. */
  path: string;
  text: string;
}

/** The comment text of a C-like source: `//` lines and `/* ... *\/` blocks, with their line numbers. */
function commentLines(text: string): { line: number; text: string }[] {
  const lines: { line: number; text: string }[] = [];
  let inBlock = false;
  text.split("\n").forEach((raw, index) => {
    let rest = raw;
    let comment = "";
    while (rest.length > 0) {
      if (inBlock) {
        const end = rest.indexOf("*/");
        comment += ` ${end < 0 ? rest : rest.slice(0, end)}`;
        if (end < 0) break;
        inBlock = false;
        rest = rest.slice(end + 2);
        continue;
      }
      const block = rest.indexOf("/*");
      // A `//` right after ":" is a URL's, not a comment.
      const line = rest.search(/(?<!:)\/\//);
      if (line >= 0 && (block < 0 || line < block)) {
        comment += ` ${rest.slice(line + 2)}`;
        break;
      }
      if (block < 0) break;
      inBlock = true;
      rest = rest.slice(block + 2);
    }
    if (comment.trim() !== "") lines.push({ line: index + 1, text: comment.trim() });
  });
  return lines;
}

/** The leading comment of a file (its header), as one string. */
function headerComment(text: string): string {
  const match = /^(?:#![^\n]*\n)?\s*((?:\/\*[\s\S]*?\*\/|(?:\/\/[^\n]*\n\s*)+))/.exec(text);
  return match?.[1] ?? "";
}

/** "file:line" of every comment calling code CPU-only, when `offloads` says the code uses GPUs. */
function cpuOnlyClaims(files: readonly SourceFile[], offloads: boolean): string[] {
  if (!offloads) return [];
  return files.flatMap((file) =>
    commentLines(file.text)
      .filter((comment) => /\bCPU-only\b/i.test(comment.text))
      .map((comment) => `${file.path}:${comment.line}: "${comment.text}"`),
  );
}

/** Files whose header says they are the default evaluator, other than `defaultFile`. */
function defaultEvaluatorClaims(files: readonly SourceFile[], defaultFile: string): string[] {
  return files
    .filter((file) => file.path !== defaultFile)
    .filter((file) =>
      /\bthe default (?:\{@link )?evaluator\b/i.test(headerComment(file.text).replace(/\s+\*?\s*/g, " ")),
    )
    .map((file) => file.path);
}

function read(paths: string[]): SourceFile[] {
  return paths.map((path) => ({ path: relative(root, path), text: readFileSync(path, "utf8") }));
}

describe("comments about where code runs", () => {
  const engine = read(listFiles(join(root, "src/engine"), /\.ts$/));
  const addon = read(listFiles(join(root, "native/src"), /\.(cc|h)$/));
  const addonText = addon.map((file) => file.text).join("\n");

  it('no comment calls the engine or the addon "CPU-only" while the native path offloads to GPUs', () => {
    const offloads =
      /n_gpu_layers\s*=/.test(addonText) &&
      /"gpuLayers"/.test(addonText) &&
      /exports\.Set\("loadBackend"/.test(addonText);
    expect(offloads).toBe(true);
    expect(cpuOnlyClaims([...engine, ...addon], offloads)).toEqual([]);
  });

  it('only the file of loadModel\'s default evaluator calls itself "the default evaluator"', () => {
    const loadModel = readFileSync(join(root, "src/engine/load-model.ts"), "utf8");
    const factory = /parsed\.evaluator \?\? (\w+)\)/.exec(loadModel)?.[1];
    expect(factory).toBeDefined();
    const defining = engine.filter((file) =>
      new RegExp(`export (?:const|function|async function) ${factory}\\b`).test(file.text),
    );
    expect(defining.map((file) => file.path)).toHaveLength(1);
    expect(defaultEvaluatorClaims([...engine, ...addon], defining[0]?.path ?? "")).toEqual([]);
  });

  it("finds the stale comments it is meant to catch (checked on the old texts)", () => {
    const stale = [
      {
        path: "src/engine/llama-evaluator.ts",
        text: "/**\n * The default {@link Evaluator}: node-llama-cpp's `controlledEvaluate`.\n */\nexport {};\n",
      },
      {
        path: "src/engine/native/native-evaluator.ts",
        text: "/** Falls back when node-llama-cpp runs on a GPU (the addon is\n * CPU-only). */\nconst x = 1; // CPU-only too\n",
      },
    ];
    expect(defaultEvaluatorClaims(stale, "src/engine/native/native-evaluator.ts")).toEqual([
      "src/engine/llama-evaluator.ts",
    ]);
    expect(cpuOnlyClaims(stale, true)).toEqual([
      'src/engine/native/native-evaluator.ts:2: "* CPU-only)."',
      'src/engine/native/native-evaluator.ts:3: "CPU-only too"',
    ]);
    expect(cpuOnlyClaims(stale, false)).toEqual([]);
    expect(commentLines('const url = "http://x"; // note')).toEqual([{ line: 1, text: "note" }]);
  });
});
