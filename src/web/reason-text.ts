// V14: a decision's reason as a sentence in the page's language. The decisions carry each
// reason twice: in English for the audit record and the FHIR API (`detail`), and as a message
// key with its values (`says`) for pages. A reason without a message keeps its English sentence.
import type { Lang, SubjectGroup } from '../domain/codes/index.ts';
import { SUBJECT_GROUP_LABELS } from '../domain/codes/index.ts';
import type { Reason } from '../domain/types.ts';
import { formatters, translator } from './i18n.ts';
import { serviceTaskLabel } from './portal/documents.ts';

const DAYS = new Set(['from', 'until', 'on', 'since', 'adult']);

export function reasonText(reason: Reason, lang: Lang): string {
  if (!reason.says) return reason.detail;
  const t = translator(lang);
  const fmt = formatters(lang);
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(reason.says.values ?? {})) {
    if (DAYS.has(name)) values[name] = fmt.date(value);
    else if (name === 'task') values[name] = serviceTaskLabel(value, lang);
    else if (name === 'category') values[name] = t(`reasons.category.${value}`);
    else if (name === 'group') values[name] = SUBJECT_GROUP_LABELS[value as SubjectGroup]?.[lang] ?? value;
    else if (name === 'kind') values[name] = t(`archivist.document.kind.${value}`);
    else values[name] = value;
  }
  return t(`reasons.${reason.says.key}`, values);
}
