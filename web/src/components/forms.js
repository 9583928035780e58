// Form state and fields that show the API's violations next to the field they name (by JSON
// Pointer), with the rest (and the problem's detail) in a summary by the submit button.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';

import { useApp } from '../lib/context.js';

export function useForm(initial) {
  const [values, setValues] = useState(initial);
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState(null);
  const fields = new Set();

  const set = (name, value) => setValues((previous) => ({ ...previous, [name]: value }));
  const bind = (name) => ({
    value: values[name] ?? '',
    onInput: (event) => set(name, event.currentTarget.value),
  });
  const errorsAt = (pointer, extra = []) =>
    [...(problem?.errors ?? []), ...extra]
      .filter((error) => error.pointer === pointer || error.pointer.startsWith(`${pointer}/`))
      .map((error) => error.message);

  async function submit(action) {
    setBusy(true);
    setProblem(null);
    try {
      const outcome = await action(values);
      setResult(outcome ?? true);
      return outcome;
    } catch (error) {
      setProblem(error);
      setResult(null);
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { values, set, setValues, bind, problem, setProblem, busy, result, setResult, submit, errorsAt, fields };
}

/// One labelled input. `pointer` is where the API reports this field's errors.
export function Field({ form, name, pointer, label, type = 'text', hint, options, rows, extraErrors, ...rest }) {
  const id = `field-${name}`;
  const where = pointer ?? `/${name}`;
  form.fields.add(where);
  const errors = form.errorsAt(where, extraErrors);
  const described = [hint && `${id}-hint`, errors.length && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const common = { id, name, 'aria-invalid': errors.length ? 'true' : undefined, 'aria-describedby': described, ...rest };
  let control;
  if (type === 'checkbox') {
    control = html`<input type="checkbox" checked=${!!form.values[name]}
      onChange=${(event) => form.set(name, event.currentTarget.checked)} ...${common} />`;
  } else if (options) {
    control = html`<select value=${form.values[name] ?? ''} onChange=${(event) => form.set(name, event.currentTarget.value)} ...${common}>
      ${options.map(([value, text]) => html`<option value=${value}>${text}</option>`)}
    </select>`;
  } else if (type === 'textarea') {
    control = html`<textarea rows=${rows ?? 3} ...${form.bind(name)} ...${common}></textarea>`;
  } else {
    control = html`<input type=${type} ...${form.bind(name)} ...${common} />`;
  }
  return html`<div class=${`field ${type === 'checkbox' ? 'field-check' : ''} ${errors.length ? 'has-error' : ''}`}>
    ${type === 'checkbox' ? html`${control}<label for=${id}>${label}</label>` : html`<label for=${id}>${label}</label>${control}`}
    ${hint && html`<p class="hint" id=${`${id}-hint`}>${hint}</p>`}
    ${errors.length > 0 && html`<p class="field-error" id=${`${id}-error`} role="alert">${errors.join('；')}</p>`}
  </div>`;
}

/// The problem's detail and any violation no field on the form showed; or a success note.
export function Outcome({ form, success }) {
  const { t } = useApp();
  if (form.problem) {
    const unshown = form.problem.errors.filter(
      (error) => ![...form.fields].some((pointer) => error.pointer === pointer || error.pointer.startsWith(`${pointer}/`)),
    );
    return html`<div class="notice error" role="alert">
      <strong>${t('refused')}</strong> ${form.problem.message}
      ${unshown.length > 0 && html`<ul>${unshown.map((error) => html`<li><code>${error.pointer}</code> ${error.message}</li>`)}</ul>`}
    </div>`;
  }
  if (form.result && success) return html`<div class="notice ok" role="status">${success}</div>`;
  return null;
}

export function Submit({ form, children }) {
  return html`<button type="submit" class="primary" disabled=${form.busy}>${children}</button>`;
}

/// A one-button action (open, award, release…) with its error shown beside it.
export function ActionButton({ label, action, onDone, confirm: question, className = 'primary' }) {
  const form = useForm({});
  const run = async () => {
    if (question && !window.confirm(question)) return;
    const outcome = await form.submit(action);
    if (outcome !== undefined && onDone) onDone(outcome);
  };
  return html`<span class="action">
    <button type="button" class=${className} disabled=${form.busy} onClick=${run}>${label}</button>
    <${Outcome} form=${form} />
  </span>`;
}
