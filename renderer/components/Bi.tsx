// A bilingual line: the same key in both languages, in the venue's chosen order, each tagged with its lang.
import { createContext, useContext, type ReactNode } from 'react';
import { fixedT, orderedLangs, type Lang } from '../i18n/index.ts';

export type LanguageOrder = 'zh-en' | 'en-zh';
export const OrderContext = createContext<LanguageOrder>('zh-en');

export const HTML_LANG: Record<Lang, string> = { 'zh-Hant': 'zh-Hant-HK', en: 'en' };

interface Props {
  k: string;
  opts?: Record<string, unknown>;
  className?: string;
  /** element for the pair; each language is a span inside it */
  as?: 'p' | 'div' | 'span' | 'h1' | 'h2' | 'h3' | 'li';
  id?: string;
}

// A line without options never changes (the translations are bundled): each is looked up once. i18next's lookup
// and interpolation, for every line of every verdict, was a visible share of the verdict's render (issue 14
// profile). Bounded: keys come from the code and the core's reason codes; the cache starts over past MAX_PLAIN.
const plain = new Map<string, string>();
const MAX_PLAIN = 2000;
function tr(lang: Lang, k: string, opts: Record<string, unknown> | undefined): string {
  if (opts) return fixedT(lang)(k, opts);
  const id = `${lang}\u0000${k}`;
  let text = plain.get(id);
  if (text === undefined) {
    text = fixedT(lang)(k);
    if (plain.size >= MAX_PLAIN) plain.clear();
    plain.set(id, text);
  }
  return text;
}

export function Bi({ k, opts, className, as = 'span', id }: Props): ReactNode {
  const order = useContext(OrderContext);
  const [first, second] = orderedLangs(order);
  const Tag = as;
  return (
    <Tag className={`bi ${className ?? ''}`} id={id}>
      <span className="bi-first" lang={HTML_LANG[first]}>{tr(first, k, opts)}</span>
      <span className="bi-second" lang={HTML_LANG[second]}>{tr(second, k, opts)}</span>
    </Tag>
  );
}

/** Plain text pair (for aria-labels and titles). */
export function biText(k: string, order: LanguageOrder, opts?: Record<string, unknown>): string {
  const [first, second] = orderedLangs(order);
  return `${fixedT(first)(k, opts)} / ${fixedT(second)(k, opts)}`;
}
