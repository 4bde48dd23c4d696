/** Test helper: reads a recorded vendor response from this folder. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Absolute path of a fixture file. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`./${name}`, import.meta.url));
}

/** The fixture's text, exactly as stored. */
export function fixtureText(name: string): string {
  return readFileSync(fixturePath(name), "utf8");
}

/** The fixture parsed as JSON. */
export function loadFixture(name: string): unknown {
  return JSON.parse(fixtureText(name));
}
