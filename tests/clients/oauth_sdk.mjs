// The host's built-in OAuth 2.1 authorization server, driven by the official
// SDK clients and by hand. Nothing here opens a browser: lib/oauth_flow.mjs
// reads the sign-in and consent pages and answers them as a browser would
// (the tenant's master key, then allow or deny), and reads the redirect to
// the client's loopback callback instead of following it.
//   - discovery: the protected-resource metadata names the host as its
//     authorization server, whose RFC 8414 metadata and JWKS are checked;
//   - SDK v1 registers itself (DCR), signs in and runs the orders workflow;
//   - SDK v2 does the same with DCR, and with a Client ID Metadata Document
//     served on loopback over https with a test CA the host is told to trust
//     ([http_client] ca_file), as it fetches documents over https only;
//   - every refusal the issue lists, each with its RFC error code and nothing
//     issued: redirect URIs, PKCE, used, expired and misdirected codes and
//     tokens, forged tokens, refresh-token reuse, revocation, scopes, a wrong
//     master key, a denial;
//   - no token, code, client secret or master key reaches a tool result or
//     the host's log.
//   node oauth_sdk.mjs <orderdesk-mcp> <orderdesk-sandbox> <orders.toml> [plugin dir]
import { createHmac, createPublicKey, generateKeyPairSync, randomBytes, randomUUID, sign, verify }
  from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import {
  Client as V2Client, StreamableHTTPClientTransport as V2Transport, UnauthorizedError as V2Unauthorized,
} from '@modelcontextprotocol/client';
import { UnauthorizedError as V1Unauthorized } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Tally, freePort } from './lib/harness.mjs';
import {
  SignIn, authorizationUrl, authorize, parseRedirect, pkce, register, revoke, token,
} from './lib/oauth_flow.mjs';
import {
  ORDERS_SEEDED, checkOrdersToolsList, checkOrdersWorkflow, checkStoreSetup,
} from './lib/orders_checks.mjs';
import { Session } from './lib/stores_checks.mjs';
import { DEMO_STORE, SECOND_STORE, TENANT_NAME, setupTenant } from './lib/tenant_setup.mjs';

const [binary, sandbox, config, pluginDir] = process.argv.slice(2);
const t = new Tally('oauth/http');
let setup;
let host;
let hostB;
let cimd;
let cimdHttp;
const clients = [];
// Every secret the server hands out (tokens, codes, client secrets): none may
// show up in the host's log.
const issued = new Set();
const keep = (...values) => { for (const v of values) if (typeof v === 'string' && v) issued.add(v); };

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
// Just after a wall-clock second starts: a 1-second token or code made now is
// good for the whole second even if the server counts in whole seconds.
const atSecondStart = () => sleep(1000 - (Date.now() % 1000) + 30);

// The clock skew the host allows its own access tokens past exp
// (IssuedTokens leeway_s, host/auth/server/issued_tokens.h): an expiry check
// waits this much longer.
const OWN_TOKEN_LEEWAY_S = 5;

// Failure details name what came back without the secrets in it.
const SECRET_FIELDS = ['access_token', 'refresh_token', 'client_secret', 'code', 'id_token'];
const redact = (value) => JSON.stringify(value, (k, v) => (SECRET_FIELDS.includes(k) && typeof v === 'string'
  ? `<${v.length} chars>` : v))?.slice(0, 500);
const show = (r) => `${r.status} ${redact(r.body)}`;

// A JWT's parts, decoded.
const jwt = (value) => {
  const [h, p, s] = String(value).split('.');
  const part = (x) => { try { return JSON.parse(Buffer.from(x ?? '', 'base64url')); } catch { return undefined; } };
  return { header: part(h), payload: part(p), input: `${h}.${p}`, signature: s, h, p };
};
const b64json = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

// One 2026-07-28 request by hand, to see the status and headers.
const mcp = (url, bearer, method = 'tools/list', params = {}) => fetch(url, {
  method: 'POST',
  headers: {
    'Content-Type': 'application/json', Accept: 'application/json, text/event-stream',
    'MCP-Protocol-Version': '2026-07-28', 'Mcp-Method': method,
    ...(params.name ? { 'Mcp-Name': params.name } : {}),
    ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
  },
  body: JSON.stringify({
    jsonrpc: '2.0', id: 1, method,
    params: {
      ...params,
      _meta: {
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientCapabilities': {},
      },
    },
  }),
});
// tools/list with a bearer token: { status, challenge, text }.
const probe = async (url, bearer) => {
  const r = await mcp(url, bearer);
  return { status: r.status, challenge: r.headers.get('www-authenticate') ?? '', text: await r.text() };
};
const refusedAsInvalid = (p, bearer) => p.status === 401 && /error="invalid_token"/.test(p.challenge) &&
  !p.text.includes(bearer) && !p.challenge.includes(bearer);

// The app side of an OAuth client, for both SDK generations (v2's interface
// is v1's plus the discovery state): everything in memory, and a
// "browser" that signs in with the master key when the SDK redirects.
class HeadlessProvider {
  constructor({ masterKey, redirectUrl, clientName, preRegistered }) {
    this.masterKey = masterKey;
    this._redirectUrl = redirectUrl;
    this.clientName = clientName;
    this.client = preRegistered;  // a client_id known beforehand (a CIMD URL)
    this.saved = undefined;
    this.verifier = undefined;
    this.discovery = undefined;
    this.redirect = undefined;    // the callback the server sent the browser to
    this.pages = undefined;
    this.sentState = undefined;
    this.authorizationUrl = undefined;
  }

  get redirectUrl() { return this._redirectUrl; }

