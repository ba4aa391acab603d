import type { Label } from '@kehu/core';

/** The languages a report can be rendered in: both side by side, English only, or Simplified Chinese only. */
export const REPORT_LANGUAGES = ['bilingual', 'en', 'zh'] as const;

/** A language a report can be rendered in (see {@link REPORT_LANGUAGES}). */
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

/** The BCP 47 tag of each single language, for `lang` attributes. */
export const LANGUAGE_TAGS = { en: 'en', zh: 'zh-CN' } as const;

/**
 * How two languages are joined: `compact` for short labels (axis names, categories, legend entries: "Gold 黄金客户"),
 * `slash` for headings and sentences ("Customers by grade / 各等级客户数").
 */
export type BilingualStyle = 'compact' | 'slash';

/**
 * The plain text of `text` in `language`. Bilingual text shows English then Chinese, once when both are the same
 * (e.g. "%"), and only the one that is not empty when the other is.
 */
export function textIn(text: Label, language: ReportLanguage, style: BilingualStyle = 'compact'): string {
  if (language === 'en') return text.en === '' ? text.zh : text.en;
  if (language === 'zh') return text.zh === '' ? text.en : text.zh;
  if (text.en === text.zh || text.zh === '') return text.en;
  if (text.en === '') return text.zh;
  return style === 'slash' ? `${text.en} / ${text.zh}` : `${text.en} ${text.zh}`;
}

/** `text` with the five characters HTML gives meaning to (`& < > " '`) escaped, safe in content and attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c as keyof typeof ESCAPES]);
}

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' } as const;

/**
 * `text` in `language` as escaped HTML. Bilingual text marks its Chinese part with `lang="zh-CN"` so screen readers
 * and fonts switch language; a single language is plain escaped text (the document's `lang` covers it).
 */
export function htmlIn(text: Label, language: ReportLanguage, style: BilingualStyle = 'compact'): string {
  if (language !== 'bilingual' || text.en === text.zh || text.en === '' || text.zh === '')
    return escapeHtml(textIn(text, language, style));
  const zh = `<span lang="${LANGUAGE_TAGS.zh}">${escapeHtml(text.zh)}</span>`;
  return style === 'slash' ? `${escapeHtml(text.en)} / ${zh}` : `${escapeHtml(text.en)} ${zh}`;
}

/** The label of an axis with its unit in parentheses ("Customers 客户数 (customers 位)"); no parentheses without one. */
export function axisNameIn(axis: { label: Label; unit: Label }, language: ReportLanguage): string {
  const unit = textIn(axis.unit, language);
  const label = textIn(axis.label, language);
  return unit === '' ? label : `${label} (${unit})`;
}

/** {@link axisNameIn} as escaped HTML (the Chinese part marked as {@link htmlIn} marks it). */
export function axisHtmlIn(axis: { label: Label; unit: Label }, language: ReportLanguage): string {
  const unit = htmlIn(axis.unit, language);
  return unit === '' ? htmlIn(axis.label, language) : `${htmlIn(axis.label, language)} (${unit})`;
}

/**
 * `text` in `language` as block HTML: one `<p>` with `className`, or for bilingual text an English `<p>` and a
 * Chinese `<p lang="zh-CN">`, so a sentence in each language reads on its own line.
 */
export function paragraphsIn(text: Label, language: ReportLanguage, className: string): string {
  if (language !== 'bilingual' || text.en === text.zh)
    return `<p class="${className}">${escapeHtml(textIn(text, language))}</p>`;
  return (
    `<p class="${className}">${escapeHtml(text.en)}</p>` +
    `<p class="${className}" lang="${LANGUAGE_TAGS.zh}">${escapeHtml(text.zh)}</p>`
  );
}
