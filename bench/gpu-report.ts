/**
 * The GPU section of BENCHMARKS.md, from bench/results/gpu-*.json: each file is either one
 * H200 run of bench/gpu/h200-check.sh (its `results`) or a recorded attempt that got no GPU
 * machine (`outcome`), so the report says which rather than leave the section out.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

// biome-ignore lint/suspicious/noExplicitAny: results files are free-form JSON.
type Any = any;

const f = (x: number | undefined, digits = 0) =>
  x === undefined || !Number.isFinite(x) ? "-" : x.toFixed(digits);

/** The section's lines. */
export function renderGpuSection(root: string): string[] {
  const dir = join(root, "bench", "results");
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => /^gpu-.*\.json$/.test(name))
        .sort()
    : [];
  const records = files.map((name) => ({
    name,
    data: JSON.parse(readFileSync(join(dir, name), "utf8")) as Any,
  }));
  const out = ["## 6. GPU (CUDA on an NVIDIA H200; Vulkan in CI)", ""];
  const runs = records.filter((r) => r.data.results !== undefined);
  for (const run of runs) {
    const r = run.data.results;
    out.push(
      `Run ${run.data.date} on ${r.device} (\`${run.name}\`): synthetic Qwen2.5-0.5B shape, evaluated tokens/s.`,
      "",
      "| model | llama-perplexity CUDA -b 512 | logprobe 1 x 512 | ratio | llama-perplexity -b 8192 | logprobe 16 x 512 | HF transformers 16 x 512 | ratio to HF |",
      "|---|---|---|---|---|---|---|---|",
    );
    for (const row of r.rows ?? []) {
      out.push(
        `| ${row.model} | ${f(row.peer512)} | ${f(row.ours1)} | ${f(row.ours1 / row.peer512, 2)}x | ${f(row.peer8192)} | ${f(row.ours16)} | ${f(r.hf16)} | ${f(row.ours16 / r.hf16, 2)}x |`,
      );
    }
    out.push("");
  }
  if (runs.length === 0) {
    const attempts = records.filter((r) => r.data.outcome !== undefined);
    out.push(
      "**Not measured yet: no GPU machine has been available.** The check is prepared as one script: " +
        "`bash bench/gpu/pack-for-device.sh` packs Node, the installed project and llama.cpp's source into `.gpu/`; " +
        "on the GPU machine `bash bench/gpu/h200-check.sh` builds llama.cpp's CUDA backend and llama-perplexity from " +
        "node-llama-cpp's bundled source, writes the synthetic model (F16, and Q4_K_M with llama.cpp's quantizer), and " +
        "measures llama-perplexity CUDA, logprobe's native path on that CUDA backend (`LOGPROBE_GPU_BACKEND`, every " +
        "layer offloaded; 1 x 512 and 16 x 512 in one decode) and HF transformers bf16 (bench/gpu/hf-peer.py) in one run.",
      "",
    );
    if (attempts.length > 0) {
      out.push("| attempt | outcome |", "|---|---|");
      for (const attempt of attempts) out.push(`| ${attempt.data.date} | ${attempt.data.outcome} |`);
      out.push("");
    }
  }
  out.push(
    "Without a GPU, CI checks the GPU code path on Mesa's lavapipe (a Vulkan device on the CPU; " +
      "test/engine/vulkan-agreement.test.ts): the native path offloads every layer to node-llama-cpp's " +
      "libggml-vulkan.so and agrees with the CPU within 5e-2 nats (measured at most 1.3e-2 over chosen tokens and " +
      "top-5 alternatives), with the same greedy text.",
    "",
  );
  return out;
}
