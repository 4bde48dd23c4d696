/**
 * The form Compare and Detect share: a text, and two of the served models (`GET /v1/models`)
 * chosen in selects, by default the first two (see `default-model-pair.ts`). Panel-specific fields
 * go in `children`; an empty text is refused before any request.
 */
import { type FormEvent, type ReactNode, useId, useState } from "react";
import { defaultModelPair } from "../lib/default-model-pair.js";
import { useModelIds } from "../lib/use-model-ids.js";

/** What the form hands over: the text and the chosen models (undefined: the server's default). */
export interface ModelPairInput {
  text: string;
  models: readonly [string | undefined, string | undefined];
}

export interface ModelPairFormProps {
  /** Label and placeholder of the text field. */
  textLabel: string;
  placeholder: string;
  /** Labels of the two model selects, e.g. "Base model" and "Compared model". */
  modelLabels: readonly [string, string];
  submitLabel: string;
  /** Shown while a request runs, e.g. "comparing…". */
  runningLabel: string;
  running: boolean;
  onSubmit: (input: ModelPairInput) => void | Promise<void>;
  /** Called instead of `onSubmit` when the form is not filled in. */
  onInvalid: (error: Error) => void;
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

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (text === "") {
      props.onInvalid(new Error(`${props.textLabel} is empty; paste at least two tokens of text`));
      return;
    }
    await props.onSubmit({ text, models });
  };

  return (
    <form className="score-form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-text`}>{props.textLabel}</label>
        <textarea
          id={`${id}-text`}
          rows={5}
          value={text}
          placeholder={props.placeholder}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      <div className="actions">
        {([0, 1] as const).map((role) => (
          <ModelSelect
            key={role}
            id={`${id}-model-${role}`}
            label={props.modelLabels[role]}
            ids={ids}
            value={models[role]}
            onChange={(value) =>
              setChosen((current) => (role === 0 ? [value, current[1]] : [current[0], value]))
            }
          />
        ))}
        {props.children}
        <button type="submit" className="primary-button" disabled={props.running}>
          {props.submitLabel}
        </button>
        {props.running ? <span className="muted">{props.runningLabel}</span> : null}
      </div>
    </form>
  );
}
