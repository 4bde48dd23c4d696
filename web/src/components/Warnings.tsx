/** A result's warnings, one note each (compare, detect). */
import type { ModelWarning } from "../../../src/core/index.js";

export function Warnings({ warnings }: { warnings: readonly ModelWarning[] }) {
  return (
    <>
      {warnings.map((warning) => (
        <p key={warning.code + warning.message} className="muted small" role="note">
          {warning.message}
        </p>
      ))}
    </>
  );
}
