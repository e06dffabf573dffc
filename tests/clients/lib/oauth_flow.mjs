// Driving the host's built-in authorization server without a browser, the
// way a browser would: GET the authorization URL, fill in the sign-in form
// (the tenant's master key), press "allow" or "deny" on the consent page, and
// read the redirect the server answers with instead of following it (the
// redirect URI is the client's loopback callback, which nothing listens on).
// Plus the hand-made requests the refusal checks need: PKCE pairs, dynamic
// client registration, token and revocation requests.
import { createHash, randomBytes } from 'node:crypto';

// RFC 7636 S256: a 43-character verifier and its SHA-256, both base64url.
export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

// The value of the form's hidden `request` input (the pending authorization
// the server keeps between the pages). Attribute order and quoting are the
// server's business, so every <input> tag is read attribute by attribute.
export function hiddenRequest(html) {
  for (const [tag] of String(html).matchAll(/<input\b[^>]*>/gi)) {
    const attrs = Object.fromEntries([...tag.matchAll(/([a-zA-Z_:-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)]
      .map((m) => [m[1].toLowerCase(), m[3] ?? m[4]]));
    if (attrs.name === 'request' && attrs.value) return unescapeHtml(attrs.value);
  }
  return undefined;
}

const unescapeHtml = (s) => s.replace(/&quot;/g, '"').replace(/&#39;|&#x27;/g, "'")
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

// A redirect's Location split into what a client's callback reads. Query
// parameters that appear twice are reported in `repeated`: RFC 9207 and the
// conformance suite want exactly one code, state and iss.
export function parseRedirect(location) {
  if (!location) return undefined;
  const url = new URL(location);
  const p = url.searchParams;
  const repeated = ['code', 'state', 'iss', 'error'].filter((k) => p.getAll(k).length > 1);
  const get = (k) => p.get(k) ?? undefined;
  return {
    url, target: `${url.origin}${url.pathname}`, code: get('code'), state: get('state'),
    iss: get('iss'), error: get('error'), errorDescription: get('error_description'), repeated,
  };
}

// One browser step: never follows redirects (the test reads them), reads
// the body as text. Returns { status, location, html, request, headers }.
async function browse(url, init = {}) {
  const headers = { Accept: 'text/html', ...(init.headers ?? {}) };
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  const html = await response.text();
  return {
    status: response.status, location: response.headers.get('location') ?? undefined,
    html, request: hiddenRequest(html), headers: response.headers,
  };
}

// The URL a page's form posts to, resolved against the page as a browser
// would (the contract says action="/authorize"; that is also the fallback).
function formAction(pageUrl, html) {
  const action = /<form\b[^>]*\baction\s*=\s*("([^"]*)"|'([^']*)')/i.exec(html);
  return new URL(action ? unescapeHtml(action[2] ?? action[3]) : '/authorize', pageUrl).href;
}

const postForm = (url, fields) => browse(url, {
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

// A browser session on the sign-in pages, step by step, for checks that
// need to look at each page: open(url), signIn(masterKey), decide(decision).
// Each returns the page ({ status, location, html, request }); decide() adds
// `redirect` (parseRedirect of the Location).
export class SignIn {
  constructor() {
    this.page = undefined;
    this.pageUrl = undefined;
  }

  async open(authorizationUrl) {
    this.pageUrl = String(authorizationUrl);
    this.page = await browse(this.pageUrl);
    return this.page;
  }

  async signIn(masterKey) {
    return this.#submit({ request: this.page?.request ?? '', master_key: masterKey });
  }

  async decide(decision = 'allow') {
    const page = await this.#submit({ request: this.page?.request ?? '', decision });
    return { ...page, redirect: parseRedirect(page.location) };
  }

  async #submit(fields) {
    const url = formAction(this.pageUrl, this.page?.html ?? '');
    this.page = await postForm(url, fields);
    this.pageUrl = url;
    return this.page;
  }
}

// The whole sign-in for an authorization URL: sign-in page, master key,
// consent, decision. Resolves with the parsed redirect plus the pages seen
// ({ signInPage, consentPage, redirect }); throws, saying which page was not
// what the contract promises, so a failing check shows where it stopped.
// Never puts the master key in an error message.
export async function authorize(authorizationUrl, { masterKey, decision = 'allow' }) {
  const browser = new SignIn();
  const signInPage = await browser.open(authorizationUrl);
  if (signInPage.status !== 200 || !signInPage.request) {
    throw new Error(`GET /authorize: ${signInPage.status} ${signInPage.location ?? ''} ` +
      `(expected 200 with a hidden request field) ${signInPage.html.slice(0, 300)}`);
  }
  const consentPage = await browser.signIn(masterKey);
  if (consentPage.status !== 200 || !consentPage.request) {
    throw new Error(`POST /authorize with the master key: ${consentPage.status} ` +
      `(expected the consent page) ${consentPage.html.slice(0, 300)}`);
  }
  const decided = await browser.decide(decision);
  if (decided.status !== 302 && decided.status !== 303 || !decided.redirect) {
    throw new Error(`POST /authorize decision=${decision}: ${decided.status} without a redirect ` +
      `${decided.html.slice(0, 300)}`);
  }
  return { signInPage, consentPage, redirect: decided.redirect };
}

// An authorization URL built by hand (what an SDK builds): `params` over
// response_type=code and S256; undefined values are left out.
export function authorizationUrl(issuer, params) {
  const url = new URL(`${issuer}/authorize`);
  const all = { response_type: 'code', code_challenge_method: 'S256', ...params };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) url.searchParams.set(k, v);
  return url;
}

// The JSON (or, failing that, the text) of a response, with its status and
// headers, for checks that look at all three.
async function answer(response) {
  const text = await response.text();
  let body;
  try { body = JSON.parse(text); } catch { body = text; }
  return { status: response.status, body, headers: response.headers };
}

// POST ISSUER/register (RFC 7591) with `metadata` as JSON.
export async function register(issuer, metadata) {
  return answer(await fetch(`${issuer}/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(metadata),
  }));
}

// A form POST to a token-endpoint-like URL. `basic` ({ id, secret })
// authenticates with HTTP Basic (RFC 6749 2.3.1: both parts form-encoded
// first); without it the client authenticates in the form itself (client_id,
// and client_secret for client_secret_post).
async function postClientForm(url, form, { basic } = {}) {
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
  if (basic) {
    const enc = (s) => encodeURIComponent(s).replace(/%20/g, '+');
    headers.Authorization = `Basic ${Buffer.from(`${enc(basic.id)}:${enc(basic.secret)}`).toString('base64')}`;
  }
  const body = new URLSearchParams(Object.entries(form).filter(([, v]) => v !== undefined));
  return answer(await fetch(url, { method: 'POST', headers, body: body.toString() }));
}

// POST ISSUER/token with `form`; resolves with { status, body, headers }.
export const token = (issuer, form, options) => postClientForm(`${issuer}/token`, form, options);

// POST ISSUER/revoke (RFC 7009) with `form` (token, token_type_hint, client auth).
export const revoke = (issuer, form, options) => postClientForm(`${issuer}/revoke`, form, options);
