/** Types of run-logged.mjs (for tests). */
export declare function logTail(logFile: string, count?: number): string;
export declare function runLogged(
  command: string,
  args: string[],
  options: { logFile: string; cwd?: string; env?: NodeJS.ProcessEnv; verbose?: boolean },
): void;
