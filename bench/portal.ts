// The portal phase's world: persons named in the population register (the demo login lists only
// named people), and one logged-in portal session per person, obtained exactly as a browser
// would: GET /login, the redirects to the demo OpenID provider, its login page's form (with the
// portal's CSRF token) posted with the session and the provider's interaction cookies, the
// redirects back to /login/callback and on to /documents. Plain HTTP with a cookie jar, no browser.
import pg from 'pg';
import type { Tx } from '../src/store/db.ts';
import { importRegisters } from '../src/usecases/import-registers.ts';
import { PAGE_SIZE } from '../src/web/portal/documents.ts';

/** Names the persons through the registers import use case, as `kansio registers import` would. */
export async function namePersons(databaseUrl: string, codes: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    const lines = codes.map((identityCode, i) => JSON.stringify({ register: 'population', type: 'person', identityCode, givenName: `Penkki${i + 1}`, familyName: 'Portaalinen' }));
    // The use case takes the caller's transaction (house rule); a plain client inside begin/commit is one.
    const result = await importRegisters(client as unknown as Tx, { lines });
    if (!result.ok) throw new Error(`setup: the registers import refused the bench persons: ${JSON.stringify(result.problems)}`);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** The persons' opaque ids (person.fhir_id), which the demo login form posts; in the order given. */
export async function fhirIdsOf(databaseUrl: string, codes: readonly string[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ code: string; id: string }>('select identity_code as code, fhir_id::text as id from person where identity_code = any($1::text[])', [codes]);
    const byCode = new Map(r.rows.map((row) => [row.code, row.id]));
    return codes.map((code) => {
      const id = byCode.get(code);
      if (!id) throw new Error('setup: a portal person is missing from the person table');
      return id;
    });
  } finally {
    await client.end();
  }
}

interface StoredCookie { readonly name: string; readonly value: string; readonly path: string }

/**
 * A browser's cookies for one host: kept by name and path, sent where the request path is at or
 * under the cookie's path (RFC 6265 5.1.4), removed when the server expires them.
 */
export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  take(res: Response, requestPath: string): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const attr = new Map(attributes.map((a) => {
        const i = a.indexOf('=');
        return i < 0 ? [a.trim().toLowerCase(), ''] : [a.slice(0, i).trim().toLowerCase(), a.slice(i + 1).trim()];
      }));
      // Default path: the request path up to its last slash (RFC 6265 5.1.4).
      const path = attr.get('path')?.startsWith('/') ? attr.get('path')! : (requestPath.slice(0, requestPath.lastIndexOf('/')) || '/');
      const expires = attr.get('expires');
      const gone = attr.get('max-age') !== undefined ? Number(attr.get('max-age')) <= 0 : expires !== undefined && Date.parse(expires) <= Date.now();
      if (gone) this.cookies.delete(`${name};${path}`);
      else this.cookies.set(`${name};${path}`, { name, value, path });
    }
  }

  header(requestPath: string): string {
    return [...this.cookies.values()]
      .filter((c) => requestPath === c.path || requestPath.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`).join('; ');
  }
}

const MAX_REDIRECTS = 10;

/** A browser's navigation: the request, then its redirects, keeping cookies; the final answer. */
async function navigate(jar: CookieJar, start: URL, init: { method: string; body?: string; contentType?: string }): Promise<{ url: URL; res: Response; text: string }> {
  let url = start;
  let method = init.method;
  let body = init.body;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const cookie = jar.header(url.pathname);
    const res = await fetch(url, {
      method, redirect: 'manual',
      headers: { accept: 'text/html', ...(cookie ? { cookie } : {}), ...(body !== undefined && init.contentType ? { 'content-type': init.contentType } : {}) },
      ...(body !== undefined ? { body } : {}),
    });
    jar.take(res, url.pathname);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.arrayBuffer();
      url = new URL(location, url);
      // 301/302/303 after a POST become a GET, as browsers do.
      if (res.status !== 307 && res.status !== 308) { method = 'GET'; body = undefined; }
      continue;
    }
    return { url, res, text: await res.text() };
  }
  throw new Error(`setup: portal login: more than ${MAX_REDIRECTS} redirects from ${start.pathname}`);
}

/**
 * Logs a person in through the demo provider as a browser would; the session cookie header to
 * send with portal requests (only the cookies a browser would send to /documents).
 */
export async function portalLogin(baseUrl: string, personFhirId: string): Promise<string> {
  const jar = new CookieJar();
  const login = await navigate(jar, new URL('/login', baseUrl), { method: 'GET' });
  if (login.res.status !== 200 || !/^\/demo-login\/[\w-]+$/.test(login.url.pathname)) {
    throw new Error(`setup: portal login: GET /login ended at ${login.url.pathname} with ${login.res.status}, expected the demo login page: ${login.text.slice(0, 300)}`);
  }
  const csrf = /name="_csrf"\s+value="([^"]+)"/.exec(login.text)?.[1];
  if (!csrf) throw new Error('setup: portal login: the demo login page has no _csrf field');
  // A browser can only press a button the page shows.
  if (!login.text.includes(`value="${personFhirId}"`)) throw new Error('setup: portal login: the demo login page does not list the person');
  const done = await navigate(jar, login.url, { method: 'POST', contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams({ person: personFhirId, _csrf: csrf }).toString() });
  if (done.res.status !== 200 || done.url.pathname !== '/documents') {
    throw new Error(`setup: portal login: the demo login form ended at ${done.url.pathname} with ${done.res.status}, expected /documents: ${done.text.slice(0, 300)}`);
  }
  const cookie = jar.header('/documents');
  if (!cookie.includes('kansio_session=')) throw new Error('setup: portal login: no session cookie after the login');
  return cookie;
}

/** The document links of a /documents page: one per listed document. */
export function documentRows(html: string): number {
  return html.match(/href="\/documents\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"/g)?.length ?? 0;
}

/**
 * GET /documents with a session: fails unless it answers 200 with the first page of the
 * person's `total` documents (PAGE_SIZE rows, newest first) and says that `total` are shown in
 * all, so that every one of them went through the visibility decision.
 */
export async function checkDocumentList(baseUrl: string, cookie: string, total: number, when: string): Promise<void> {
  const res = await fetch(`${baseUrl}/documents`, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${when}: GET /documents answered ${res.status}, expected 200: ${text.slice(0, 300)}`);
  const rows = documentRows(text);
  const expected = Math.min(PAGE_SIZE, total);
  if (rows !== expected) throw new Error(`${when}: GET /documents lists ${rows} documents, expected ${expected} (the first page of ${total})`);
  const range = /data-testid="range">([^<]*)</.exec(text)?.[1] ?? '';
  if (total > PAGE_SIZE && !range.includes(String(total))) throw new Error(`${when}: GET /documents does not say that ${total} documents are shown in all: '${range}'`);
}
