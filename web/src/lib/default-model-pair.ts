/**
 * {@link defaultModelPair}: which two served models the Compare and Detect forms start with. With
 * two or more served (`logprobe serve --also-model`), the first two, so the default comparison is
 * between different models (a model against itself gives KL 0 everywhere); with one, that model
 * twice; with none known, the server's default for both.
 */

/** The default pair of `ids` (as `/v1/models` lists them); undefined: the server's default. O(1). */
export function defaultModelPair(ids: readonly string[]): readonly [string | undefined, string | undefined] {
  return [ids[0], ids[1] ?? ids[0]];
}
