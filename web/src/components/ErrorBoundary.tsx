/**
 * Catches a rendering error so the page never goes blank: shows what broke and a button that
 * tries again.
 */
import { Component, type ErrorInfo, type ReactNode } from "react";

/** Props of {@link ErrorBoundary}. */
export interface ErrorBoundaryProps {
  /** What the boundary protects, for the message ("the Generate panel"). */
  area: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/** The boundary (see module comment). */
export class ErrorBoundary extends Component<ErrorBoundaryProps, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`logprobe: ${this.props.area} failed to render`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error) {
      return (
        <div className="error-notice" role="alert">
          <strong>Something went wrong in {this.props.area}:</strong> {this.state.error.message}{" "}
          <button type="button" className="small-button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}
