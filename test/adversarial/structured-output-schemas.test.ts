/**
 * The second attack run's JSON Schemas (issue 26, finding 2): each is either enforced (every
 * output that finishes validates) or refused with a 400 that names the keyword and its path.
 * Oracle: ajv (JSON Schema draft 2020-12 and draft-07 semantics, with ajv-formats for `format`),
 * an independent validator, on greedy output and on seeded samples at temperature 1 (chat's
 * default). An output that does not validate fails the test.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import formatsPlugin from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineModel } from "../../src/engine/index.js";
import { createApp } from "../../src/server/index.js";
import { loadTestEngine } from "../engine/load-test-engine.js";
import { requireTestModel } from "../helpers/test-model.js";
import { postJson } from "../server/request.js";

type Schema = Record<string, unknown>;

/** Schemas enforced by the grammar. */
const enforced: [string, Schema][] = [
  [
    "object with required fields",
    {
      type: "object",
      properties: { name: { type: "string" }, ok: { type: "boolean" } },
      required: ["name", "ok"],
      additionalProperties: false,
    },
  ],
  [
    "string enum",
    { type: "object", properties: { answer: { enum: ["yes", "no", "maybe"] } }, required: ["answer"] },
  ],
  ["const", { type: "object", properties: { kind: { const: "fixed" } }, required: ["kind"] }],
  [
    "nullable field as anyOf (OpenAI SDK helpers)",
    {
      type: "object",
      properties: { note: { anyOf: [{ type: "string" }, { type: "null" }] } },
      required: ["note"],
      additionalProperties: false,
    },
  ],
  [
    "anyOf of objects",
    {
      anyOf: [
        {
          type: "object",
          properties: { a: { type: "integer" } },
          required: ["a"],
          additionalProperties: false,
        },
        {
          type: "object",
          properties: { b: { type: "boolean" } },
          required: ["b"],
          additionalProperties: false,
        },
      ],
    },
  ],
  [
    "one-element allOf",
    { allOf: [{ type: "object", properties: { x: { type: "integer" } }, required: ["x"] }] },
  ],
  [
    "$ref to definitions",
    {
      type: "object",
      properties: { n: { $ref: "#/definitions/n" } },
      required: ["n"],
      definitions: { n: { type: "integer" } },
    },
  ],
  [
    "$ref to $defs",
    {
      type: "object",
      properties: { p: { $ref: "#/$defs/point" } },
      required: ["p"],
      $defs: {
        point: {
          type: "object",
          properties: { x: { type: "number" }, y: { type: "number" } },
          required: ["x", "y"],
          additionalProperties: false,
        },
      },
    },
  ],
  ["properties without type", { properties: { city: { type: "string" } }, required: ["city"] }],
  [
    "array with bounds",
    {
      type: "object",
      properties: {
        tags: { type: "array", items: { type: "string", maxLength: 8 }, minItems: 1, maxItems: 3 },
      },
      required: ["tags"],
    },
  ],
  [
    "string lengths",
    {
      type: "object",
      properties: { code: { type: "string", minLength: 2, maxLength: 4 } },
      required: ["code"],
    },
  ],
  [
    "format date",
    { type: "object", properties: { day: { type: "string", format: "date" } }, required: ["day"] },
  ],
  [
    "type list with null",
    { type: "object", properties: { v: { type: ["integer", "null"] } }, required: ["v"] },
  ],
  [
    "enum of mixed JSON values",
    { type: "object", properties: { v: { enum: [1, "two", null, { three: 3 }, [4]] } }, required: ["v"] },
  ],
  [
    "nullable: true",
    { type: "object", properties: { v: { type: "boolean", nullable: true } }, required: ["v"] },
  ],
  ["empty schema (any JSON)", {}],
];

/** Schemas refused: [name, schema, the path the 400 names (after `schema`), keyword]. */
const refusedSchemas: [string, Schema, string, string][] = [
  [
    "pattern",
    { type: "object", properties: { id: { type: "string", pattern: "^[a-z]+$" } } },
    "properties.id.pattern",
    "pattern",
  ],
  [
    "minimum and maximum",
    { type: "object", properties: { n: { type: "integer", minimum: 10, maximum: 20 } } },
    "properties.n.minimum",
    "minimum",
  ],
  ["multipleOf", { type: "number", multipleOf: 5 }, "multipleOf", "multipleOf"],
  [
    "uniqueItems",
    { type: "array", items: { type: "integer" }, uniqueItems: true },
    "uniqueItems",
    "uniqueItems",
  ],
  ["allOf of two schemas", { allOf: [{ type: "object" }, { required: ["a"] }] }, "allOf", "allOf"],
  ["oneOf", { oneOf: [{ type: "string" }, { type: "integer" }] }, "oneOf", "oneOf"],
  [
    "$ref outside definitions",
    { type: "object", properties: { a: { $ref: "#/properties/b" } } },
    "properties.a.$ref",
    "$ref",
  ],
  ["format email", { type: "string", format: "email" }, "format", "format"],
  ["not", { not: { type: "null" } }, "not", "not"],
];

