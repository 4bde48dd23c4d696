/**
 * The form Compare and Detect share: a text, and two of the served models (`GET /v1/models`)
 * chosen in selects, by default the first two (see `default-model-pair.ts`), then the request's
 * error. Panel-specific fields go in `children`; an empty text is refused before any request.
 */
import { type FormEvent, type ReactNode, useId, useState } from "react";
import { defaultModelPair } from "../lib/default-model-pair.js";
import { useModelIds } from "../lib/use-model-ids.js";
import type { RequestState } from "../lib/use-request.js";
import { ErrorNotice } from "./ErrorNotice.js";

/** One of the two models: the request field it fills (e.g. "base") and its label. */
export interface ModelRole {
  field: string;
  label: string;
}

/** What the form hands over: the text, and each role's chosen model by field (absent: the server's default). */
export interface ModelPairInput {
  text: string;
  models: Record<string, string>;
}

export interface ModelPairFormProps {
  /** Label and placeholder of the text field. */
  text: { label: string; placeholder: string };
  roles: readonly [ModelRole, ModelRole];
  /** The button's label, and what is shown while a request runs (e.g. "comparing…"). */
  button: { label: string; running: string };
  /** The panel's request: the form shows its state and its error, and reports form errors there. */
  request: Pick<RequestState<unknown>, "running" | "error" | "setError">;
  onSubmit: (input: ModelPairInput) => unknown;
  /** Extra fields between the selects and the button. */
  children?: ReactNode;
}

function ModelSelect(props: {
  id: string;
  label: string;
  ids: readonly string[];
  value: string | undefined;
  onChange: (value: string) => void;
}) {
  return (
    <div className="field inline-field">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value ?? ""}
        disabled={props.ids.length === 0}
        onChange={(event) => props.onChange(event.target.value)}
      >
        {props.ids.length === 0 ? <option value="">server's default model</option> : null}
        {props.ids.map((modelId) => (
          <option key={modelId} value={modelId}>
            {modelId}
          </option>
        ))}
      </select>
    </div>
  );
}

export function ModelPairForm(props: ModelPairFormProps) {
  const id = useId();
  const ids = useModelIds();
  const [text, setText] = useState("");
  // The user's choices; until one is made, the default pair of the served models.
  const [chosen, setChosen] = useState<readonly [string | undefined, string | undefined]>([
    undefined,
    undefined,
  ]);
  const defaults = defaultModelPair(ids);
  const models = [chosen[0] ?? defaults[0], chosen[1] ?? defaults[1]] as const;

  const { request } = props;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (text === "") {
      request.setError(new Error(`${props.text.label} is empty; paste at least two tokens of text`));
      return;
    }
    const chosen = props.roles.flatMap((role, index) =>
      models[index] === undefined ? [] : [[role.field, models[index]] as const],
    );
    await props.onSubmit({ text, models: Object.fromEntries(chosen) });
  };

  return (
    <>
      <form className="score-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-text`}>{props.text.label}</label>
          <textarea
            id={`${id}-text`}
            rows={5}
            value={text}
            placeholder={props.text.placeholder}
            onChange={(event) => setText(event.target.value)}
          />
        </div>
        <div className="actions">
          {([0, 1] as const).map((role) => (
            <ModelSelect
              key={role}
              id={`${id}-model-${role}`}
              label={props.roles[role].label}
              ids={ids}
              value={models[role]}
              onChange={(value) =>
                setChosen((current) => (role === 0 ? [value, current[1]] : [current[0], value]))
              }
            />
          ))}
          {props.children}
          <button type="submit" className="primary-button" disabled={request.running}>
            {props.button.label}
          </button>
          {request.running ? <span className="muted">{props.button.running}</span> : null}
        </div>
      </form>
      <ErrorNotice error={request.error} onDismiss={() => request.setError(null)} />
    </>
  );
}
