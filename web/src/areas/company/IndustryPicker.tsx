/**
 * Industries chosen through the trilingual resolver: typing a German, English or Chinese term (or a
 * code) asks GET /industries?q=… and offers what it resolves to, labelled in the chosen language.
 */
import { useDeferredValue, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client.ts';
import { useLanguage } from '../../i18n/index.tsx';
import { Combobox, type ComboOption } from '../../ui/Combobox.tsx';

export type ResolvedItem = Schemas['IndustryResolution']['items'][number];
type Labels = { de: string; en: string; zh?: string | null };

/** A taxonomy label in the chosen language; Chinese falls back to English where the taxonomy has none. */
export function labelIn(label: Labels | null | undefined, lang: 'de' | 'en' | 'zh'): string | undefined {
  if (!label) return undefined;
  return (lang === 'zh' ? label.zh : label[lang]) || label.en;
}

export function IndustryPicker({
  label,
  hint,
  error,
  kind,
  onPick,
  texts,
}: {
  label: string;
  hint?: string;
  error?: string | undefined;
  /** clusters (a city's profile) or codes (a company's: NACE and GB/T). */
  kind: 'codes' | 'clusters';
  onPick(item: ResolvedItem): void;
  texts: { loading: string; count(count: number): string; empty: string; scheme(item: ResolvedItem): string };
}) {
  const { lang } = useLanguage();
  const [text, setText] = useState('');
  const q = useDeferredValue(text.trim());
  const resolved = useQuery({
    queryKey: ['company-area', 'industries', kind, q],
    queryFn: async () => {
      const answer = await unwrap(api.GET('/industries', { params: { query: { q, limit: 12, ...(kind === 'clusters' ? { kind: 'cluster' as const } : {}) } } }));
      return 'items' in answer ? answer.items : [];
    },
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
  const items = (resolved.data ?? []).filter((item) => (kind === 'clusters' ? item.kind === 'cluster' : item.kind !== 'cluster'));
  const options: ComboOption<ResolvedItem>[] = items.map((item) => ({
    id: `${item.kind}:${item.code}`,
    label: labelIn(item.label, lang) ?? item.code,
    detail: texts.scheme(item),
    value: item,
  }));
  return (
    <Combobox
      label={label}
      {...(hint ? { hint } : {})}
      error={error}
      text={text}
      onText={setText}
      options={q.length ? options : []}
      loading={resolved.isFetching}
      onPick={(item) => {
        onPick(item);
        setText('');
      }}
      texts={texts}
    />
  );
}
