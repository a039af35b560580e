// Small shared pieces: the answer form (click or keyboard), progress, messages.
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface ItemView {
  id: string;
  stem: string;
  options: { id: string; text: string }[];
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'error' | 'success'; children: ComponentChildren }) {
  return (
    <p class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}

/** Progress as a page can honestly show it: answered of answered + the items the stopping rule expects to need. */
export function ProgressBar({ answered, left, label }: { answered: number; left: number; label: string }) {
  const total = Math.max(answered + left, 1);
  return (
    <div class="progress">
      <progress max={total} value={answered} aria-label={label} />
      <span>
        {answered} answered · about {left} {left === 1 ? 'question' : 'questions'} left
      </span>
    </div>
  );
}

/**
 * One item: the stem and its options as radio buttons. Keyboard: Tab to the group, arrows to move, digits 1–9 pick
 * an option, Enter submits. `busy` disables it while the answer is on its way (no double answer from a double click).
 */
export function AnswerForm({ item, busy, onAnswer, submitLabel = 'Submit answer' }: { item: ItemView; busy: boolean; onAnswer: (optionId: string) => void; submitLabel?: string }) {
  // the choice belongs to the item it was made on: a new item starts with none, without a reset that runs after
  // paint and could wipe a digit pressed the moment the item appears
  const [picked, setPicked] = useState<{ itemId: string; optionId: string } | undefined>(undefined);
  const choice = picked?.itemId === item.id ? picked.optionId : undefined;
  const setChoice = (optionId: string) => setPicked({ itemId: item.id, optionId });
  const first = useRef<HTMLInputElement>(null);
  // layout effects run before the browser paints, so focus and the key listener are in place once the item shows
  useLayoutEffect(() => {
    first.current?.focus();
  }, [item.id]);
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' && (target as HTMLInputElement).type === 'text')) return;
      const n = Number(e.key);
      if (Number.isInteger(n) && n >= 1 && n <= item.options.length) setPicked({ itemId: item.id, optionId: item.options[n - 1]!.id });
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [item]);
  return (
    <form
      class="item"
      onSubmit={(e) => {
        e.preventDefault();
        if (choice && !busy) onAnswer(choice);
      }}
    >
      <fieldset disabled={busy}>
        <legend class="stem">{item.stem}</legend>
        {item.options.map((option, i) => (
          <label class={`option${choice === option.id ? ' chosen' : ''}`} key={option.id}>
            <input ref={i === 0 ? first : undefined} type="radio" name={`answer-${item.id}`} value={option.id} checked={choice === option.id} onChange={() => setChoice(option.id)} />
            <span class="key" aria-hidden="true">
              {i + 1}
            </span>
            <span>{option.text}</span>
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={!choice || busy}>
        {busy ? 'Sending…' : submitLabel}
      </button>
      <p class="hint">Keyboard: press 1–{item.options.length} to choose, Enter to submit.</p>
    </form>
  );
}

export function Page({ title, children }: { title: string; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · Theta`;
  }, [title]);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{title}</h1>
      {children}
    </section>
  );
}
