/**
 * The name of a request field as the client wrote it. A model checks its core request
 * (`maxTokens`, `sampling.topK`, `prefixTokens.0`) and names the field in its own terms; the
 * client sent `max_tokens`, `top_k`, `prefix_tokens[0]`. Error responses name the client's field.
 */

/**
 * `field` in the request's own spelling: the `sampling.` group dropped (its fields sit at the top
 * of every request), camelCase as snake_case, array indices as `[n]`; `renames` first maps core
 * names a route spells differently (score's `text` is the request's `input`). Names already in
 * wire form (`messages[0].role`, `top_logprobs`) come back unchanged. Segments after a
 * `schema` segment are a JSON Schema's own keywords and property names: kept as written.
 */
export function wireFieldName(field: string, renames: Readonly<Record<string, string>> = {}): string {
  if (field === "" || field === "(root)") return field;
  const segments = field.replace(/^sampling\./, "").split(".");
  let name = "";
  let insideSchema = false;
  segments.forEach((segment, index) => {
    if (/^\d+$/.test(segment)) {
      name += `[${segment}]`;
      return;
    }
    const renamed = index === 0 ? (renames[segment] ?? segment) : segment;
    const snake = insideSchema ? renamed : renamed.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    if (index > 0 && segment === "schema") insideSchema = true;
    name += index === 0 ? snake : `.${snake}`;
  });
  return name;
}
