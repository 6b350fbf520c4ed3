// Structured (JSON) document content as readable headed sections, never raw JSON: each top-level
// field is a section with a heading; text becomes paragraphs; nested objects become label-value
// rows. Unknown keys are shown with their own name made readable.
export interface ContentSection {
  readonly heading: string;
  readonly paragraphs: readonly string[];
  readonly rows: readonly { readonly label: string; readonly value: string }[];
}

const MAX_DEPTH = 4;

function readable(key: string, headings: Readonly<Record<string, string>>): string {
  if (headings[key]) return headings[key];
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function flatten(value: unknown, label: string, headings: Readonly<Record<string, string>>, depth: number, out: { label: string; value: string }[]): void {
  if (value === null || value === undefined || value === '') return;
  if (typeof value !== 'object') { out.push({ label, value: String(value) }); return; }
  if (depth >= MAX_DEPTH) { out.push({ label, value: JSON.stringify(value) }); return; }
  if (Array.isArray(value)) {
    value.forEach((item, i) => flatten(item, value.length > 1 ? `${label} ${i + 1}` : label, headings, depth + 1, out));
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, label ? `${label}: ${readable(k, headings)}` : readable(k, headings), headings, depth + 1, out);
}

/** undefined when the bytes are not a JSON object: the page then shows them as plain text. */
export function structuredSections(bytes: Buffer, headings: Readonly<Record<string, string>>): ContentSection[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  return Object.entries(parsed as Record<string, unknown>).flatMap(([key, value]): ContentSection[] => {
    const heading = readable(key, headings);
    if (typeof value === 'string') return [{ heading, paragraphs: [value], rows: [] }];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return [{ heading, paragraphs: value as string[], rows: [] }];
    const rows: { label: string; value: string }[] = [];
    flatten(value, '', headings, 0, rows);
    return rows.length ? [{ heading, paragraphs: [], rows: rows.map((r) => ({ label: r.label || heading, value: r.value })) }] : [];
  });
}
