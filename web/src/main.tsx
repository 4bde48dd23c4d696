/** Entry point: mounts the app, inside an error boundary, into #root. */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.js";
import { ErrorBoundary } from "./components/ErrorBoundary.js";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("logprobe: the page has no #root element");
createRoot(root).render(
  <StrictMode>
    <ErrorBoundary area="the page">
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
