/**
 * An autocomplete text field (the WAI-ARIA 1.2 combobox pattern): typing asks the caller for options,
 * arrow keys move through them, Enter picks (the first option when none is active), Escape closes. The active option is announced through
 * aria-activedescendant, so the focus stays in the text field and keyboard alone does everything.
 */
import { useId, useState, type KeyboardEvent } from 'react';
import { Field } from './components.tsx';

export interface ComboOption<T> {
  id: string;
  label: string;
  /** A second line: a code, a scheme, where it comes from. */
  detail?: string;
  value: T;
}

export function Combobox<T>({
  label,
  hint,
  error,
  text,
  onText,
  options,
  loading,
  onPick,
  texts,
}: {
  label: string;
  hint?: string;
  error?: string | undefined;
  text: string;
  onText(text: string): void;
  options: readonly ComboOption<T>[];
  loading?: boolean;
  onPick(value: T, option: ComboOption<T>): void;
  /** What screen readers hear and everyone sees while options load, when there are some, when there are none. */
  texts: { loading: string; count(count: number): string; empty: string };
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = `${id}-list`;
  const showList = open && text.trim().length > 0;
  const activeOption = showList && active >= 0 ? options[active] : undefined;

  const pick = (option: ComboOption<T>) => {
    onPick(option.value, option);
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((i) => (options.length ? (i + 1) % options.length : -1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      setActive((i) => (options.length ? (i <= 0 ? options.length - 1 : i - 1) : -1));
    } else if (e.key === 'Enter') {
      // Enter in an open list picks (the active option, else the first) and never submits the form around it.
      if (showList) {
        e.preventDefault();
        const option = activeOption ?? options[0];
        if (option) pick(option);
      }
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        setOpen(false);
        setActive(-1);
      } else onText('');
    }
  };

  return (
    <div className="combobox">
      <Field label={label} error={error} {...(hint ? { hint } : {})}>
        {(props) => (
          <input
            {...props}
            type="text"
            role="combobox"
            autoComplete="off"
            aria-autocomplete="list"
            aria-expanded={showList}
            aria-controls={listId}
            aria-activedescendant={activeOption ? `${id}-opt-${active}` : undefined}
            value={text}
            onChange={(e) => {
              onText(e.target.value);
              setOpen(true);
              setActive(-1);
            }}
            onKeyDown={onKeyDown}
            onFocus={() => setOpen(true)}
            onBlur={() => setOpen(false)}
          />
        )}
      </Field>
      <ul id={listId} role="listbox" aria-label={label} className="combobox-list" hidden={!showList}>
        {options.map((option, i) => (
          <li
            key={option.id}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            // mousedown, not click: a click would first blur the field and close the list.
            onMouseDown={(e) => {
              e.preventDefault();
              pick(option);
            }}
          >
            <span>{option.label}</span>
            {option.detail ? <small className="muted"> {option.detail}</small> : null}
          </li>
        ))}
      </ul>
      <span className={showList && (loading || !options.length) ? 'muted' : 'visually-hidden'} role="status" aria-live="polite">
        {showList ? (loading ? texts.loading : options.length ? texts.count(options.length) : texts.empty) : ''}
      </span>
    </div>
  );
}