describe.skipIf(!requireTestModel())("the attack's JSON Schemas: enforced or refused (stories260K)", () => {
  let model: EngineModel;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // ajv-formats is CommonJS: under NodeNext its default import is the module object.
  (formatsPlugin as unknown as { default: (ajv: Ajv2020) => void }).default(ajv);

  beforeAll(async () => {
    model = await loadTestEngine();
  }, 60_000);
  afterAll(async () => {
    await model?.close();
  });

  it("the oracle rejects what it should (formats are checked, not ignored)", () => {
    expect(ajv.validate({ type: "string", format: "date" }, "2020-13-45")).toBe(false);
    expect(ajv.validate({ type: "integer", minimum: 10 }, 2)).toBe(false);
  });

  for (const [name, schema] of enforced) {
    it(`enforced: ${name}`, async () => {
      const validate = ajv.compile(schema);
      let finished = 0;
      for (const sampling of [{}, { temperature: 1, seed: 1 }, { temperature: 1, seed: 2 }]) {
        const result = await model.generate({
          prompt: "Once upon a time",
          maxTokens: 200,
          sampling,
          responseFormat: { type: "json_schema", schema },
        });
        if (result.finishReason !== "stop") continue;
        finished++;
        const value: unknown = JSON.parse(result.text);
        expect(validate(value), `${result.text}\n${JSON.stringify(validate.errors)}`).toBe(true);
      }
      expect(finished).toBeGreaterThan(0);
    }, 60_000);
  }

  for (const [name, schema, path, keyword] of refusedSchemas) {
    it(`refused: ${name}`, async () => {
      await expect(
        model.generate({ prompt: "x", maxTokens: 2, responseFormat: { type: "json_schema", schema } }),
      ).rejects.toMatchObject({
        field: `responseFormat.schema.${path}`,
        message: expect.stringContaining(`"${keyword}"`),
      });
    });
  }

  it("the server answers 400 naming the client's own path, for chat and Responses", async () => {
    const app = createApp({ models: model, log: () => {} });
    const schema = { type: "object", properties: { n: { type: "integer", minimum: 10, maximum: 20 } } };
    const chat = await postJson(app, "/v1/chat/completions", {
      messages: [{ role: "user", content: "hi" }],
      max_tokens: 5,
      response_format: { type: "json_schema", json_schema: { name: "n", schema, strict: true } },
    });
    expect(chat.status).toBe(400);
    const chatError = ((await chat.json()) as { error: { param: string; message: string } }).error;
    expect(chatError.param).toBe("response_format.json_schema.schema.properties.n.minimum");
    expect(chatError.message).toContain('"minimum" at #/properties/n');
    const responses = await postJson(app, "/v1/responses", {
      input: "hi",
      max_output_tokens: 5,
      text: { format: { type: "json_schema", name: "n", schema, strict: true } },
    });
    expect(responses.status).toBe(400);
    const responsesError = ((await responses.json()) as { error: { param: string } }).error;
    expect(responsesError.param).toBe("text.format.schema.properties.n.minimum");
  });

  it("a streamed request is refused with the same 400 before its stream starts, for chat and Responses", async () => {
    const app = createApp({ models: model, log: () => {} });
    const schema = { type: "object", properties: { id: { type: "string", pattern: "^[a-z]+$" } } };
    const chat = await postJson(app, "/v1/chat/completions", {
      messages: [{ role: "user", content: "hi" }],
      max_tokens: 5,
      stream: true,
      response_format: { type: "json_schema", json_schema: { name: "id", schema, strict: true } },
    });
    expect(chat.status).toBe(400);
    expect(chat.headers.get("content-type")).toContain("application/json");
    const chatError = ((await chat.json()) as { error: { param: string; message: string } }).error;
    expect(chatError.param).toBe("response_format.json_schema.schema.properties.id.pattern");
    expect(chatError.message).toContain('"pattern"');
    const responses = await postJson(app, "/v1/responses", {
      input: "hi",
      max_output_tokens: 5,
      stream: true,
      text: { format: { type: "json_schema", name: "id", schema, strict: true } },
    });
    expect(responses.status).toBe(400);
    const responsesError = ((await responses.json()) as { error: { param: string } }).error;
    expect(responsesError.param).toBe("text.format.schema.properties.id.pattern");
  });

  it("caps: enum values, schema bytes and depth are refused naming the cap", async () => {
    const cases: [Schema, string][] = [
      [{ enum: Array.from({ length: 1001 }, (_, index) => `v${index}`) }, "cap on enum values"],
      [{ type: "object", description: "x".repeat(70_000) }, "cap on schema size"],
    ];
    let deep: Schema = { type: "string" };
    for (let level = 0; level < 5000; level++) deep = { type: "object", properties: { a: deep } };
    cases.push([deep, "cap on depth"]);
    for (const [schema, cap] of cases) {
      await expect(
        model.generate({ prompt: "x", maxTokens: 2, responseFormat: { type: "json_schema", schema } }),
      ).rejects.toMatchObject({ message: expect.stringContaining(cap) });
    }
  });
});
