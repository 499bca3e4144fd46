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

export function Bi({ k, opts, className, as = 'span', id }: Props): ReactNode {
  const order = useContext(OrderContext);
  const [first, second] = orderedLangs(order);
  const Tag = as;
  return (
    <Tag className={`bi ${className ?? ''}`} id={id}>
      <span className="bi-first" lang={HTML_LANG[first]}>{fixedT(first)(k, opts)}</span>
      <span className="bi-second" lang={HTML_LANG[second]}>{fixedT(second)(k, opts)}</span>
    </Tag>
  );
}

/** Plain text pair (for aria-labels and titles). */
export function biText(k: string, order: LanguageOrder, opts?: Record<string, unknown>): string {
  const [first, second] = orderedLangs(order);
  return `${fixedT(first)(k, opts)} / ${fixedT(second)(k, opts)}`;
}
