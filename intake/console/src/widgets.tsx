/** Small pieces every page uses: the time range picker, errors, headers. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { setParams } from './nav.js';
import { customRange, PRESETS, type TimeRange } from './time-range.js';

export function TimePicker(props: { range: TimeRange; raw: string }) {
  const [custom, setCustom] = useState(false);
  const local = (sec: number) => {
    const d = new Date(sec * 1000 - new Date().getTimezoneOffset() * 60_000);
    return d.toISOString().slice(0, 16);
  };
  return (
    <fieldset class="time-picker" aria-label="Time range">
      {PRESETS.map((p) => (
        <button type="button" class={props.raw === p ? 'on' : ''} onClick={() => setParams({ range: p })}>
          {p}
        </button>
      ))}
      <button type="button" class={props.range.live ? '' : 'on'} onClick={() => setCustom(!custom)}>
        custom
      </button>
      {custom && (
        <form
          class="custom-range"
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            const from = new Date(String(form.get('from'))).getTime();
            const to = new Date(String(form.get('to'))).getTime();
            if (from < to) setParams({ range: customRange(from, to) });
            setCustom(false);
          }}
        >
          <input
            type="datetime-local"
            name="from"
            defaultValue={local(props.range.fromSec)}
            aria-label="From"
          />
          <input type="datetime-local" name="to" defaultValue={local(props.range.toSec)} aria-label="To" />
          <button type="submit">apply</button>
        </form>
      )}
      <span class="range-label">{props.range.label}</span>
    </fieldset>
  );
}

export function ErrorBox(props: { error?: string }) {
  if (!props.error) return null;
  return (
    <p class="error" role="alert">
      {props.error}
    </p>
  );
}

export function Header(props: { title: string; children?: ComponentChildren; datadog?: string }) {
  return (
    <header class="page-header">
      <h1>{props.title}</h1>
      <div class="page-tools">{props.children}</div>
    </header>
  );
}

export function Card(props: {
  label: string;
  value: ComponentChildren;
  hint?: string;
  tone?: 'ok' | 'warn' | 'bad';
}) {
  return (
    <div class={`card ${props.tone ?? ''}`}>
      <div class="card-label">{props.label}</div>
      <div class="card-value">{props.value}</div>
      {props.hint && <div class="card-hint">{props.hint}</div>}
    </div>
  );
}

/** A search box bound to the URL's `query`: typing edits a draft, Search (or Enter) puts it in the URL. */
export function SearchForm(props: { query: string; label: string; placeholder: string }) {
  const [draft, setDraft] = useState(props.query);
  useEffect(() => setDraft(props.query), [props.query]);
  return (
    <form
      class="query-form"
      onSubmit={(e) => {
        e.preventDefault();
        setParams({ query: draft.trim() || '*' });
      }}
    >
      <input
        class="query-text"
        aria-label={props.label}
        value={draft}
        spellcheck={false}
        placeholder={props.placeholder}
        onInput={(e) => setDraft(e.currentTarget.value)}
      />
      <button type="submit">Search</button>
    </form>
  );
}
