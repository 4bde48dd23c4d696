/**
 * `logprobe doctor [--json] [--model FILE]`: what logprobe computes with on this machine (Node,
 * CPU and instruction sets, node-llama-cpp's binary variant and why, the native addon and its
 * CPU kernels, GPU devices, model cache) and, with `--model`, a short self-test that loads the
 * model, scores a sentence and names the evaluator that ran. For bug reports.
 */
import type { Command } from "commander";
import { z } from "zod";
import type { RuntimeReport, SelfTestResult } from "../../engine/index.js";
import { type CommandIo, processIo } from "../command-io.js";
import { addEngineFlags, engineLoadOptions, engineOptionsSchema } from "../model-options.js";
import { parseFlags } from "../parse-flags.js";

const doctorFlagsSchema = engineOptionsSchema.extend({ json: z.boolean().default(false) });

/** Validated options of the doctor command. */
export type DoctorCommandOptions = z.output<typeof doctorFlagsSchema>;

/** What doctor reports: the runtime and, with `--model`, the self-test. */
export interface DoctorReport extends RuntimeReport {
  selfTest?: SelfTestResult;
}

function kernelsLines(report: DoctorReport): string[] {
  const kernels = report.cpuKernels;
  const lines =
    kernels.kind === "openmp"
      ? [`OpenMP, built at install for this CPU (${(kernels.instructionSets ?? []).join(", ")})`]
      : [`node-llama-cpp's prebuilt kernels (slower): ${kernels.reason ?? "no reason recorded"}`];
  const proof = kernels.proof;
  if (proof?.passed) {
    const where =
      kernels.provenBy === "here" ? "proven again on this CPU" : `proven at install (${proof.cpu.modelName})`;
    const gaps = (proof.types ?? []).map((t) => `${t.type}${t.gapNats != null ? ` ${t.gapNats}` : ""}`);
    lines.push(`${where}, within ${proof.tolerance} nats of the prebuilt kernels: ${gaps.join(", ")}`);
  } else if (proof) {
    lines.push(`proof at install failed: ${proof.failure ?? "no reason recorded"}`);
  }
  for (const step of kernels.dropped ?? []) {
    const sets = step.options.map((option) => option.replace(/^GGML_/, "")).join(", ");
    lines.push(`dropped ${step.name} (${sets}): ${step.reason}`);
  }
  for (const feature of kernels.features ?? []) {
    if (!feature.enabled && feature.reason?.startsWith("listed"))
      lines.push(`left off ${feature.option.replace(/^GGML_/, "")}: ${feature.reason}`);
  }
  if (kernels.log) lines.push(`install log: ${kernels.log}`);
  return lines;
}

/** The text form: one labelled line per fact, continuation lines indented. */
export function renderDoctorReport(report: DoctorReport): string {
  const rows: [string, string[]][] = [
    ["node", [`${report.node} (${report.platform} ${report.arch})`]],
    [
      "cpu",
      [
        `${report.cpu.model}, ${report.cpu.logicalCores} logical cores`,
        `features: ${report.cpu.features.join(" ") || "none listed"}`,
      ],
    ],
    [
      "node-llama-cpp",
      [
        `${report.nodeLlamaCpp.version}; binaries installed: ${report.nodeLlamaCpp.installedVariants.join(", ") || "none"}`,
        `--gpu auto uses: ${report.nodeLlamaCpp.autoChoice} (${report.nodeLlamaCpp.why})`,
        `gpu devices: ${report.nodeLlamaCpp.gpuDevices.join(", ") || "none"}`,
        ...(report.nodeLlamaCpp.error ? [`error: ${report.nodeLlamaCpp.error}`] : []),
      ],
    ],
    ["addon", [report.addon.available ? `loaded: ${report.addon.path}` : `not used: ${report.addon.reason}`]],
    ["cpu kernels", kernelsLines(report)],
    ["model cache", [report.modelCache]],
  ];
  const test = report.selfTest;
  if (test) {
    const evaluator = test.evaluator;
    const kernels = evaluator.cpuKernels ? `, ${evaluator.cpuKernels} CPU kernels` : "";
    rows.push([
      "self-test",
      [
        `${test.model}: ${evaluator.name} evaluator on ${evaluator.device}${kernels}`,
        `scored ${test.tokens} tokens at ${test.tokensPerSecond.toFixed(0)} tokens/s (perplexity ${test.perplexity.toFixed(3)}; load ${test.loadSeconds.toFixed(2)} s)`,
        ...(evaluator.fallbackReason ? [`native path not used: ${evaluator.fallbackReason}`] : []),
        ...(evaluator.gpuUnused ? [`no GPU: ${evaluator.gpuUnused}`] : []),
      ],
    ]);
  }
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows
    .flatMap(([label, lines]) => lines.map((line, i) => `${(i === 0 ? label : "").padEnd(width)}${line}`))
    .join("\n");
}

/** Collects the report (and runs the self-test with `--model`) and prints it. */
export async function runDoctor(options: DoctorCommandOptions, io: CommandIo = processIo()): Promise<void> {
  const { collectRuntimeReport, runSelfTest } = await import("../../engine/index.js");
  const report: DoctorReport = await collectRuntimeReport();
  if (options.model !== undefined) {
    report.selfTest = await runSelfTest(engineLoadOptions(options));
  }
  io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderDoctorReport(report)}\n`);
}

/** Registers `doctor`. */
export function registerDoctor(program: Command): void {
  const command = program
    .command("doctor")
    .description("show what logprobe computes with here (CPU kernels, GPU, addon); --model runs a self-test")
    .option("--json", "one JSON object")
    .option(
      "-m, --model <file>",
      "also load this model, score a sentence and report the evaluator and tokens/s",
    );
  addEngineFlags(command, "self-test: ").action(async (raw: unknown) =>
    runDoctor(parseFlags(doctorFlagsSchema, raw)),
  );
}
