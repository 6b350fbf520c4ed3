// Server-rendered SVG bar charts for the archivist's dashboard: no script, and each chart has a
// text alternative (role="img" with a title and a description) and its figures as a table beside
// it on the page.
export interface Bar {
  readonly label: string;
  readonly value: number;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** A vertical bar chart, 600 × 240 units, scaling to its container. */
export function barChartSvg(id: string, title: string, description: string, bars: readonly Bar[]): string {
  const width = 600;
  const height = 240;
  const top = 16;
  const bottom = 40;
  const left = 40;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = bars.length ? (width - left) / bars.length : width - left;
  const barWidth = Math.max(4, slot * 0.7);
  const scale = (height - top - bottom) / max;
  const rects = bars.map((b, i) => {
    const h = Math.round(b.value * scale);
    const x = Math.round(left + i * slot + (slot - barWidth) / 2);
    const y = height - bottom - h;
    return `<rect x="${x}" y="${y}" width="${Math.round(barWidth)}" height="${h}" fill="#00573f"/>`
      + `<text x="${x + Math.round(barWidth / 2)}" y="${y - 3}" font-size="11" text-anchor="middle" fill="#0b0c0c">${b.value}</text>`
      + `<text x="${x + Math.round(barWidth / 2)}" y="${height - bottom + 14}" font-size="10" text-anchor="middle" fill="#0b0c0c">${escapeXml(b.label)}</text>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc">`
    + `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(description)}</desc>`
    + `<line x1="${left}" y1="${height - bottom}" x2="${width}" y2="${height - bottom}" stroke="#505a5f"/>${rects}</svg>`;
}
