import { init, type EChartsOption } from 'echarts';

/**
 * Renders an ECharts option to an SVG string with ECharts' server-side renderer: no DOM, no canvas, no script in the
 * output. The SVG has a `viewBox`, so it scales to its container (CSS `width: 100%; height: auto`).
 *
 * @param option - the chart's option (see {@link chartOption})
 * @param size - the size in CSS pixels the chart is laid out for
 */
export function renderSvg(option: EChartsOption, size: { width: number; height: number }): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption(option);
    return withViewBox(chart.renderToSVGString(), size);
  } finally {
    chart.dispose();
  }
}

/** `svg` with a `viewBox` on its root element (ECharts writes one; this keeps the guarantee if it ever does not). */
export function withViewBox(svg: string, size: { width: number; height: number }): string {
  const open = /^<svg\b[^>]*>/.exec(svg);
  if (open === null || /\sviewBox=/.test(open[0])) return svg;
  return `<svg viewBox="0 0 ${size.width} ${size.height}"${svg.slice(4)}`;
}

/**
 * `svg` with the ids and classes ECharts generates (`zr3-c0`, `zr3-cls-1`) prefixed with `prefix`. Inline SVGs share
 * the page's id space and their `<style>` applies to the whole page, and ECharts numbers them per process: charts
 * rendered by different processes or workers and shown on one page would otherwise clip and fill each other.
 * Only attribute values (`id="…"`, `class="…"`, `="url(#…)"`) and `<style>` blocks change, never text, where `"` is
 * escaped.
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/(\b(?:id|class)="|="url\(#)(zr\d+-)/g, `$1${prefix}$2`)
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, (block) => block.replace(/\.(zr\d+-)/g, `.${prefix}$1`));
}
