/**
 * Small line charts as standalone SVG, for the analysts' curves and score distributions. Hand-written:
 * two chart kinds with fixed axes need no charting library (the common ones need a DOM or a canvas).
 */

export interface Series {
  name: string;
  points: readonly (readonly [number, number | null])[];
}

export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
  /** Vertical markers (e.g. the current weight), one per series at most, drawn dashed. */
  markers?: readonly { x: number; label: string }[];
  yMin?: number;
  yMax?: number;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
const WIDTH = 720;
const HEIGHT = 420;
const MARGIN = { left: 64, right: 160, top: 40, bottom: 52 };

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toFixed(3));

export function lineChartSvg(chart: LineChart): string {
  const values = chart.series.flatMap((s) => s.points.map((p) => p[1]).filter((y): y is number => y !== null));
  const xs = chart.series.flatMap((s) => s.points.map((p) => p[0]));
  const xMin = Math.min(...xs, 0);
  const xMax = Math.max(...xs, 1);
  let yMin = chart.yMin ?? Math.min(...values, 0);
  let yMax = chart.yMax ?? Math.max(...values, 1e-9);
  if (yMax - yMin < 1e-9) {
    yMin -= 0.5;
    yMax += 0.5;
  }
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (x: number) => MARGIN.left + ((x - xMin) / (xMax - xMin || 1)) * plotW;
  const py = (y: number) => MARGIN.top + plotH - ((y - yMin) / (yMax - yMin)) * plotH;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`);
  out.push(`<title>${escapeXml(chart.title)}</title>`);
  out.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`);
  out.push(`<text x="${WIDTH / 2 - MARGIN.right / 2}" y="22" text-anchor="middle" font-size="15">${escapeXml(chart.title)}</text>`);
  for (let i = 0; i <= 5; i++) {
    const y = yMin + ((yMax - yMin) * i) / 5;
    out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${py(y).toFixed(1)}" y2="${py(y).toFixed(1)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${MARGIN.left - 6}" y="${(py(y) + 4).toFixed(1)}" text-anchor="end">${fmt(y)}</text>`);
    const x = xMin + ((xMax - xMin) * i) / 5;
    out.push(`<text x="${px(x).toFixed(1)}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${fmt(x)}</text>`);
  }
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 12}" text-anchor="middle">${escapeXml(chart.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(chart.yLabel)}</text>`);
  chart.series.forEach((series, i) => {
    const colour = PALETTE[i % PALETTE.length]!;
    // A gap (null) breaks the line rather than dropping to zero.
    let d = '';
    let pen = false;
    for (const [x, y] of series.points) {
      if (y === null) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${px(x).toFixed(1)},${py(y).toFixed(1)} `;
      pen = true;
    }
    out.push(`<path d="${d.trim()}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    const marker = chart.markers?.[i];
    if (marker) out.push(`<line x1="${px(marker.x).toFixed(1)}" x2="${px(marker.x).toFixed(1)}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="${colour}" stroke-dasharray="4 3"><title>${escapeXml(marker.label)}</title></line>`);
    const ly = MARGIN.top + 14 + i * 18;
    out.push(`<line x1="${WIDTH - MARGIN.right + 12}" x2="${WIDTH - MARGIN.right + 32}" y1="${ly - 4}" y2="${ly - 4}" stroke="${colour}" stroke-width="2"/>`);
    out.push(`<text x="${WIDTH - MARGIN.right + 38}" y="${ly}">${escapeXml(series.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

export interface BarChart {
  title: string;
  bars: readonly { label: string; value: number }[];
  width?: number;
  height?: number;
}

/** Vertical bars with their values written on them: counts per month for printed reports. */
export function barChartSvg(chart: BarChart): string {
  const width = chart.width ?? 640;
  const height = chart.height ?? 220;
  const margin = { left: 40, right: 12, top: 30, bottom: 40 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const max = Math.max(1, ...chart.bars.map((b) => b.value));
  const slot = plotW / Math.max(1, chart.bars.length);
  const barW = Math.max(2, Math.min(48, slot * 0.7));
  // Every label when they fit, else every n-th, so that they never overlap.
  const labelEvery = Math.max(1, Math.ceil(chart.bars.length / Math.max(1, Math.floor(plotW / 56))));
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(chart.title)}" font-family="sans-serif" font-size="11">`);
  out.push(`<title>${escapeXml(chart.title)}</title>`);
  out.push(`<text x="${margin.left}" y="18" font-size="13">${escapeXml(chart.title)}</text>`);
  out.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${margin.top + plotH}" y2="${margin.top + plotH}" stroke="#333"/>`);
  out.push(`<text x="${margin.left - 6}" y="${margin.top + 4}" text-anchor="end">${max}</text>`);
  out.push(`<text x="${margin.left - 6}" y="${margin.top + plotH}" text-anchor="end">0</text>`);
  chart.bars.forEach((bar, i) => {
    const h = (bar.value / max) * plotH;
    const x = margin.left + i * slot + (slot - barW) / 2;
    const y = margin.top + plotH - h;
    out.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${PALETTE[0]}"><title>${escapeXml(`${bar.label}: ${bar.value}`)}</title></rect>`);
    if (bar.value > 0) out.push(`<text x="${(x + barW / 2).toFixed(1)}" y="${(y - 3).toFixed(1)}" text-anchor="middle">${bar.value}</text>`);
    if (i % labelEvery === 0) out.push(`<text x="${(x + barW / 2).toFixed(1)}" y="${margin.top + plotH + 16}" text-anchor="middle">${escapeXml(bar.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
