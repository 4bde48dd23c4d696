import { describe, expect, it } from "vitest";
import { fnv1a32, inShard, parseShard } from "./batch-shard.js";

describe("fnv1a32", () => {
  // Oracle: the FNV test vectors published with the algorithm (isthe.com/chongo/tech/comp/fnv).
  it("matches the published FNV-1a 32-bit vectors", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });
});

describe("inShard", () => {
  it("puts every id in exactly one of n shards, in roughly equal parts", () => {
    const ids = Array.from({ length: 4000 }, (_, index) => `q${index}`);
    const counts = [0, 0, 0, 0];
    for (const id of ids) {
      const owners = [0, 1, 2, 3].filter((index) => inShard(id, { index, count: 4 }));
      expect(owners).toHaveLength(1);
      counts[owners[0] as number] = (counts[owners[0] as number] ?? 0) + 1;
    }
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });
});

describe("parseShard", () => {
  it("reads i/n", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    expect(parseShard(" 0 / 1 ")).toEqual({ index: 0, count: 1 });
  });
  it("names --shard and the allowed range on bad input", () => {
    const errorOf = (text: string) => {
      try {
        parseShard(text);
      } catch (error) {
        return error as { field: string; message: string; allowed: string };
      }
      throw new Error(`no error for ${text}`);
    };
    expect(errorOf("4/4")).toMatchObject({
      field: "--shard",
      message: expect.stringMatching(/out of range/),
    });
    expect(errorOf("1-4")).toMatchObject({ field: "--shard", message: expect.stringMatching(/not i\/n/) });
    expect(errorOf("0/0").allowed).toMatch(/i from 0 to n-1/);
  });
});