  get clientMetadata() {
    return {
      client_name: this.clientName, redirect_uris: [this._redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  state() {
    this.sentState = randomBytes(16).toString('base64url');
    return this.sentState;
  }

  clientInformation() { return this.client; }

  saveClientInformation(info) { this.client = info; }

  tokens() { return this.saved; }

  saveTokens(tokens) {
    this.saved = tokens;
    keep(tokens.access_token, tokens.refresh_token);
  }

  saveCodeVerifier(verifier) { this.verifier = verifier; }

  codeVerifier() { return this.verifier; }

  saveDiscoveryState(state) { this.discovery = state; }

  discoveryState() { return this.discovery; }

  // The SDK's "open this URL in a browser": the sign-in, done here; the code
  // comes back to the test, which hands it to transport.finishAuth().
  async redirectToAuthorization(url) {
    this.authorizationUrl = new URL(url);
    const result = await authorize(url, { masterKey: this.masterKey });
    this.pages = result;
    this.redirect = result.redirect;
    keep(result.redirect.code);
  }
}

// Checks of the callback an SDK's sign-in ended at.
function checkCallback(label, provider, issuer) {
  const r = provider.redirect;
  t.check(`${label}: the consent redirect goes to the registered callback with one code, the state and iss`,
    r && r.target === provider.redirectUrl && r.code && r.state === provider.sentState &&
    r.iss === issuer && !r.error && r.repeated.length === 0,
    r ? `${r.target} code:${Boolean(r.code)} state ok:${r.state === provider.sentState} iss:${r.iss} ` +
      `error:${r.error} repeated:${r.repeated}` : 'no redirect');
  const u = provider.authorizationUrl;
  t.check(`${label}: the SDK asked for S256 and the resource`,
    u?.searchParams.get('code_challenge_method') === 'S256' &&
    u?.searchParams.get('resource') === `${issuer}/mcp`, u ? `${u.search.replace(/code_challenge=[^&]*/, '')}` : '');
}

// A test CA and a certificate it signed for 127.0.0.1, in `dir`: the host
// fetches metadata documents over https only, and trusts this CA through
// [http_client] ca_file.
function makeCertificates(dir) {
  const openssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl('req', '-x509', ...ecKey, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2',
    '-subj', '/CN=oauth test CA', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' +
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n');
  openssl('req', ...ecKey, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '10',
    '-days', '2', '-extfile', 'server.ext', '-out', 'server.pem');
  return { ca: join(dir, 'ca.pem'), key: readFileSync(join(dir, 'server.key')),
    cert: readFileSync(join(dir, 'server.pem')) };
}

// A Client ID Metadata Document server on loopback (https with `tls`, else
// http); counts fetches per path.
async function startCimdServer(redirectUri, tls) {
  const fetches = {};
  const handler = (req, res) => {
    fetches[req.url] = (fetches[req.url] ?? 0) + 1;
    const self = `${base}${req.url}`;
    const documents = {
      '/clients/good.json': { client_id: self, client_name: 'CIMD test client',
        redirect_uris: [redirectUri], grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'], token_endpoint_auth_method: 'none' },
      '/clients/mismatch.json': { client_id: `${base}/clients/someone-else.json`, client_name: 'Mismatched',
        redirect_uris: [redirectUri], token_endpoint_auth_method: 'none' },
    };
    const doc = documents[req.url];
    res.writeHead(doc ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(doc ?? { error: 'not_found' }));
  };
  const server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }, handler) : createHttpServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `${tls ? 'https' : 'http'}://127.0.0.1:${server.address().port}`;
  return { base, fetches, close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }) };
}

try {
  setup = await setupTenant({
    binary, sandbox, config, pluginDir, orders: ORDERS_SEEDED,
    plugins: ['stores', 'orders', 'products'],
  });
  const { masterKey } = setup;
  const port = await freePort();
  const ISSUER = `http://127.0.0.1:${port}`;
  const RESOURCE = `${ISSUER}/mcp`;
  const callback = `http://127.0.0.1:${await freePort()}/callback`;  // nothing listens: the test reads redirects
  const tls = makeCertificates(setup.dir);
  cimd = await startCimdServer(callback, tls);
  cimdHttp = await startCimdServer(callback);
  host = await setup.startHttpHost({
    listen: `127.0.0.1:${port}`,
    extraEnv: { ODMCP_AUTH__RESOURCE: RESOURCE, ODMCP_AUTH__SERVER__METADATA_DOCUMENT_PRIVATE_ADDRESSES: 'true',
      ODMCP_HTTP_CLIENT__CA_FILE: tls.ca },
  });
  let jwks = { keys: [] };
  let metadata = {};

  await t.step('discovery', async () => {
    const prmUrl = `${ISSUER}/.well-known/oauth-protected-resource/mcp`;
    const prm = await fetch(prmUrl);
    const document = await prm.json();
    t.check('the protected-resource metadata names this host as its only authorization server, exactly',
      prm.status === 200 && document.resource === RESOURCE && Array.isArray(document.authorization_servers) &&
      document.authorization_servers.length === 1 && document.authorization_servers[0] === ISSUER,
      JSON.stringify(document));
    const atRoot = await (await fetch(`${ISSUER}/.well-known/oauth-protected-resource`)).json();
    t.check('... at the root well-known URL too', JSON.stringify(atRoot) === JSON.stringify(document),
      JSON.stringify(atRoot));
    const anonymous = await probe(RESOURCE);
    t.check('a request without credentials gets 401 naming the metadata',
      anonymous.status === 401 && anonymous.challenge.includes(`resource_metadata="${prmUrl}"`),
      `${anonymous.status} ${anonymous.challenge}`);

    const asm = await fetch(`${ISSUER}/.well-known/oauth-authorization-server`);
    metadata = await asm.json().catch(() => ({}));
    const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
    const sameSet = (a, b) => Array.isArray(a) && same([...a].sort(), [...b].sort());
    const expected = {
      issuer: ISSUER, authorization_endpoint: `${ISSUER}/authorize`, token_endpoint: `${ISSUER}/token`,
      registration_endpoint: `${ISSUER}/register`, revocation_endpoint: `${ISSUER}/revoke`,
      jwks_uri: `${ISSUER}/jwks`, authorization_response_iss_parameter_supported: true,
      client_id_metadata_document_supported: true,
    };
    const wrong = Object.entries(expected).filter(([k, v]) => metadata[k] !== v).map(([k]) => k);
    t.check('the RFC 8414 metadata: issuer, the five endpoints, iss parameter and CIMD support',
      asm.status === 200 && /application\/json/.test(asm.headers.get('content-type') ?? '') && wrong.length === 0,
      `${asm.status} ${asm.headers.get('content-type')} wrong: ${wrong.map((k) => `${k}=${JSON.stringify(metadata[k])}`)}`);
    const lists = {
      response_types_supported: ['code'], grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_post', 'client_secret_basic'],
    };
    const wrongLists = Object.entries(lists).filter(([k, v]) => !sameSet(metadata[k], v)).map(([k]) => k);
    t.check('... code, S256 only, the two grants and the three client authentications',
      wrongLists.length === 0, wrongLists.map((k) => `${k}=${JSON.stringify(metadata[k])}`).join(' '));
    const scopes = metadata.scopes_supported ?? [];
    // The plugins' scopes (orders:read, ...) are granted (see 'scopes') but,
    // as docs/authorization.md shows, need not be listed.
    t.check('... and the tool scopes', ['tools:read', 'tools:write'].every((s) => scopes.includes(s)),
      JSON.stringify(scopes));

    const keys = await fetch(`${ISSUER}/jwks`);
    jwks = await keys.json().catch(() => ({ keys: [] }));
    const parsed = (jwks.keys ?? []).map((k) => { try { return createPublicKey({ key: k, format: 'jwk' }); } catch { return null; } });
    t.check('the JWKS holds ES256 public keys (P-256, a kid each, no private part) that parse',
      keys.status === 200 && parsed.length > 0 && parsed.every(Boolean) &&
      jwks.keys.every((k) => k.kty === 'EC' && k.crv === 'P-256' && k.kid && !('d' in k) &&
        (k.alg === undefined || k.alg === 'ES256')), JSON.stringify(jwks));
  });

  // A client registered by hand, and a grant through the pages for it.
  const registerClient = async (extra = {}) => {
    const r = await register(ISSUER, { client_name: 'OAuth test client', redirect_uris: [callback],
      grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
      token_endpoint_auth_method: 'none', ...extra });
    keep(r.body?.client_secret);
    return r;
  };
  const grant = async (client, { scope, issuer = ISSUER, resource = `${issuer}/mcp`, redirectUri = callback,
    decision = 'allow' } = {}) => {
    const { verifier, challenge } = pkce();
    const state = randomBytes(12).toString('base64url');
    const url = authorizationUrl(issuer, { client_id: client.client_id, redirect_uri: redirectUri,
      code_challenge: challenge, state, scope, resource });
    const flow = await authorize(url, { masterKey, decision });
    keep(flow.redirect.code);
    return { ...flow, code: flow.redirect.code, verifier, state, redirectUri, resource, issuer, client };
  };
  const redeem = async (g, extra = {}, options = {}) => {
    const r = await token(g.issuer, { grant_type: 'authorization_code', code: g.code, code_verifier: g.verifier,
      redirect_uri: g.redirectUri, resource: g.resource,
      client_id: options.basic ? undefined : g.client.client_id, ...extra }, options);
    keep(r.body?.access_token, r.body?.refresh_token);
    return r;
  };
  const refresh = async (issuer, client, refreshToken, extra = {}) => {
    const r = await token(issuer, { grant_type: 'refresh_token', refresh_token: refreshToken,
      client_id: client.client_id, ...extra });
    keep(r.body?.access_token, r.body?.refresh_token);
    return r;
  };
  const isGrantError = (r, error) => r.status === 400 && r.body?.error === error && !r.body?.access_token;

  let publicClient;
  await t.step('registration and the pages', async () => {
    const r = await registerClient();
    publicClient = r.body;
    t.check('POST /register: 201 with a client_id, the redirect URIs echoed and no secret for "none"',
      r.status === 201 && typeof r.body?.client_id === 'string' && r.body.client_id.length > 0 &&
      JSON.stringify(r.body.redirect_uris) === JSON.stringify([callback]) &&
      r.body.token_endpoint_auth_method === 'none' && r.body.client_secret === undefined &&
      r.body.client_name === 'OAuth test client' && Number.isInteger(r.body.client_id_issued_at), show(r));
    const insecure = await registerClient({ redirect_uris: ['http://example.com/callback'] });
    t.check('a plain-http redirect URI off loopback is refused: 400 invalid_redirect_uri',
      insecure.status === 400 && insecure.body?.error === 'invalid_redirect_uri' && !insecure.body.client_id,
      show(insecure));
    const method = await registerClient({ token_endpoint_auth_method: 'private_key_jwt' });
    t.check('an unsupported client authentication is refused: 400 invalid_client_metadata',
      method.status === 400 && method.body?.error === 'invalid_client_metadata' && !method.body.client_id,
      show(method));

    const g = await grant(publicClient, { scope: 'tools:read' });
    const consent = g.consentPage.html;
    t.check('the consent page names the client, its redirect host, the tenant and the scopes',
      consent.includes('OAuth test client') && consent.includes('127.0.0.1') && consent.includes(TENANT_NAME) &&
      consent.includes('tools:read'), consent.slice(0, 400));
    const unframed = (page) => /frame-ancestors\s+'none'/.test(page.headers.get('content-security-policy') ?? '') ||
      /^deny$/i.test(page.headers.get('x-frame-options') ?? '');
    t.check('the pages run no script and may not be framed',
      [g.signInPage, g.consentPage].every((page) => unframed(page) && !/<script/i.test(page.html)),
      `csp: ${g.consentPage.headers.get('content-security-policy')} xfo: ${g.consentPage.headers.get('x-frame-options')}`);
    t.check('neither page shows the master key',
      !g.signInPage.html.includes(masterKey) && !consent.includes(masterKey));
    t.check('allow: 302 to the callback with one code, the state and iss',
      g.redirect.target === callback && g.code && g.redirect.state === g.state && g.redirect.iss === ISSUER &&
      g.redirect.repeated.length === 0, `${g.redirect.target} ${g.redirect.state === g.state} ${g.redirect.iss}`);
    const r2 = await redeem(g);
    const cache = r2.headers.get('cache-control') ?? '';
    t.check('POST /token: 200 JSON, no-store, a Bearer JWT, expires_in, a refresh token and the scope',
      r2.status === 200 && /application\/json/.test(r2.headers.get('content-type') ?? '') &&
      /no-store/.test(cache) && r2.body?.token_type?.toLowerCase() === 'bearer' &&
      Number.isInteger(r2.body.expires_in) && r2.body.expires_in > 0 && typeof r2.body.refresh_token === 'string' &&
      r2.body.scope === 'tools:read', `${show(r2)} cache-control: ${cache}`);
    const { header, payload, input, signature } = jwt(r2.body?.access_token);
    const key = (jwks.keys ?? []).find((k) => k.kid === header?.kid);
    let verified = false;
    try {
      verified = Boolean(key) && verify('sha256', Buffer.from(input), { key: createPublicKey({ key, format: 'jwk' }),
        dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
    } catch { verified = false; }
    t.check('the access token is an ES256 JWT signed by a JWKS key, for this resource, from this issuer',
      header?.alg === 'ES256' && verified && payload?.iss === ISSUER &&
      (payload?.aud === RESOURCE || (Array.isArray(payload?.aud) && payload.aud.includes(RESOURCE))) &&
      payload?.exp - payload?.iat === r2.body?.expires_in,
      `${JSON.stringify(header)} verified:${verified} ${JSON.stringify({ ...payload, sub: undefined })}`);
    const evil = await registerClient({ client_name: '<img src=x onerror=alert(1)>' });
    const ge = await grant(evil.body, { scope: 'tools:read' }).catch((e) => ({ consentPage: { html: String(e) } }));
    t.check('a client name is escaped on the consent page',
      !ge.consentPage.html.includes('<img src=x') && /(&lt;|&#0*60;|&#x0*3c;)img/i.test(ge.consentPage.html),
      ge.consentPage.html.slice(0, 300));
  });

  let v1Tokens;
  await t.step('SDK v1 with dynamic client registration', async () => {
    const provider = new HeadlessProvider({ masterKey, redirectUrl: callback, clientName: 'SDK v1 test' });
    let first;
    const transport = new V1Transport(new URL(RESOURCE), { authProvider: provider });
    try {
      await new V1Client({ name: 'oauth-v1-test', version: '1.0.0' }).connect(transport);
    } catch (e) {
      first = e;
    }
    t.check('v1: the first connect stops for the user\'s authorization (UnauthorizedError)',
      first instanceof V1Unauthorized && provider.redirect, `${first?.stack ?? 'connected'}`);
    t.check('v1: it registered itself: a client_id, no secret, its redirect URI',
      provider.client?.client_id && provider.client.client_secret === undefined &&
      JSON.stringify(provider.client.redirect_uris) === JSON.stringify([callback]), redact(provider.client));
    checkCallback('v1', provider, ISSUER);
    await transport.finishAuth(provider.redirect.code);
    v1Tokens = provider.tokens();
    t.check('v1: finishAuth exchanged the code for a Bearer access token and a refresh token',
      v1Tokens?.access_token && v1Tokens.refresh_token && v1Tokens.token_type?.toLowerCase() === 'bearer',
      redact(v1Tokens));
    const client = new V1Client({ name: 'oauth-v1-test', version: '1.0.0' });
    await client.connect(new V1Transport(new URL(RESOURCE), { authProvider: provider }));
    clients.push(client);
    const s = new Session(t, client, [
      ['the API key of 1001', DEMO_STORE.key], ['the API key of 2002', SECOND_STORE.key],
      ['the master key', masterKey], ['the KMS key', setup.env.ODMCP_KMS_KEY],
      ['the access token', v1Tokens.access_token], ['the refresh token', v1Tokens.refresh_token],
      ['the authorization code', provider.redirect.code],
    ]);
    await checkOrdersToolsList(s);
    const selectedBy = await checkStoreSetup(s, { sessionful: true });
    await checkOrdersWorkflow(s, { sandboxUrl: setup.sandboxUrl, selectedBy,
      callWithProgress: (c, params, onprogress) => c.callTool(params, undefined, { onprogress }) });
    s.checkNoSecrets('no result or tool listing holds an API key, the master key or an OAuth token');
  });

  // An SDK v2 client through the whole sign-in; returns the connected client.
  // `probe`: call orders_get too (the tenant has a store already).
  const v2SignIn = async (label, provider, { probe = true } = {}) => {
    let first;
    const transport = new V2Transport(new URL(RESOURCE), { authProvider: provider });
    try {
      await new V2Client({ name: 'oauth-v2-test', version: '1.0.0' },
        { versionNegotiation: { mode: 'auto' } }).connect(transport);
    } catch (e) {
      first = e;
    }
    t.check(`${label}: the first connect stops for the user's authorization (UnauthorizedError)`,
      first instanceof V2Unauthorized && provider.redirect, `${first?.stack ?? 'connected'}`);
    checkCallback(label, provider, ISSUER);
    // v2 checks iss against the metadata's issuer (RFC 9207) before redeeming.
    await transport.finishAuth(provider.redirect.code, provider.redirect.iss);
    const saved = provider.tokens();
    t.check(`${label}: finishAuth got a Bearer access token and a refresh token`,
      saved?.access_token && saved.refresh_token && saved.token_type?.toLowerCase() === 'bearer', redact(saved));
    const client = new V2Client({ name: 'oauth-v2-test', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
    await client.connect(new V2Transport(new URL(RESOURCE), { authProvider: provider }));
    clients.push(client);
    const s = new Session(t, client, [
      ['the master key', provider.masterKey], ['the API key of 1001', DEMO_STORE.key],
      ['the access token', saved.access_token], ['the refresh token', saved.refresh_token],
    ]);
    const listed = await client.listTools();
    s.record('tools/list', listed);
    const names = listed.tools.map((x) => x.name);
    t.check(`${label}: tools/list offers the orders and products tools`,
      ['orders_get', 'orders_list', 'orders_add_note', 'products_get'].every((n) => names.includes(n)),
      JSON.stringify(names));
    if (probe) {
      const got = await s.call('orders_get', { order_id: '200001' });
      t.check(`${label}: orders_get answers from the tenant's store`,
        got.isError !== true && !got.rpcError && JSON.stringify(got).includes('200001'),
        JSON.stringify(got).slice(0, 300));
    }
    s.checkNoSecrets(`${label}: no result holds the master key or an OAuth token`);
    return client;
  };

  await t.step('SDK v2 with dynamic client registration', async () => {
    // A tenant of its own, so that its orders workflow starts as v1's did:
    // no store registered, nothing cached.
    const bobKey = execFileSync(binary, ['tenant', 'create', 'bob', '--config', config],
      { env: setup.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30000 }).trim();
    const provider = new HeadlessProvider({ masterKey: bobKey, redirectUrl: callback, clientName: 'SDK v2 test' });
    const client = await v2SignIn('v2 DCR', provider, { probe: false });
    t.check('v2 DCR: it registered itself: a client_id, no secret',
      provider.client?.client_id && provider.client.client_secret === undefined && !/^https?:/.test(provider.client.client_id),
      redact(provider.client));
    const saved = provider.tokens();
    const s = new Session(t, client, [
      ['the API key of 1001', DEMO_STORE.key], ['the API key of 2002', SECOND_STORE.key],
      ['the master keys', masterKey], ['the master keys', bobKey],
      ['the KMS key', setup.env.ODMCP_KMS_KEY],
      ['the access token', saved.access_token], ['the refresh token', saved.refresh_token],
      ['the authorization code', provider.redirect.code],
    ]);
    await checkOrdersToolsList(s);
    const selectedBy = await checkStoreSetup(s, { sessionful: false });
    await checkOrdersWorkflow(s, { sandboxUrl: setup.sandboxUrl, selectedBy,
      callWithProgress: (c, params, onprogress) => c.callTool(params, { onprogress }) });
    s.checkNoSecrets('v2 DCR: no result or tool listing holds an API key, the master key or an OAuth token');
  });

  await t.step('Client ID Metadata Documents', async () => {
    const good = `${cimd.base}/clients/good.json`;
    // By hand first: client_id is the document's URL.
    const g = await grant({ client_id: good }, { scope: 'tools:read' });
    t.check('CIMD: the host fetched the document and the consent page names its client',
      cimd.fetches['/clients/good.json'] > 0 && g.consentPage.html.includes('CIMD test client'),
      `${JSON.stringify(cimd.fetches)} ${g.consentPage.html.slice(0, 200)}`);
    const r = await redeem(g);
    t.check('CIMD: the code is redeemed with the URL as client_id', r.status === 200 && r.body?.access_token,
      show(r));
    const p = await probe(RESOURCE, r.body?.access_token);
    t.check('CIMD: its access token works on /mcp', p.status === 200, `${p.status} ${p.challenge}`);
    const opened = async (clientId, redirectUri = callback) => {
      const page = await new SignIn().open(authorizationUrl(ISSUER, { client_id: clientId,
        redirect_uri: redirectUri, code_challenge: pkce().challenge, state: 'x', resource: RESOURCE }));
      return page;
    };
    const mismatch = await opened(`${cimd.base}/clients/mismatch.json`);
    t.check('CIMD: a document whose client_id is not its URL: 400 page, no redirect',
      mismatch.status === 400 && !mismatch.location, `${mismatch.status} ${mismatch.location}`);
    const missing = await opened(`${cimd.base}/clients/absent.json`);
    t.check('CIMD: a document that is not there: 400 page, no redirect',
      missing.status === 400 && !missing.location, `${missing.status} ${missing.location}`);
    const foreign = await opened(good, 'http://127.0.0.1:9/elsewhere');
    t.check('CIMD: a redirect URI the document does not list: 400 page, no redirect',
      foreign.status === 400 && !foreign.location, `${foreign.status} ${foreign.location}`);
    // https only (docs/authorization.md), even where private addresses are
    // allowed: a plain-http client_id is not a document URL, nor registered.
    const plain = await opened(`${cimdHttp.base}/clients/good.json`);
    t.check('CIMD: an http document URL is refused, even on loopback: 400 page, not fetched',
      plain.status === 400 && !plain.location && !cimdHttp.fetches['/clients/good.json'],
      `${plain.status} ${plain.location ?? ''} ${JSON.stringify(cimdHttp.fetches)}`);

    // The v2 SDK itself: it sends its clientMetadataUrl as client_id when the
    // metadata says client_id_metadata_document_supported (it would refuse a
    // URL that is not https).
    const provider = new HeadlessProvider({ masterKey, redirectUrl: callback, clientName: 'CIMD test client' });
    provider.clientMetadataUrl = good;
    await v2SignIn('v2 CIMD', provider);
    t.check('v2 CIMD: no registration: the SDK signed in with the document\'s URL as client_id',
      provider.client?.client_id === good && provider.client.client_secret === undefined &&
      provider.authorizationUrl?.searchParams.get('client_id') === good &&
      provider.pages?.consentPage.html.includes('CIMD test client'), redact(provider.client));

    // And the v1 SDK, with the same document.
    const v1Provider = new HeadlessProvider({ masterKey, redirectUrl: callback, clientName: 'CIMD test client' });
    v1Provider.clientMetadataUrl = good;
    const v1Transport = new V1Transport(new URL(RESOURCE), { authProvider: v1Provider });
    let first;
    try {
      await new V1Client({ name: 'oauth-v1-cimd', version: '1.0.0' }).connect(v1Transport);
    } catch (e) {
      first = e;
    }
    t.check('v1 CIMD: the first connect stops for the user\'s authorization (UnauthorizedError)',
      first instanceof V1Unauthorized && v1Provider.redirect, `${first?.stack ?? 'connected'}`);
    checkCallback('v1 CIMD', v1Provider, ISSUER);
    await v1Transport.finishAuth(v1Provider.redirect.code);
    const v1 = new V1Client({ name: 'oauth-v1-cimd', version: '1.0.0' });
    await v1.connect(new V1Transport(new URL(RESOURCE), { authProvider: v1Provider }));
    clients.push(v1);
    const got = await v1.callTool({ name: 'orders_get', arguments: { order_id: '200001' } });
    t.check('v1 CIMD: no registration: the SDK signed in with the document\'s URL as client_id, and '
      + 'orders_get answers from the tenant\'s store',
      v1Provider.client?.client_id === good && v1Provider.authorizationUrl?.searchParams.get('client_id') === good &&
      got.isError !== true && JSON.stringify(got).includes('200001'),
      `${redact(v1Provider.client)} ${JSON.stringify(got).slice(0, 300)}`);
  });

  // The full-scope access token of the v1 client, for the refusals.
  let full;
  await t.step('the authorization endpoint\'s refusals', async () => {
    const { challenge } = pkce();
    const base = { client_id: publicClient.client_id, redirect_uri: callback, code_challenge: challenge,
      state: 'st-123', resource: RESOURCE, scope: 'tools:read' };
    const open = (params) => new SignIn().open(authorizationUrl(ISSUER, { ...base, ...params }));
    for (const [why, params] of [
      ['a redirect URI that was not registered', { redirect_uri: 'https://evil.example.com/callback' }],
      ['a loopback redirect URI with another path', { redirect_uri: callback.replace('/callback', '/other') }],
      ['an unknown client_id', { client_id: 'no-such-client' }],
    ]) {
      const page = await open(params);
      t.check(`${why}: 400 page, no redirect`, page.status === 400 && !page.location && !page.request,
        `${page.status} ${page.location ?? ''}`);
    }
    const otherPort = await open({ redirect_uri: callback.replace(/:\d+\//, ':9/') });
    t.check('a loopback redirect URI on another port is taken (RFC 8252)',
      otherPort.status === 200 && otherPort.request, `${otherPort.status} ${otherPort.location ?? ''}`);
    for (const [why, params, error] of [
      ['code_challenge_method=plain', { code_challenge_method: 'plain' }, 'invalid_request'],
      ['no code_challenge', { code_challenge: undefined }, 'invalid_request'],
      ['response_type=token', { response_type: 'token' }, 'unsupported_response_type'],
      ['an unknown scope', { scope: 'nonsense:everything' }, 'invalid_scope'],
      ['another resource', { resource: 'https://other.example.com/mcp' }, 'invalid_target'],
    ]) {
      const page = await open(params);
      const r = parseRedirect(page.location);
      t.check(`${why}: 302 to the callback with error=${error}, the state and iss, no code`,
        page.status === 302 && r?.target === callback && r.error === error && r.state === 'st-123' &&
        r.iss === ISSUER && !r.code, `${page.status} ${r ? `${r.target} ${r.url.search}` : ''}`);
    }

    const browser = new SignIn();
    const signInPage = await browser.open(authorizationUrl(ISSUER, base));
    const wrongKey = `odmcp_${randomBytes(24).toString('base64url')}`;
    const wrong = await browser.signIn(wrongKey);
    t.check('a wrong master key: 401, the sign-in page again, no redirect, the key not echoed',
      signInPage.status === 200 && wrong.status === 401 && !wrong.location && wrong.request &&
      /name="master_key"|name='master_key'/.test(wrong.html) && !wrong.html.includes(wrongKey),
      `${wrong.status} ${wrong.location ?? ''}`);
    const consent = await browser.signIn(masterKey);
    t.check('... the right key then reaches the consent page', consent.status === 200 && consent.request &&
      /value="allow"|value='allow'/.test(consent.html), `${consent.status}`);
    const denied = await browser.decide('deny');
    const d = denied.redirect;
    t.check('deny: 302 to the callback with error=access_denied, the state and iss, no code',
      d?.target === callback && d.error === 'access_denied' && d.state === 'st-123' && d.iss === ISSUER && !d.code,
      `${denied.status} ${d ? d.url.search : ''}`);
  });

  await t.step('the token endpoint\'s refusals', async () => {
    const g = await grant(publicClient, { scope: 'tools:read tools:write' });
    const mismatch = await redeem(g, { code_verifier: pkce().verifier });
    t.check('a PKCE verifier that does not match: 400 invalid_grant, nothing issued',
      isGrantError(mismatch, 'invalid_grant'), show(mismatch));

    const g2 = await grant(publicClient, { scope: 'tools:read tools:write' });
    const otherRedirect = await redeem(g2, { redirect_uri: callback.replace('/callback', '/other') });
    t.check('a redirect_uri other than the authorization\'s: 400 invalid_grant',
      isGrantError(otherRedirect, 'invalid_grant'), show(otherRedirect));

    const someoneElse = (await registerClient({ client_name: 'Another client' })).body;
    const g3 = await grant(publicClient, { scope: 'tools:read' });
    const stolen = await redeem(g3, { client_id: someoneElse.client_id });
    t.check('a code redeemed by another client: 400 invalid_grant', isGrantError(stolen, 'invalid_grant'),
      show(stolen));

    const g4 = await grant(publicClient, { scope: 'tools:read tools:write' });
    const firstUse = await redeem(g4);
    const before = await probe(RESOURCE, firstUse.body?.access_token);
    const again = await redeem(g4);
    const after = await probe(RESOURCE, firstUse.body?.access_token);
    t.check('a code used twice: the first use works, the second is 400 invalid_grant',
      firstUse.status === 200 && before.status === 200 && isGrantError(again, 'invalid_grant'),
      `${show(firstUse)} then ${before.status}, reuse: ${show(again)}`);
    t.check('... and the access token issued from it is refused from then on (401 invalid_token)',
      refusedAsInvalid(after, firstUse.body?.access_token), `${after.status} ${after.challenge}`);

    const grantType = await token(ISSUER, { grant_type: 'password', username: 'a', password: 'b',
      client_id: publicClient.client_id });
    t.check('grant_type=password: 400 unsupported_grant_type', isGrantError(grantType, 'unsupported_grant_type'),
      show(grantType));
    const noCode = await token(ISSUER, { grant_type: 'authorization_code', redirect_uri: callback,
      code_verifier: pkce().verifier, client_id: publicClient.client_id });
    t.check('no code: 400 invalid_request', isGrantError(noCode, 'invalid_request'), show(noCode));

    // Confidential clients: the secret by Basic or in the form, and a wrong one.
    const basic = (await registerClient({ token_endpoint_auth_method: 'client_secret_basic',
      client_name: 'Confidential client' })).body;
    t.check('a client_secret_basic client gets a secret that does not expire',
      typeof basic?.client_secret === 'string' && basic.client_secret.length >= 16 &&
      basic.client_secret_expires_at === 0, redact(basic));
    const gb = await grant(basic, { scope: 'tools:read' });
    const byBasic = await redeem(gb, {}, { basic: { id: basic.client_id, secret: basic.client_secret } });
    t.check('client_secret_basic: the code is redeemed', byBasic.status === 200 && byBasic.body?.access_token,
      show(byBasic));
    const gw = await grant(basic, { scope: 'tools:read' });
    const wrongSecret = await redeem(gw, {}, { basic: { id: basic.client_id, secret: `${basic.client_secret}x` } });
    t.check('a wrong client secret: 401 invalid_client, nothing issued',
      wrongSecret.status === 401 && wrongSecret.body?.error === 'invalid_client' && !wrongSecret.body.access_token,
      show(wrongSecret));
    const post = (await registerClient({ token_endpoint_auth_method: 'client_secret_post',
      client_name: 'Posting client' })).body;
    const gp = await grant(post, { scope: 'tools:read' });
    const noSecret = await redeem(gp);
    t.check('a confidential client without its secret: 401 invalid_client',
      noSecret.status === 401 && noSecret.body?.error === 'invalid_client' && !noSecret.body.access_token,
      show(noSecret));
    const gp2 = await grant(post, { scope: 'tools:read' });
    const byPost = await redeem(gp2, { client_secret: post.client_secret });
    t.check('client_secret_post: the code is redeemed', byPost.status === 200 && byPost.body?.access_token,
      show(byPost));
  });

  let reader;
  await t.step('forged access tokens', async () => {
    const g = await grant(publicClient, { scope: 'tools:read' });
    reader = (await redeem(g)).body?.access_token;
    const ok = await probe(RESOURCE, reader);
    t.check('the genuine token works (the forgeries below start from it)', ok.status === 200, `${ok.status}`);
    const { header, payload, p, signature } = jwt(reader);
    const signEs = (input, privateKey) => sign('sha256', Buffer.from(input), { key: privateKey,
      dsaEncoding: 'ieee-p1363' }).toString('base64url');
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const publicJwk = JSON.stringify((jwks.keys ?? []).find((k) => k.kid === header?.kid) ?? {});
    const hsInput = `${b64json({ ...header, alg: 'HS256' })}.${p}`;
    const otherKid = `${b64json({ ...header, kid: randomUUID() })}.${p}`;
    const sameKid = `${b64json(header)}.${p}`;
    const forged = {
      'alg none (unsigned)': `${b64json({ ...header, alg: 'none' })}.${p}.`,
      'HS256 keyed with the public key': `${hsInput}.${createHmac('sha256', publicJwk).update(hsInput).digest('base64url')}`,
      'a key the server never published': `${otherKid}.${signEs(otherKid, stranger)}`,
      'the server\'s kid with another key': `${sameKid}.${signEs(sameKid, stranger)}`,
      'a tampered payload (tools:write added)':
        `${b64json(header)}.${b64json({ ...payload, scope: 'tools:read tools:write' })}.${signature}`,
    };
    for (const [why, forgery] of Object.entries(forged)) {
      const r = await probe(RESOURCE, forgery);
      t.check(`refused: ${why} (401 invalid_token)`, refusedAsInvalid(r, forgery), `${r.status} ${r.challenge}`);
    }
  });

  await t.step('refresh tokens', async () => {
    const g = await grant(publicClient, { scope: 'tools:read tools:write' });
    const first = (await redeem(g)).body ?? {};
    const second = await refresh(ISSUER, publicClient, first.refresh_token);
    const at2 = second.body?.access_token;
    const rt2 = second.body?.refresh_token;
    const works = await probe(RESOURCE, at2);
    t.check('a refresh gives a new access token that works and a new refresh token',
      second.status === 200 && at2 && at2 !== first.access_token && rt2 && rt2 !== first.refresh_token &&
      works.status === 200, `${show(second)} then ${works.status}`);
    const reuse = await refresh(ISSUER, publicClient, first.refresh_token);
    t.check('the used refresh token again: 400 invalid_grant, nothing issued', isGrantError(reuse, 'invalid_grant'),
      show(reuse));
    const third = await refresh(ISSUER, publicClient, rt2);
    t.check('... which revoked the grant: the new refresh token is refused too (invalid_grant)',
      isGrantError(third, 'invalid_grant'), show(third));
    const latest = await probe(RESOURCE, at2);
    const oldest = await probe(RESOURCE, first.access_token);
    t.check('... and its access tokens, the latest and the first (401 invalid_token)',
      refusedAsInvalid(latest, at2) && refusedAsInvalid(oldest, first.access_token),
      `${latest.status} ${latest.challenge} / ${oldest.status}`);
    const g2 = await grant(publicClient, { scope: 'tools:read' });
    const t2 = (await redeem(g2)).body ?? {};
    const widen = await refresh(ISSUER, publicClient, t2.refresh_token, { scope: 'tools:read tools:write' });
    t.check('a refresh asking for more than was granted: 400 invalid_scope', isGrantError(widen, 'invalid_scope'),
      show(widen));
    const g3 = await grant(publicClient, { scope: 'tools:read tools:write' });
    const t3 = (await redeem(g3)).body ?? {};
    const narrow = await refresh(ISSUER, publicClient, t3.refresh_token, { scope: 'tools:read' });
    t.check('a refresh asking for less gets just that', narrow.status === 200 && narrow.body?.scope === 'tools:read' &&
      jwt(narrow.body.access_token).payload?.scope === 'tools:read', show(narrow));
  });

  await t.step('revocation', async () => {
    const g = await grant(publicClient, { scope: 'tools:read' });
    const tk = (await redeem(g)).body ?? {};
    const before = await probe(RESOURCE, tk.access_token);
    const r = await revoke(ISSUER, { token: tk.access_token, token_type_hint: 'access_token',
      client_id: publicClient.client_id });
    const after = await probe(RESOURCE, tk.access_token);
    t.check('revoking an access token: 200, then it gets 401 invalid_token',
      before.status === 200 && r.status === 200 && refusedAsInvalid(after, tk.access_token),
      `${before.status} ${show(r)} ${after.status} ${after.challenge}`);
    const stale = await refresh(ISSUER, publicClient, tk.refresh_token);
    t.check('... and its grant\'s refresh token is refused (invalid_grant)', isGrantError(stale, 'invalid_grant'),
      show(stale));
    const g2 = await grant(publicClient, { scope: 'tools:read' });
    const tk2 = (await redeem(g2)).body ?? {};
    const r2 = await revoke(ISSUER, { token: tk2.refresh_token, token_type_hint: 'refresh_token',
      client_id: publicClient.client_id });
    const after2 = await probe(RESOURCE, tk2.access_token);
    t.check('revoking a refresh token: 200, then its access token gets 401 invalid_token',
      r2.status === 200 && refusedAsInvalid(after2, tk2.access_token), `${show(r2)} ${after2.status}`);
    const unknown = await revoke(ISSUER, { token: 'not-a-token', client_id: publicClient.client_id });
    t.check('revoking an unknown token: 200 all the same (RFC 7009)', unknown.status === 200, show(unknown));
  });

  await t.step('scopes', async () => {
    const g = await grant(publicClient, { scope: 'tools:read tools:write' });
    full = (await redeem(g)).body?.access_token;
    const listOf = async (bearer) => (await (await mcp(RESOURCE, bearer)).json()).result?.tools ?? [];
    const all = await listOf(full);
    const readOnly = all.filter((x) => x.annotations?.readOnlyHint === true).map((x) => x.name).sort();
    const seen = (await listOf(reader)).map((x) => x.name).sort();
    t.check(`a tools:read token sees exactly the ${readOnly.length} read-only tools of ${all.length}`,
      readOnly.length > 0 && readOnly.length < all.length && JSON.stringify(seen) === JSON.stringify(readOnly),
      JSON.stringify(seen));
    const write = await mcp(RESOURCE, reader, 'tools/call', { name: 'orders_add_note',
      arguments: { order_id: '200001', note: 'not allowed' } });
    const challenge = write.headers.get('www-authenticate') ?? '';
    const body = await write.json().catch(() => ({}));
    t.check('a write with it: 403, error="insufficient_scope", scope="tools:write"',
      write.status === 403 && /error="insufficient_scope"/.test(challenge) && /scope="tools:write"/.test(challenge) &&
      challenge.includes(`resource_metadata="${ISSUER}/.well-known/oauth-protected-resource/mcp"`),
      `${write.status} ${challenge} ${JSON.stringify(body)}`);
    const og = await grant(publicClient, { scope: 'orders:read' });
    const ordersReader = (await redeem(og)).body?.access_token;
    const ordersSeen = (await listOf(ordersReader)).map((x) => x.name);
    t.check('a plugin scope (orders:read) is granted and sees only the orders plugin\'s read-only tools',
      ordersSeen.length > 0 && ordersSeen.every((name) => readOnly.includes(name) && /^(orders|shipments)_/.test(name)),
      JSON.stringify(ordersSeen));
    const allowed = await mcp(RESOURCE, full, 'tools/call', { name: 'orders_add_note',
      arguments: { order_id: '200001', note: 'allowed with tools:write' } });
    const allowedBody = await allowed.json().catch(() => ({}));
    t.check('... and the same write with a tools:write token goes through',
      allowed.status === 200 && allowedBody.result && allowedBody.result.isError !== true,
      `${allowed.status} ${JSON.stringify(allowedBody).slice(0, 300)}`);
  });

  await t.step('another resource, expired codes and tokens (a second host)', async () => {
    const portB = await freePort();
    const ISSUER_B = `http://127.0.0.1:${portB}`;
    hostB = await setup.startHttpHost({
      listen: `127.0.0.1:${portB}`,
      extraEnv: { ODMCP_AUTH__RESOURCE: `${ISSUER_B}/mcp`, ODMCP_AUTH__SERVER__CODE_TTL_S: '1',
        ODMCP_AUTH__SERVER__ACCESS_TOKEN_TTL_S: '1' },
    });
    const onA = await probe(RESOURCE, full);
    const onB = await probe(`${ISSUER_B}/mcp`, full);
    t.check('a token for this host, presented to a host with another resource: 401 invalid_token there',
      onA.status === 200 && refusedAsInvalid(onB, full), `A: ${onA.status}, B: ${onB.status} ${onB.challenge}`);

    const clientB = (await register(ISSUER_B, { client_name: 'Client of B', redirect_uris: [callback],
      token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'] })).body ?? {};
    // The code is made and redeemed in one wall-clock second, so a 1 s TTL
    // cannot run out in between.
    const stepwise = async () => {
      const { verifier, challenge } = pkce();
      const browser = new SignIn();
      await browser.open(authorizationUrl(ISSUER_B, { client_id: clientB.client_id, redirect_uri: callback,
        code_challenge: challenge, state: 's', scope: 'tools:read tools:write', resource: `${ISSUER_B}/mcp` }));
      await browser.signIn(masterKey);
      await atSecondStart();
      const decided = await browser.decide('allow');
      keep(decided.redirect?.code);
      return { code: decided.redirect?.code, verifier, redirectUri: callback, resource: `${ISSUER_B}/mcp`,
        issuer: ISSUER_B, client: clientB };
    };
    const gB = await stepwise();
    const tB = await redeem(gB);
    const issuedAt = Date.now();
    const fresh = await probe(`${ISSUER_B}/mcp`, tB.body?.access_token);
    t.check('host B: a code redeemed at once gives a token of expires_in 1 that works at once',
      tB.status === 200 && tB.body?.expires_in === 1 && fresh.status === 200, `${show(tB)} then ${fresh.status}`);
    const crossed = await probe(RESOURCE, tB.body?.access_token);
    t.check('... and is refused by the first host (401 invalid_token)', refusedAsInvalid(crossed, tB.body?.access_token),
      `${crossed.status} ${crossed.challenge}`);
    const unused = await stepwise();
    await sleep(2500);
    const late = await redeem(unused);
    t.check('a code redeemed after its 1 s lifetime: 400 invalid_grant, nothing issued',
      isGrantError(late, 'invalid_grant'), show(late));
    // The host allows its own tokens OWN_TOKEN_LEEWAY_S of clock skew past exp.
    await sleep(Math.max(0, issuedAt + (1 + OWN_TOKEN_LEEWAY_S + 1.5) * 1000 - Date.now()));
    const expired = await probe(`${ISSUER_B}/mcp`, tB.body?.access_token);
    t.check(`an access token after its 1 s lifetime and the ${OWN_TOKEN_LEEWAY_S} s leeway: 401 invalid_token`,
      refusedAsInvalid(expired, tB.body?.access_token), `${expired.status} ${expired.challenge}`);
    await atSecondStart();
    const renewed = await refresh(ISSUER_B, clientB, tB.body?.refresh_token);
    const renewedWorks = await probe(`${ISSUER_B}/mcp`, renewed.body?.access_token);
    t.check('... its refresh token still gets a new one, which works',
      renewed.status === 200 && renewedWorks.status === 200, `${show(renewed)} then ${renewedWorks.status}`);
  });

  const logs = `${host.stderr()}${hostB?.stderr() ?? ''}`;
  const signatureIn = (value) => {
    const sig = String(value).split('.')[2];
    return sig && sig.length > 20 && logs.includes(sig);
  };
  const leaked = [...issued].filter((value) => logs.includes(value) || signatureIn(value));
  t.check(`the hosts' logs hold no token, code or client secret (${issued.size} issued, ${logs.length} bytes)`,
    issued.size > 10 && logs.length > 0 && leaked.length === 0, `${leaked.length} leaked`);
  t.check('... nor the master key', !logs.includes(masterKey));
} catch (e) {
  t.check('session', false, `${e?.stack ?? e}${host ? `\nhost stderr (end):\n${host.stderr().slice(-2000)}` : ''}`);
} finally {
  for (const client of clients) await client.close().catch(() => {});
  await cimd?.close();
  await cimdHttp?.close();
  if (setup) await setup.cleanup();
  t.finish();
}
