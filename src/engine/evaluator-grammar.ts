/**
 * A grammar's state over one generation, held by the evaluator ({@link Evaluator.createGrammar}).
 * Tokens it samples under the grammar are accepted there; forced tokens go through these two.
 */
export interface EvaluatorGrammar {
  /** Whether the grammar allows `id` next. One grammar check. */
  allows(id: number): boolean;
  /** Advances past `id`; throws when the grammar does not allow it. */
  accept(id: number): void;
}
