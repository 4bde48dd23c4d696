/**
 * The prompt box: plain text or chat (a user message with an optional system message), the model
 * settings, and the Generate / Stop buttons. Settings are range-checked before anything is sent.
 */
import { type FormEvent, useId, useState } from "react";
import type { ModelCapabilities } from "../../../src/core/index.js";
import type { GenerateSettings, PromptInput } from "../api/client.js";
import { DEFAULT_FIELDS, fieldRules, parseSettings, type SettingsFields } from "../lib/settings.js";
import { SettingsForm } from "./SettingsForm.js";

/** Props of {@link PromptForm}. */
export interface PromptFormProps {
  running: boolean;
  onGenerate: (input: PromptInput, settings: GenerateSettings) => void;
  onStop: () => void;
  /** What the served model can do, when the server said (limits alternatives and prompt kinds). */
  capabilities?: ModelCapabilities | undefined;
}

/** Builds the request input from the form values (chat: optional system + user message). */
export function promptInput(mode: "plain" | "chat", prompt: string, system: string): PromptInput {
  if (mode === "plain") return { prompt };
  const messages: { role: "system" | "user"; content: string }[] = [];
  if (system.trim() !== "") messages.push({ role: "system", content: system });
  messages.push({ role: "user", content: prompt });
  return { messages };
}

/** The prompt form (see module comment). */
export function PromptForm({ running, onGenerate, onStop, capabilities }: PromptFormProps) {
  const id = useId();
  const [chosenMode, setMode] = useState<"plain" | "chat">("plain");
  const plainAllowed = capabilities?.textPrompt !== false;
  const chatAllowed = capabilities?.chat !== false;
  const mode =
    chosenMode === "plain" && !plainAllowed
      ? "chat"
      : chosenMode === "chat" && !chatAllowed
        ? "plain"
        : chosenMode;
  const rules = fieldRules(capabilities?.maxTopLogprobs);
  const [prompt, setPrompt] = useState("Once upon a time");
  const [system, setSystem] = useState("");
  const [fields, setFields] = useState<SettingsFields>(DEFAULT_FIELDS);
  const [errors, setErrors] = useState<Partial<Record<keyof SettingsFields, string>>>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseSettings(fields, rules);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    onGenerate(promptInput(mode, prompt, system), parsed.settings);
  };

  return (
    <form className="prompt-form" onSubmit={submit} noValidate>
      <fieldset className="mode-switch">
        <legend>Prompt kind</legend>
        <label>
          <input
            type="radio"
            name={`${id}-mode`}
            checked={mode === "plain"}
            disabled={!plainAllowed}
            onChange={() => setMode("plain")}
          />
          plain text
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-mode`}
            checked={mode === "chat"}
            disabled={!chatAllowed}
            onChange={() => setMode("chat")}
          />
          chat
        </label>
      </fieldset>
      {mode === "chat" ? (
        <div className="field">
          <label htmlFor={`${id}-system`}>System message (optional)</label>
          <textarea
            id={`${id}-system`}
            rows={2}
            value={system}
            onChange={(event) => setSystem(event.target.value)}
          />
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-prompt`}>Prompt</label>
        <textarea
          id={`${id}-prompt`}
          rows={4}
          value={prompt}
          onChange={(event) => setPrompt(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) submit(event);
          }}
          aria-describedby={`${id}-prompt-hint`}
        />
        <small id={`${id}-prompt-hint`} className="muted">
          {mode === "chat"
            ? "Sent as the user message, formatted with the model's chat template."
            : "Sent as is."}{" "}
          Ctrl+Enter generates.
        </small>
      </div>
      <SettingsForm fields={fields} errors={errors} onChange={setFields} rules={rules} />
      <div className="actions">
        <button type="submit" className="primary-button" disabled={running}>
          Generate
        </button>
        {running ? (
          <button type="button" className="secondary-button" onClick={onStop}>
            Stop
          </button>
        ) : null}
      </div>
    </form>
  );
}
