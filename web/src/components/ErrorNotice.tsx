/**
 * An error shown in place, next to what failed: the message, and the field or type the server
 * named. `role="alert"` so screen readers announce it.
 */
import { ServerError } from "../api/client.js";

/** Props of {@link ErrorNotice}. */
export interface ErrorNoticeProps {
  error: unknown;
  onDismiss?: () => void;
}

/** Human text of any thrown value. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === "string" ? error : JSON.stringify(error);
}

/** The notice (renders nothing when `error` is undefined or null). */
export function ErrorNotice({ error, onDismiss }: ErrorNoticeProps) {
  if (error === undefined || error === null) return null;
  const details: string[] = [];
  if (error instanceof ServerError) {
    if (error.param) details.push(`field: ${error.param}`);
    if (error.type) details.push(`type: ${error.type}`);
    if (error.status !== undefined) details.push(`HTTP ${error.status}`);
  }
  return (
    <div className="error-notice" role="alert">
      <strong>Error:</strong> {errorText(error)}
      {details.length > 0 ? <span className="error-details"> ({details.join(", ")})</span> : null}
      {onDismiss ? (
        <button type="button" className="small-button" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
