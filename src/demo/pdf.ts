// A tiny one-page PDF writer for the demo's phase 1 and legacy documents (phase 1 = PDF with
// basic metadata). Deterministic: the same lines give the same bytes, so the seeded archive's
// content hashes are the same on every run. No dates or ids go into the file for that reason.
//
// PDF 1.4, one page (A4), Helvetica with WinAnsiEncoding: Finnish and Swedish letters (ä, ö, å)
// are in Latin-1, which matches WinAnsi for every character the demo uses.

const A4 = { width: 595, height: 842 } as const;
const MARGIN = 56;
const TITLE_SIZE = 16;
const BODY_SIZE = 11;
const LEADING = 15;

export interface PdfText {
  /** Set in bold at the top of the page. */
  readonly title: string;
  /** Body lines, one per line; long lines are wrapped at about 90 characters. */
  readonly lines: readonly string[];
}

/** A PDF string literal: Latin-1 only, with the three characters PDF reserves escaped. */
function literal(text: string): string {
  const latin1 = [...text].map((ch) => (ch.charCodeAt(0) <= 0xff ? ch : '?')).join('');
  return '(' + latin1.replace(/[\\()]/g, (c) => '\\' + c) + ')';
}

function wrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (current && current.length + 1 + word.length > width) {
      out.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) out.push(current);
  return out;
}

function pageContent(text: PdfText): string {
  const maxLines = Math.floor((A4.height - 2 * MARGIN - 2 * LEADING) / LEADING);
  const body = text.lines.flatMap((l) => wrap(l, 90)).slice(0, maxLines);
  const ops = [
    'BT',
    `/F2 ${TITLE_SIZE} Tf`,
    `${MARGIN} ${A4.height - MARGIN} Td`,
    `${literal(text.title)} Tj`,
    `/F1 ${BODY_SIZE} Tf`,
    `${LEADING} TL`,
    // Two leading steps below the title, then one per body line (T* moves to the next line).
    'T* T*',
    ...body.map((l) => `${literal(l)} Tj T*`),
    'ET',
  ];
  return ops.join('\n');
}

/** One page with a title and some lines of text, as the bytes of a valid PDF file. */
export function makePdf(text: PdfText): Buffer {
  const stream = pageContent(text);
  const streamBytes = Buffer.byteLength(stream, 'latin1');
  const font = (name: string): string => `<< /Type /Font /Subtype /Type1 /BaseFont /${name} /Encoding /WinAnsiEncoding >>`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.width} ${A4.height}] /Contents 4 0 R /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>`,
    `<< /Length ${streamBytes} >>\nstream\n${stream}\nendstream`,
    font('Helvetica'),
    font('Helvetica-Bold'),
  ];
  // The binary-marker comment on line 2 tells tools the file holds 8-bit bytes (PDF 1.4, 3.4.1).
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    // Every character is one Latin-1 byte, so string length is the byte offset the xref needs.
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = out.length;
  // Each xref entry is exactly 20 bytes: 10-digit offset, space, 5-digit generation, space, flag, CR LF.
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n\r\n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
