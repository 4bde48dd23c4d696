/**
 * A labelled model field: free text with the served models offered as suggestions (a datalist);
 * empty means the server's default model.
 */
export function ModelPicker({
  id,
  label,
  ids,
  value,
  onChange,
}: {
  id: string;
  label: string;
  ids: readonly string[];
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="field inline-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        size={28}
        list={`${id}-models`}
        value={value}
        placeholder={ids[0] === undefined ? "default model" : `default: ${ids[0]}`}
        onChange={(event) => onChange(event.target.value)}
      />
      <datalist id={`${id}-models`} data-field="model-suggestions">
        {ids.map((modelId) => (
          <option key={modelId} value={modelId} />
        ))}
      </datalist>
    </div>
  );
}
