/**
 * Checks that imports point one way only, down the layer list in DEVELOPERS.md:
 * core -> wire -> engine -> providers -> server -> cli. A layer may import itself and the layers
 * above it. Also: core imports no `node:*` module and no package (it runs in a browser); the
 * server never imports engine or providers; web/ imports only src/core. And no two modules of
 * src/ import each other, directly or around a loop (static imports, types included: a loop makes
 * the load order decide what is initialised; lazy `import()` calls are left out).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const layers = ["core", "wire", "engine", "providers", "server", "cli"] as const;
type Layer = (typeof layers)[number];

function listSources(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    if (entry === "node_modules" || entry === "dist" || entry === "__fixtures__") continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) files.push(...listSources(path));
    else if (/\.(ts|tsx|mts)$/.test(entry) && !entry.endsWith(".d.ts")) files.push(path);
  }
  return files;
}

/** Module specifiers of static imports, re-exports and dynamic imports. */
function importSpecifiers(source: string): string[] {
  const specifiers: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?[^'"]*?\sfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bexport\s+(?:type\s+)?(?:\*|\{[^}]*\})\s*(?:as\s+\w+\s+)?from\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) if (match[1]) specifiers.push(match[1]);
  }
  return specifiers;
}

function layerOf(path: string): Layer | undefined {
  const rel = relative(join(root, "src"), path).split(/[\\/]/);
  const first = rel[0];
  return layers.find((layer) => layer === first);
}

function isTestHelper(path: string): boolean {
  const rel = relative(join(root, "test"), path);
  return !rel.startsWith("..") && !rel.startsWith("/");
}

function violations(): string[] {
  const problems: string[] = [];
  for (const file of listSources(join(root, "src"))) {
    const from = layerOf(file);
    if (!from) continue;
    const text = readFileSync(file, "utf8");
    // Unit tests sit next to their source but are not shipped: they may use the test runner and
    // the shared helpers under test/; the layer direction still holds for them.
    const isTest = /\.test\.tsx?$/.test(file);
    for (const specifier of importSpecifiers(text)) {
      const where = `${relative(root, file)} imports "${specifier}"`;
      if (isTest && (specifier === "vitest" || isTestHelper(resolve(dirname(file), specifier)))) continue;
      if (specifier.startsWith(".")) {
        const target = layerOf(resolve(dirname(file), specifier));
        if (!target) {
          problems.push(`${where}: outside src/`);
          continue;
        }
        if (layers.indexOf(target) > layers.indexOf(from)) {
          problems.push(`${where}: ${from} may not import ${target} (imports point down the layer list)`);
        }
        if (from === "server" && (target === "engine" || target === "providers")) {
          problems.push(`${where}: the server gets a model interface and never imports ${target}`);
        }
      } else if (from === "core") {
        problems.push(`${where}: core is pure TypeScript and imports no package or node:* module`);
      }
    }
  }
  for (const file of listSources(join(root, "web", "src"))) {
    const text = readFileSync(file, "utf8");
    for (const specifier of importSpecifiers(text)) {
      if (!specifier.startsWith(".")) continue;
      const target = resolve(dirname(file), specifier);
      const relToRoot = relative(root, target);
      if (relToRoot.startsWith("src") && !relToRoot.startsWith(join("src", "core"))) {
        problems.push(`${relative(root, file)} imports "${specifier}": web imports only src/core`);
      }
      if (specifier.includes("node:")) problems.push(`${relative(root, file)} imports a node module`);
    }
  }
  return problems;
}

/** Static relative imports between src/ files (not tests), resolved to .ts paths. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const files = listSources(join(root, "src")).filter((file) => !/\.test\.tsx?$/.test(file));
  const known = new Set(files);
  const staticPatterns = [
    /\bimport\s+(?:type\s+)?[^'"]*?\sfrom\s*["']([^"']+)["']/g,
    /\bexport\s+(?:type\s+)?(?:\*|\{[^}]*\})\s*(?:as\s+\w+\s+)?from\s*["']([^"']+)["']/g,
  ];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const targets: string[] = [];
    for (const pattern of staticPatterns) {
      for (const match of text.matchAll(pattern)) {
        const specifier = match[1];
        if (!specifier?.startsWith(".")) continue;
        const target = resolve(dirname(file), specifier).replace(/\.js$/, ".ts");
        if (known.has(target)) targets.push(target);
      }
    }
    graph.set(file, targets);
  }
  return graph;
}

/** One loop of the import graph per strongly connected component (Tarjan's algorithm). */
function importCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(relative(root, member));
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

describe("architecture", () => {
  it("finds import loops (self-check)", () => {
    const graph = new Map([
      ["/a.ts", ["/b.ts"]],
      ["/b.ts", ["/c.ts"]],
      ["/c.ts", ["/a.ts"]],
      ["/d.ts", ["/a.ts"]],
    ]);
    expect(importCycles(graph).map((cycle) => cycle.length)).toEqual([3]);
  });

  it("has no import loop in src/", () => {
    expect(importCycles(importGraph())).toEqual([]);
  });

  it("finds imports of every kind (self-check of the scanner)", () => {
    const sample = [
      'import { a } from "./a.js";',
      'import type { B } from "../engine/b.js";',
      'export * from "./c.js";',
      'export { d } from "./d.js";',
      'const e = await import("../engine/e.js");',
      'import "./side-effect.js";',
    ].join("\n");
    expect(importSpecifiers(sample).sort()).toEqual(
      ["../engine/b.js", "../engine/e.js", "./a.js", "./c.js", "./d.js", "./side-effect.js"].sort(),
    );
  });

  it("imports point one way only, down the layer list", () => {
    expect(violations()).toEqual([]);
  });
});
