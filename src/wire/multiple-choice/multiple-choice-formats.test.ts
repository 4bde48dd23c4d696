import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../core/errors.js";
import { parseChoiceJsonLine } from "./choice-json-line.js";
import { hellaswagItem } from "./hellaswag-format.js";
import { multipleChoiceItem, multipleChoiceTaskCount } from "./multiple-choice-binary.js";
import { winograndeItem } from "./winogrande-format.js";

function binary(tasks: { question: string; answers: string[]; labels: number[] }[]): Uint8Array {
  const u32 = (value: number) => {
    const buffer = Buffer.alloc(4);
    buffer.writeInt32LE(value);
    return buffer;
  };
  const string = (text: string) => Buffer.concat([u32(Buffer.byteLength(text)), Buffer.from(text)]);
  const bodies = tasks.map((task) =>
    Buffer.concat([
      string(task.question),
      u32(task.answers.length),
      ...task.answers.map(string),
      ...task.labels.map(u32),
      u32(0),
    ]),
  );
  let offset = 4 + 4 * bodies.length;
  const offsets = bodies.map((body) => {
    const at = offset;
    offset += body.length;
    return u32(at);
  });
  return new Uint8Array(Buffer.concat([u32(bodies.length), ...offsets, ...bodies]));
}

describe("multiple-choice file formats", () => {
  it("reads a JSONL line into lm-eval's requests: context, delimiter + choice", () => {
    const parsed = parseChoiceJsonLine('{"context":"The cat","choices":["sat","ran"],"gold":1,"id":"a"}', 3);
    expect(parsed).toEqual({
      item: {
        requests: [
          { context: "The cat", continuation: " sat" },
          { context: "The cat", continuation: " ran" },
        ],
        choices: ["sat", "ran"],
        gold: 1,
      },
      line: 3,
      id: "a",
    });
    expect(parseChoiceJsonLine("   ", 4)).toBeUndefined();
  });

  it("names the line and the field of a bad JSONL line", () => {
    const cases: [string, string][] = [
      ["{not json", "line 7"],
      ['{"context":"a","choices":["x","y"],"gold":2}', "line 7: gold"],
      ['{"context":"a","choices":["x",""],"gold":0}', "line 7: choices[1]"],
      ['{"context":"","choices":["x","y"],"gold":0}', "line 7: context"],
      ['{"context":"a","choices":["x"],"gold":0}', "line 7: choices"],
      ['{"context":"a","choices":["x","y"],"gold":0,"extra":1}', "line 7"],
    ];
    for (const [line, field] of cases) {
      try {
        parseChoiceJsonLine(line, 7);
        expect.unreachable(line);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidInputError);
        expect((error as InvalidInputError).field).toBe(field);
        expect((error as Error).message).toContain("line 7");
      }
    }
  });

  it("reads llama-perplexity's HellaSwag task (context, gold, 4 endings) with its ' ' join", () => {
    const task = hellaswagItem(["Roof shingle removal: A man is", "2", "a", "b", "c", "d"], 13);
    expect(task.item.requests[2]).toEqual({ context: "Roof shingle removal: A man is", continuation: " c" });
    expect(task.item.gold).toBe(2);
    expect(() => hellaswagItem(["ctx", "4", "a", "b", "c", "d"], 13)).toThrow(/line 14/);
    expect(() => hellaswagItem(["ctx", "1", "a"], 13)).toThrow(/line 13/);
    expect(() => hellaswagItem(["ctx", "1", "a", "", "c", "d"], 1)).toThrow(/line 4/);
  });

  it("reads a Winogrande CSV line as llama.cpp does (quoted sentence, _ replaced, answer 1 or 2)", () => {
    const task = winograndeItem(
      '0,"Sarah was better than Maria, so _ got the easier cases.",Sarah,Maria,2',
      5,
    );
    expect(task?.item).toEqual({
      requests: [
        { context: "Sarah was better than Maria, so Sarah", continuation: " got the easier cases." },
        { context: "Sarah was better than Maria, so Maria", continuation: " got the easier cases." },
      ],
      choices: [" got the easier cases.", " got the easier cases."],
      gold: 1,
    });
    const plain = winograndeItem("1,Tom gave _ a ball.,Sue,Max,1", 6);
    expect(plain?.item.requests[1]).toEqual({ context: "Tom gave Max", continuation: " a ball." });
    expect(() => winograndeItem("1,Tom gave a ball.,Sue,Max,1", 9)).toThrow(/line 9.*_/);
    expect(() => winograndeItem("1,Tom gave _ a ball.,Sue,Max,3", 9)).toThrow(/line 9: answer/);
    expect(() => winograndeItem("1,Tom gave _ a ball.,Sue", 9)).toThrow(/line 9/);
  });

  it("reads llama-perplexity's binary multiple-choice file; the gold is the answer labelled 1", () => {
    const bytes = binary([
      { question: "Q1?", answers: ["no", "yes", "maybe"], labels: [0, 1, 0] },
      { question: "Q2?", answers: ["é", "b"], labels: [1, 0] },
    ]);
    expect(multipleChoiceTaskCount(bytes)).toBe(2);
    expect(multipleChoiceItem(bytes, 0).item).toMatchObject({ choices: ["no", "yes", "maybe"], gold: 1 });
    expect(multipleChoiceItem(bytes, 1).item.requests[0]).toEqual({ context: "Q2?", continuation: " é" });
    expect(() => multipleChoiceItem(bytes.subarray(0, bytes.length - 6), 1)).toThrow(/task 1/);
    const noGold = binary([{ question: "Q?", answers: ["a", "b"], labels: [0, 0] }]);
    expect(() => multipleChoiceItem(noGold, 0)).toThrow(/task 0: no mc1 answer/);
  });
});
