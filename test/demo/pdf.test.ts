// The demo's PDF writer: a reader finds every object through the xref table, so the offsets,
// the stream length and startxref must be exact. (Checked by hand with `qpdf --check` and
// `pdftotext` too; those tools are not needed to run this test.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makePdf } from '../../src/demo/pdf.ts';

const sample = () => makePdf({ title: 'Päätös (korjattu) \\ 1/2', lines: ['Asiakas: Äijä Öhman', 'sana '.repeat(60), '', 'Merkki € ei ole Latin-1:ssä'] });

test('the xref table points at every object, and startxref at the table', () => {
  const text = sample().toString('latin1');
  assert.ok(text.startsWith('%PDF-1.4\n'));
  assert.ok(text.endsWith('%%EOF\n'));
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
  assert.equal(text.slice(startxref, startxref + 5), 'xref\n');
  const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(text.slice(startxref))!.map(Number) as [number, number, number];
  assert.equal(first, 0);
  const entriesAt = text.indexOf('\n', startxref + 5) + 1;
  for (let i = 0; i < count; i++) {
    const entry = text.slice(entriesAt + 20 * i, entriesAt + 20 * (i + 1));
    assert.match(entry, /^\d{10} \d{5} [nf]\r\n$/, `entry ${i} is 20 bytes`);
    if (i === 0) continue;
    const offset = Number(entry.slice(0, 10));
    assert.equal(text.slice(offset, offset + `${i} 0 obj`.length), `${i} 0 obj`, `object ${i} at its offset`);
  }
  assert.match(text, new RegExp(`trailer\\n<< /Size ${count} /Root 1 0 R >>`));
});

test('the content stream length is its exact byte count, and text is escaped', () => {
  const text = sample().toString('latin1');
  const length = Number(/\/Length (\d+) >>\nstream\n/.exec(text)![1]);
  const start = text.indexOf('stream\n') + 'stream\n'.length;
  assert.equal(text.slice(start + length, start + length + '\nendstream'.length), '\nendstream');
  const stream = text.slice(start, start + length);
  assert.ok(stream.includes('(Päätös \\(korjattu\\) \\\\ 1/2) Tj'), 'parentheses and backslash escaped, Latin-1 kept');
  assert.ok(stream.includes('Merkki ? ei'), 'characters outside Latin-1 become ?');
  assert.ok(stream.split('Tj').length > 5, 'the long line is wrapped');
});

test('deterministic: the same text gives the same bytes', () => {
  assert.ok(sample().equals(sample()));
});
