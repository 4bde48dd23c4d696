/**
 * The native path on a GPU backend, without a GPU: Mesa's lavapipe Vulkan driver (a Vulkan device
 * that computes on the CPU, unpacked by scripts/install-lavapipe.sh into a private folder) lets
 * node-llama-cpp pick its Vulkan binary, and the addon loads node-llama-cpp's
 * libggml-vulkan.so and offloads every layer to it. Oracle: the same CLI with `--gpu off` (the
 * CPU kernels) on the shared test model. Tolerance: ggml's Vulkan shaders round matrix inputs to
 * F16 in places and accumulate in another order; measured on the AVX-512 EPYC: at most 1.3e-2
 * nats over chosen tokens and top-5 alternatives (the largest on unlikely alternatives), allowed
 * 5e-2. Greedy text must be the same. In CI lavapipe must be there (.ci/run unpacks it).
 */
import { describe, expect, it } from "vitest";
import { lavapipeEnv, requireLavapipe } from "../helpers/lavapipe.js";
import { runCli } from "../helpers/run-cli.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

const TOLERANCE = 5e-2;
const available = requireLavapipe();
const vulkanEnv = lavapipeEnv("0");

const TEXT = "Once upon a time, there was a little girl named Lily. She loved to play outside in the park.";

interface Line {
  type: string;
  logprob?: number;
  top?: { logprob: number }[];
  evaluator?: { name: string; device: string; gpuLayers?: number; gpuDevices?: string[] };
}

async function score(args: string[], env: Record<string, string>): Promise<Line[]> {
  const run = await runCli(["score", "-", "--jsonl", "--top", "5", "--model", testModelPath, ...args], {
    stdin: TEXT,
    env,
  });
  expect(run.code, run.stderr).toBe(0);
  return run.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Line);
}

describe.skipIf(!available || !requireTestModel())("the native path on Vulkan (lavapipe)", () => {
  it("scores like the CPU, every layer offloaded, and says so", async () => {
    const gpu = await score(["--gpu", "auto", "--gpu-layers", "max"], vulkanEnv);
    const cpu = await score(["--gpu", "off"], {});
    const summary = gpu.find((line) => line.type === "summary")!;
    expect(summary.evaluator).toMatchObject({ name: "native", device: "vulkan", gpuLayers: -1 });
    expect(summary.evaluator?.gpuDevices?.[0]).toMatch(/llvmpipe/);
    expect(cpu.find((line) => line.type === "summary")!.evaluator).toMatchObject({
      name: "native",
      device: "cpu",
    });
    const gpuTokens = gpu.filter((line) => line.type === "token" && line.logprob !== undefined);
    const cpuTokens = cpu.filter((line) => line.type === "token" && line.logprob !== undefined);
    expect(gpuTokens.length).toBeGreaterThan(15);
    expect(gpuTokens.length).toBe(cpuTokens.length);
    for (const [i, token] of gpuTokens.entries()) {
      expect(Math.abs(token.logprob! - cpuTokens[i]!.logprob!)).toBeLessThan(TOLERANCE);
      for (const [j, alternative] of (token.top ?? []).entries())
        expect(Math.abs(alternative.logprob - cpuTokens[i]!.top![j]!.logprob)).toBeLessThan(TOLERANCE);
    }
  });

  it("generates the same greedy text as the CPU", async () => {
    const args = ["Once upon a time", "--json", "--max-tokens", "24", "--model", testModelPath];
    const gpu = await runCli([...args, "--gpu", "auto"], { env: vulkanEnv });
    const cpu = await runCli([...args, "--gpu", "off"]);
    expect(gpu.code, gpu.stderr).toBe(0);
    const gpuJson = JSON.parse(gpu.stdout) as { text: string; evaluator: { device: string } };
    expect(gpuJson.evaluator.device).toBe("vulkan");
    expect(gpuJson.text).toBe((JSON.parse(cpu.stdout) as { text: string }).text);
  });
});
