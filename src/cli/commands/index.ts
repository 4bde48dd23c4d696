/**
 * Every CLI command, one module each. A module exports a `register(program)` function that adds its
 * command; heavy imports happen inside the action.
 */
import type { Command } from "commander";
import { registerGenerate } from "./generate.js";

export type RegisterCommand = (program: Command) => void;

export const commandModules: RegisterCommand[] = [registerGenerate];
