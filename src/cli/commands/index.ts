/**
 * Every CLI command, one module each. A module exports a `register(program)` function that adds its
 * command; heavy imports happen inside the action.
 */
import type { Command } from "commander";
import { registerAnalyzeCommand } from "./analyze.js";
import { registerBatchCommand } from "./batch.js";
import { registerBatchMergeCommand } from "./batch-merge.js";
import { registerBeam } from "./beam.js";
import { registerCalibrate } from "./calibrate.js";
import { registerChoose } from "./choose.js";
import { registerClassify } from "./classify.js";
import { registerCompare } from "./compare.js";
import { registerCompletion } from "./completion.js";
import { registerDetect } from "./detect.js";
import { registerDoctor } from "./doctor.js";
import { registerGenerate } from "./generate.js";
import { registerModels } from "./models.js";
import { registerScore } from "./score.js";
import { registerServe } from "./serve.js";
import { registerVague } from "./vague.js";

export type RegisterCommand = (program: Command) => void;

export const commandModules: RegisterCommand[] = [
  registerGenerate,
  registerScore,
  registerBeam,
  registerAnalyzeCommand,
  registerServe,
  registerBatchCommand,
  registerBatchMergeCommand,
  registerClassify,
  registerCalibrate,
  registerChoose,
  registerVague,
  registerDoctor,
  registerCompare,
  registerDetect,
  registerModels,
  registerCompletion,
];
