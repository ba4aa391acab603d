/** `count` with its noun, singular or plural as English needs: `1 row`, `2 rows`, `1,000 customers`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : pluralForm}`;
}
