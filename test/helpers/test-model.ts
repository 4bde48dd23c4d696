/**
 * Locates the shared test model (stories260K.gguf, see ../shared/models/README.md) or the one named
 * by LOGPROBE_TEST_MODEL. In CI (CI=true) a missing model is a failure, not a skip.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Absolute path of the test model file. */
export const testModelPath: string =
  process.env.LOGPROBE_TEST_MODEL ?? resolve(projectRoot, "..", "shared", "models", "stories260K.gguf");

/** True when the test model file exists. */
export const testModelAvailable: boolean = existsSync(testModelPath);

/**
 * Use as `describe.skipIf(!requireTestModel())(...)`: returns true when the model is present;
 * when it is missing, returns false outside CI and throws in CI.
 */
export function requireTestModel(): boolean {
  if (testModelAvailable) return true;
  if (process.env.CI === "true") {
    throw new Error(
      `test model not found at ${testModelPath}: CI needs it (set LOGPROBE_TEST_MODEL or provide ../shared/models/stories260K.gguf)`,
    );
  }
  return false;
}
