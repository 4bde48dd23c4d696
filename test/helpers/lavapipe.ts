/**
 * Mesa's lavapipe Vulkan driver, unpacked by scripts/install-lavapipe.sh into a private folder
 * ($LOGPROBE_LAVAPIPE, else $XDG_CACHE_HOME/logprobe/lavapipe), for the tests of the GPU paths.
 * In CI it must be there (.ci/run unpacks it): requireLavapipe() throws there when it is not.
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const folder =
  process.env.LOGPROBE_LAVAPIPE ??
  join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "logprobe", "lavapipe");
const icd = join(folder, "usr", "share", "vulkan", "icd.d", "lvp_icd.x86_64.json");

/** True when lavapipe is unpacked; in CI, throws when it is not. */
export function requireLavapipe(): boolean {
  const available = existsSync(icd);
  if (process.env.CI === "true" && !available) {
    throw new Error(`CI: lavapipe is not unpacked at ${folder} (scripts/install-lavapipe.sh)`);
  }
  return available;
}

/**
 * The environment that makes lavapipe's driver visible to a child process; `visibleDevices` is
 * GGML_VK_VISIBLE_DEVICES ("0": ggml lists lavapipe as its GPU; "": ggml lists no GPU device).
 */
export function lavapipeEnv(visibleDevices: string): Record<string, string> {
  return {
    LD_LIBRARY_PATH: join(folder, "usr", "lib", "x86_64-linux-gnu"),
    VK_DRIVER_FILES: icd,
    GGML_VK_VISIBLE_DEVICES: visibleDevices,
  };
}
