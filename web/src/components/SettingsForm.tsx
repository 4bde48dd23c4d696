/**
 * Model settings: max tokens, temperature, top-k, top-p, min-p, seed, number of alternatives and
 * which distribution the logprobs describe. Each input is labelled, hinted and shows its own error.
 */
import { useId } from "react";
import { FIELD_RULES, type SettingsFields } from "../lib/settings.js";

/** Props of {@link SettingsForm}. */
export interface SettingsFormProps {
  fields: SettingsFields;
  errors: Partial<Record<keyof SettingsFields, string>>;
  onChange: (fields: SettingsFields) => void;
  /** Rules in effect (defaults to {@link FIELD_RULES}). */
  rules?: typeof FIELD_RULES;
}

type NumericField = keyof typeof FIELD_RULES;
const ORDER: NumericField[] = ["maxTokens", "temperature", "topK", "topP", "minP", "seed", "topLogprobs"];

/** The settings fieldset (see module comment). */
export function SettingsForm({ fields, errors, onChange, rules = FIELD_RULES }: SettingsFormProps) {
  const id = useId();
  return (
    <fieldset className="settings">
      <legend>Model settings</legend>
      <div className="settings-grid">
        {ORDER.map((name) => {
          const rule = rules[name];
          const error = errors[name];
          const inputId = `${id}-${name}`;
          return (
            <div className="field" key={name}>
              <label htmlFor={inputId}>{rule.label}</label>
              <input
                id={inputId}
                type="number"
                inputMode={rule.integer ? "numeric" : "decimal"}
                min={rule.min}
                max={rule.max}
                step={rule.integer ? 1 : "any"}
                value={fields[name]}
                placeholder={name === "seed" ? "random" : undefined}
                aria-invalid={error ? true : undefined}
                aria-describedby={`${inputId}-hint`}
                onChange={(event) => onChange({ ...fields, [name]: event.target.value })}
              />
              <small id={`${inputId}-hint`} className={error ? "field-error" : "muted"}>
                {error ?? rule.hint}
              </small>
            </div>
          );
        })}
        <div className="field">
          <label htmlFor={`${id}-mode`}>Logprobs of</label>
          <select
            id={`${id}-mode`}
            value={fields.logprobsMode}
            onChange={(event) =>
              onChange({ ...fields, logprobsMode: event.target.value === "processed" ? "processed" : "raw" })
            }
          >
            <option value="raw">raw model</option>
            <option value="processed">after sampling</option>
          </select>
        </div>
      </div>
    </fieldset>
  );
}
