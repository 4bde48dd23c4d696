/**
 * `--gpu auto` on a machine with a Vulkan driver and no GPU (Mesa's lavapipe installed, as with a
 * desktop's mesa-vulkan-drivers): node-llama-cpp picks its Vulkan binary, but ggml-vulkan lists
 * no GPU device (lavapipe is a CPU-type device, hidden unless GGML_VK_VISIBLE_DEVICES names it).
 * The native path must then compute on the CPU with the built kernels, say so (`gpuUnused`), and
 * never fall back to node-llama-cpp's evaluator (which scored 490 tokens of the Qwen-0.5B shape in
 * 114 s against 13 s). Oracle: the same command with `--gpu off`; the kernels are the same, so the
 * numbers are the same (allowed 1e-6 nats).
 */
import { describe, expect, it } from "vitest";
import { lavapipeEnv, requireLavapipe } from "../helpers/lavapipe.js";
import { runCli } from "../helpers/run-cli.js";
import { requireTestModel, testModelPath } from "../helpers/test-model.js";

const available = requireLavapipe();
/** The Vulkan driver is visible; no GGML_VK_VISIBLE_DEVICES, so ggml lists no GPU device. */
const driverOnly = lavapipeEnv("");

const TEXT = "Once upon a time, there was a little girl named Lily. She loved to play outside in the park.";

interface Scored {
  tokens: { logprob: number }[];
  summary: {
    evaluator: {
      name: string;
      device: string;
      cpuKernels?: string;
      gpuUnused?: string;
      fallbackReason?: string;
    };
  };
}

async function score(args: string[]): Promise<Scored> {
  const run = await runCli(["score", "-", "--json", "--model", testModelPath, ...args], {
    stdin: TEXT,
    env: driverOnly,
  });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Scored;
}

describe.skipIf(!available || !requireTestModel())("--gpu auto with a Vulkan driver and no GPU", () => {
  it("computes natively on the CPU, says why, and equals --gpu off", async () => {
    const auto = await score([]);
    const off = await score(["--gpu", "off"]);
    const evaluator = auto.summary.evaluator;
    expect(evaluator.fallbackReason).toBeUndefined();
    expect(evaluator).toMatchObject({
      name: "native",
      device: "cpu",
      cpuKernels: off.summary.evaluator.cpuKernels,
    });
    expect(evaluator.gpuUnused).toBe(
      "libggml-vulkan.so registered no GPU device, so the built CPU kernels compute",
    );
    expect(auto.tokens).toHaveLength(off.tokens.length);
    const gaps = auto.tokens.map((token, i) =>
      Math.abs(token.logprob - (off.tokens[i]?.logprob ?? Number.NaN)),
    );
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1e-6);
  }, 120_000);

  it("doctor says --gpu auto computes on the CPU", async () => {
    const run = await runCli(["doctor"], { env: driverOnly });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /--gpu auto uses: cpu \(node-llama-cpp loads its vulkan binary, but no vulkan GPU device is there/,
    );
    expect(run.stdout).toMatch(/gpu devices: none/);
  }, 120_000);
});
