// The host's built-in OAuth authorization server with a real client and a
// real browser: mcp-remote (the stdio-to-HTTP proxy) discovers the server,
// registers itself and prints the authorization URL; headless chromium
// (Debian's, driven by puppeteer-core, which downloads no browser) opens it,
// signs in with the tenant's master key (a wrong one first), reads the
// consent page and allows; mcp-remote receives the code on its localhost
// callback, exchanges it and connects. The test then speaks MCP JSON-RPC
// over mcp-remote's stdin and stdout: the orders tools are listed and called
// with the access token it got, a write included, and no secret comes out.
// A second mcp-remote with the same configuration directory, whose access
// token has been spoilt, refreshes without a browser; the refresh token it
// used up, presented again, is refused and takes its grant with it.
//   node oauth_browser.mjs <orderdesk-mcp> <orderdesk-sandbox> <orders.toml> [plugin dir]
import { spawn } from 'node:child_process';
import {
  chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import puppeteer from 'puppeteer-core';
import { Tally, freePort } from './lib/harness.mjs';
import { SandboxView, checkOrdersToolsList, checkStoreSetup } from './lib/orders_checks.mjs';
import { Session } from './lib/stores_checks.mjs';
import { DEMO_STORE, SECOND_STORE, setupTenant, stopChild, track } from './lib/tenant_setup.mjs';

const [binary, sandbox, config, pluginDir] = process.argv.slice(2);
const t = new Tally('oauth-browser/http');
const HERE = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.ODMCP_CHROMIUM || '/usr/bin/chromium';
// mcp-remote's own entry point (its package's "mcp-remote" bin), run with this node.
const MCP_REMOTE = (() => {
  const dir = join(HERE, 'node_modules', 'mcp-remote');
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return { path: join(dir, typeof pkg.bin === 'string' ? pkg.bin : pkg.bin['mcp-remote']), version: pkg.version };
})();

const json = (value) => JSON.stringify(value);
const brief = (value, n = 600) => {
  const s = typeof value === 'string' ? value : (json(value) ?? String(value));
  return s.length > n ? `${s.slice(0, n)}...` : s;
};
const sc = (r) => r?.structuredContent ?? {};
const succeeded = (r) => r && !r.rpcError && r.isError !== true;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const jwtPart = (token, i) => {
  try {
    return JSON.parse(Buffer.from(String(token).split('.')[i], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
};

// Resolves once `test()` returns something truthy; rejects after `ms`, or at
// once when `child` (if given) exits.
async function waitFor(what, test, ms, child) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = test();
    if (value) return value;
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`${what}: the process exited (${child.exitCode ?? child.signalCode}) first`);
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await sleep(50);
  }
}

// A promise that rejects after `ms`, so no browser or network step can hang.
const within = (what, ms, promise) => {
  let timer;
  return Promise.race([
    promise,
    new Promise((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: not within ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
};

// mcp-remote as a child: `node proxy.js <url> <callback port> --allow-http`,
// with its own configuration directory and a "browser" that only writes the
// URL it was given to a file. No display and no desktop: xdg-open (which
// mcp-remote runs through the open package, then by absolute path) takes
// the generic route and runs $BROWSER, this recorder, and nothing else.
function startMcpRemote(work, resource, callbackPort) {
  const env = { ...process.env, MCP_REMOTE_CONFIG_DIR: work.configDir, BROWSER: work.opener };
  for (const name of ['DISPLAY', 'WAYLAND_DISPLAY', 'XDG_CURRENT_DESKTOP', 'XDG_SESSION_DESKTOP',
    'DESKTOP_SESSION', 'KDE_FULL_SESSION', 'GNOME_DESKTOP_SESSION_ID', 'DBUS_SESSION_BUS_ADDRESS',
    'NODE_OPTIONS']) delete env[name];
  const child = track(spawn(process.execPath,
    [MCP_REMOTE.path, resource, String(callbackPort), '--allow-http', '--debug'],
    { env, stdio: ['pipe', 'pipe', 'pipe'] }));
  const proc = { child, stderr: '', rpc: null };
  child.stderr.on('data', (d) => { proc.stderr += d; });
  child.stdin.on('error', () => {});
  proc.rpc = new StdioRpc(child);
  return proc;
}

// MCP JSON-RPC, one message a line, over a child's stdin and stdout; the
// methods the shared checks call (listTools, callTool) on top.
class StdioRpc {
  constructor(child) {
    this.child = child;
    this.nextId = 1;
    this.pending = new Map();
    this.stdout = '';          // everything the child printed, for the secrets check
    this.notifications = [];
    this.strays = [];          // lines that are not JSON
    child.once('exit', (code, signal) => {
      for (const { reject } of this.pending.values()) reject(new Error(`mcp-remote exited (${code ?? signal})`));
      this.pending.clear();
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      this.stdout += `${line}\n`;
      let message;
      try {
        message = JSON.parse(line);
      } catch {
        this.strays.push(line);
        return;
      }
      if (message.method && message.id !== undefined) {
        // A request from the server (ping, or something this client did not declare).
        this.send(message.method === 'ping' ? { jsonrpc: '2.0', id: message.id, result: {} }
          : { jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'Method not found' } });
      } else if (message.method) {
        this.notifications.push(message);
      } else if (this.pending.has(message.id)) {
        const { resolve } = this.pending.get(message.id);
        this.pending.delete(message.id);
        resolve(message);
      } else {
        this.strays.push(line);
      }
    });
  }

  send(message) {
    this.child.stdin.write(`${JSON.stringify(message)}\n`);
  }

  // The whole response ({ result } or { error }), within `ms`.
  exchange(method, params = {}, ms = 20000) {
    const id = this.nextId++;
    return within(`${method} (id ${id})`, ms, new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    })).finally(() => this.pending.delete(id));
  }

  // The result, or a throw carrying the JSON-RPC error.
  async request(method, params, ms) {
    const response = await this.exchange(method, params, ms);
    if (response.error) {
      throw Object.assign(new Error(`${method}: ${response.error.message}`),
        { code: response.error.code, data: response.error.data });
    }
    return response.result;
  }

  notify(method, params = {}) {
    this.send({ jsonrpc: '2.0', method, params });
  }

  listTools() {
    return this.request('tools/list', {});
  }

  callTool({ name, arguments: args }) {
    return this.request('tools/call', { name, arguments: args });
  }
}

// The files mcp-remote keeps in its configuration directory
// (mcp-remote-v1/<hash>_tokens.json, _client_info.json, ...).
function stored(work, suffix) {
  const dir = join(work.configDir, 'mcp-remote-v1');
  if (!existsSync(dir)) return null;
  const name = readdirSync(dir).find((f) => f.endsWith(`_${suffix}`));
  return name ? { path: join(dir, name), value: JSON.parse(readFileSync(join(dir, name), 'utf8')) } : null;
}

// The page's text and HTML, and every form control, for the checks.
async function pageState(page) {
  return page.evaluate(() => ({
    text: document.body?.innerText ?? '',
    html: document.documentElement.outerHTML,
    forms: [...document.forms].map((f) => ({
      method: (f.getAttribute('method') ?? '').toLowerCase(),
      action: f.getAttribute('action'),
      controls: [...f.elements].map((e) => ({
        tag: e.tagName.toLowerCase(), type: e.type, name: e.name, value: e.value,
      })),
    })),
  }));
}

// Clicks `selector` and resolves with the response the navigation ends on.
async function clickAndWait(page, selector) {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load', timeout: 15000 }),
    page.click(selector),
  ]);
  return response;
}

let setup;
let host;
let browser;
let work;
const remotes = [];

try {
  setup = await setupTenant({
    binary, sandbox, config, pluginDir, orders: 50, plugins: ['stores', 'orders', 'products'],
  });
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const resource = `${issuer}/mcp`;
  host = await setup.startHttpHost({
    listen: `127.0.0.1:${port}`, extraEnv: { ODMCP_AUTH__RESOURCE: resource },
  });
  const dir = mkdtempSync(join(tmpdir(), 'odmcp-oauth-browser-'));
  work = {
    dir, configDir: join(dir, 'mcp-auth'), profile: join(dir, 'chromium'),
    opener: join(dir, 'opener.sh'), opened: join(dir, 'opened.txt'),
  };
  mkdirSync(work.configDir);
  writeFileSync(work.opener, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${work.opened}'\n`);
  chmodSync(work.opener, 0o755);
  const secrets = [
    ['the API key of 1001', DEMO_STORE.key], ['the API key of 2002', SECOND_STORE.key],
    ['the master key', setup.masterKey], ['the KMS key', setup.env.ODMCP_KMS_KEY],
  ];

  // What mcp-remote needs before it can start: one issuer string in the
  // resource's metadata and the server's.
  let metadata = {};
  await t.step('discovery', async () => {
    const prm = await (await fetch(`${issuer}/.well-known/oauth-protected-resource/mcp`)).json();
    const response = await fetch(`${issuer}/.well-known/oauth-authorization-server`);
    metadata = await response.json().catch(() => ({}));
    t.check('the resource names the host as its authorization server, and the host answers for it ' +
      'with the same issuer', response.status === 200 && prm.resource === resource &&
      prm.authorization_servers?.[0] === issuer && metadata.issuer === issuer &&
      metadata.registration_endpoint === `${issuer}/register` &&
      metadata.code_challenge_methods_supported?.includes('S256'),
    `${response.status} ${brief(prm, 300)} ${brief(metadata, 600)}`);
  });

  // 1. mcp-remote starts the authorization and prints the URL (its callback
  // port is the one given, unless that was taken meanwhile).
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: scripts/setup.sh installs chromium`);
  const callbackPort = await freePort();
  const first = startMcpRemote(work, resource, callbackPort);
  remotes.push(first);
  const authorizeUrl = new URL(await waitFor('mcp-remote prints the authorization URL',
    () => first.stderr.match(/Please authorize this client by visiting:\s*\n\s*(\S+)/)?.[1],
    20000, first.child));
  const asked = Object.fromEntries(authorizeUrl.searchParams);
  const scopes = (asked.scope ?? '').split(' ').filter(Boolean);
  const client = stored(work, 'client_info.json')?.value ?? {};
  t.check('mcp-remote registered itself (dynamic client registration) and asks for a code with PKCE ' +
    `for its localhost callback, for the resource (scope "${asked.scope}")`,
    authorizeUrl.origin + authorizeUrl.pathname === `${issuer}/authorize` &&
      asked.client_id && asked.client_id === client.client_id && asked.response_type === 'code' &&
      asked.code_challenge_method === 'S256' && asked.code_challenge?.length >= 43 && asked.state &&
      /^http:\/\/localhost:\d+\/oauth\/callback$/.test(asked.redirect_uri ?? '') &&
      asked.resource === resource && scopes.length > 0,
    `${authorizeUrl} ${brief(client)}`);
  await waitFor('mcp-remote runs its browser opener', () => /Browser opened automatically|Could not open a browser/
    .test(first.stderr), 10000, first.child).catch(() => {});
  const opened = existsSync(work.opened) ? readFileSync(work.opened, 'utf8').trim().split('\n') : [];
  t.check('no browser was launched by mcp-remote: its opener got the URL, once, and found no other ' +
    'browser', opened.length === 1 && opened[0].startsWith(`${issuer}/authorize?`) &&
      /Browser opened automatically/.test(first.stderr) && !/Trying .* to open the browser/.test(first.stderr),
  `${brief(opened)}\n${first.stderr.slice(-800)}`);

  // 2. The browser signs in, consents and lands on mcp-remote's callback.
  let callback = null;
  await t.step('sign-in and consent in chromium', async () => {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM, headless: true, userDataDir: work.profile, timeout: 20000,
      protocolTimeout: 20000, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    if (browser.process()) track(browser.process());
    const page = await browser.newPage();
    page.setDefaultTimeout(15000);
    page.setDefaultNavigationTimeout(15000);

    const signIn = await page.goto(authorizeUrl.href, { waitUntil: 'load' });
    let state = await pageState(page);
    const signInForm = state.forms.find((f) => f.controls.some((c) => c.name === 'master_key'));
    t.check('the authorization URL opens the sign-in page: a POST form to /authorize with the ' +
      'request and a password field for the master key', signIn?.status() === 200 &&
      /text\/html/.test(signIn.headers()['content-type'] ?? '') && signInForm?.method === 'post' &&
      signInForm.action === '/authorize' &&
      signInForm.controls.some((c) => c.type === 'hidden' && c.name === 'request' && c.value) &&
      signInForm.controls.some((c) => c.type === 'password' && c.name === 'master_key') &&
      signInForm.controls.some((c) => c.type === 'submit'),
    `${signIn?.status()} ${brief(state.forms)} ${brief(state.text, 300)}`);

    const submit = 'form:has(input[name=master_key]) [type=submit]';
    const wrongKey = `wrong-${setup.masterKey.slice(0, 8)}-key`;
    await page.type('input[name=master_key]', wrongKey);
    const refused = await clickAndWait(page, submit);
    state = await pageState(page);
    t.check('a wrong master key gives the sign-in page again, with 401, and does not echo the key',
      refused?.status() === 401 && state.forms.some((f) => f.controls.some((c) => c.name === 'master_key')) &&
        !state.html.includes(wrongKey), `${refused?.status()} ${brief(state.text, 300)}`);

    await page.type('input[name=master_key]', setup.masterKey);
    const consent = await clickAndWait(page, submit);
    state = await pageState(page);
    const clientName = client.client_name ?? 'MCP CLI Proxy';
    const consentForm = state.forms.find((f) => f.controls.some((c) => c.name === 'decision'));
    t.check(`the right key gives the consent page, naming the client ("${clientName}"), its ` +
      `redirect host (localhost) and the scopes (${scopes.join(', ')})`, consent?.status() === 200 &&
      state.text.includes(clientName) && state.text.includes('localhost') &&
      scopes.every((scope) => state.text.includes(scope)),
    `${consent?.status()} ${brief(state.text, 1200)}`);
    t.check('... with a form holding the request and the buttons allow and deny',
      consentForm?.method === 'post' && consentForm.action === '/authorize' &&
      consentForm.controls.some((c) => c.type === 'hidden' && c.name === 'request' && c.value) &&
      ['allow', 'deny'].every((v) => consentForm.controls.some((c) => c.tag === 'button' &&
        c.type === 'submit' && c.name === 'decision' && c.value === v)), brief(state.forms));
    t.check('neither page holds the master key', !state.html.includes(setup.masterKey), '');

    const landed = await clickAndWait(page, 'button[name=decision][value=allow]');
    const url = new URL(page.url());
    const chain = landed?.request().redirectChain() ?? [];
    const hop = chain[0]?.response();
    callback = Object.fromEntries(url.searchParams);
    t.check('allow redirects (302) to mcp-remote\'s callback with a code, the state and iss = the issuer',
      hop?.status() === 302 && chain[0].method() === 'POST' &&
        `${url.origin}${url.pathname}` === asked.redirect_uri &&
        callback.code && callback.state === asked.state && callback.iss === issuer && !callback.error,
    `${hop?.status()} ${chain.map((r) => `${r.method()} ${r.url()}`).join(' -> ')} -> ${page.url()}`);
    const done = await pageState(page);
    t.check('mcp-remote\'s callback page says the authorization succeeded',
      landed?.status() === 200 && /Authorization successful/.test(done.text), brief(done.text, 300));
    await within('closing chromium', 10000, browser.close()).catch(() => browser.process()?.kill('SIGKILL'));
    browser = null;
  });

  // 3. mcp-remote exchanges the code and connects with the access token.
  if (!callback?.code) throw new Error('no authorization code reached mcp-remote\'s callback');
  await waitFor('mcp-remote connects with its token',
    () => /Proxy established successfully/.test(first.stderr) || /Fatal error|Authorization failed/.test(first.stderr),
    20000, first.child);
  t.check('mcp-remote exchanged the code and connected to the host', /Proxy established successfully/
    .test(first.stderr) && !/Fatal error/.test(first.stderr), first.stderr.slice(-3000));
  const tokens = stored(work, 'tokens.json')?.value ?? {};
  const header = jwtPart(tokens.access_token, 0);
  const claims = jwtPart(tokens.access_token, 1);
  t.check('its token: an ES256 JWT for this resource, with the scope asked for, and a refresh token',
    tokens.token_type?.toLowerCase() === 'bearer' && header?.alg === 'ES256' &&
      [claims?.aud].flat().includes(resource) && claims?.iss === issuer &&
      typeof tokens.refresh_token === 'string' && tokens.refresh_token.length > 0 &&
      scopes.every((scope) => (tokens.scope ?? claims?.scope ?? '').split(' ').includes(scope)),
  `${brief(header)} ${brief(claims)} scope ${tokens.scope} refresh ${typeof tokens.refresh_token}`);
  secrets.push(['the access token', tokens.access_token], ['the refresh token', tokens.refresh_token],
    ['the authorization code', callback?.code]);

  // 4. MCP over mcp-remote's stdio, as the tenant the master key signed in.
  const { rpc } = first;
  const s = new Session(t, rpc, secrets);
  await t.step('initialize', async () => {
    const init = await rpc.request('initialize', {
      protocolVersion: '2025-11-25', capabilities: {},
      clientInfo: { name: 'oauth-browser-test', version: '1.0.0' },
    });
    s.record('initialize', init);
    rpc.notify('notifications/initialized');
    t.check('initialize through mcp-remote answers with the host\'s name and tools capability',
      typeof init.protocolVersion === 'string' && init.serverInfo?.name && init.capabilities?.tools,
      brief(init));
  });
  await checkOrdersToolsList(s);
  const selectedBy = await checkStoreSetup(s, { sessionful: true });
  const view = new SandboxView(setup.sandboxUrl);
  let orderId;
  await t.step('orders', async () => {
    const listed = await s.call('orders_list', { limit: 5 });
    orderId = String(sc(listed).orders?.[0]?.id ?? '');
    t.check('orders_list returns orders of store 1001', succeeded(listed) && orderId &&
      sc(listed).store_id === DEMO_STORE.id, brief(listed));
    const got = await s.call('orders_get', { order_id: orderId });
    const direct = await view.get(`/orders/${orderId}`);
    t.check(`orders_get ${orderId} returns the sandbox's order, field for field`,
      succeeded(got) && sc(got).store_id === DEMO_STORE.id && sc(got).selected_by === selectedBy &&
        isDeepStrictEqual(sc(got).order, direct.body.order), `${brief(got)} vs ${brief(direct.body)}`);
    const note = 'Signed in through a browser, via mcp-remote';
    const added = await s.call('orders_add_note', { order_id: orderId, note });
    const after = await view.get(`/orders/${orderId}`);
    t.check('orders_add_note (a write, allowed by the consented tools:write) adds the note in the sandbox',
      succeeded(added) && sc(added).added === true &&
        (after.body.order?.order_notes ?? []).some((n) => n.content === note), brief(added));
    const unknown = await rpc.exchange('tools/call', { name: 'no_such_tool', arguments: {} });
    s.record('no_such_tool', unknown);
    t.check('an unknown tool is an error, and the proxy stays up',
      (unknown.error || unknown.result?.isError === true) && first.child.exitCode === null, brief(unknown));
  });
  s.checkNoSecrets('no answer through mcp-remote holds an API key, the master key, a token or the code');
  const leaked = secrets.filter(([, v]) => v && first.rpc.stdout.includes(v)).map(([name]) => name);
  t.check(`mcp-remote's stdout holds no secret (${first.rpc.stdout.length} bytes), and only JSON-RPC`,
    leaked.length === 0 && first.rpc.stdout.length > 0 && first.rpc.strays.length === 0,
    `${leaked.join('; ')} ${brief(first.rpc.strays)}`);
  await stopChild(first.child);

  // 5. The same configuration directory and callback port (mcp-remote keeps
  // its registration only for the same redirect URI), the access token
  // spoilt: mcp-remote refreshes it (rotation: a new refresh token) with the
  // client it registered, without a browser.
  const spoilt = stored(work, 'tokens.json');
  const oldRefresh = spoilt?.value.refresh_token;
  if (spoilt) {
    const [h, p, sig] = spoilt.value.access_token.split('.');
    writeFileSync(spoilt.path, JSON.stringify({ ...spoilt.value,
      access_token: `${h}.${p}.${'A'.repeat(sig?.length ?? 86)}` }, null, 2));
  }
  const second = startMcpRemote(work, resource, Number(new URL(asked.redirect_uri).port));
  remotes.push(second);
  await t.step('refresh', async () => {
    await waitFor('the second mcp-remote connects',
      () => /Proxy established successfully|Please authorize this client|Fatal error/.test(second.stderr),
      20000, second.child);
    if (!/Proxy established successfully/.test(second.stderr)) {
      throw new Error('the second mcp-remote did not connect with its stored tokens; its stderr ' +
        `(end):\n${second.stderr.slice(-4000)}`);
    }
    const init = await second.rpc.request('initialize', {
      protocolVersion: '2025-11-25', capabilities: {},
      clientInfo: { name: 'oauth-browser-test', version: '1.0.0' },
    });
    second.rpc.notify('notifications/initialized');
    const got = await second.rpc.callTool({ name: 'orders_get', arguments: { order_id: orderId } });
    const renewed = stored(work, 'tokens.json')?.value ?? {};
    secrets.push(['the second access token', renewed.access_token],
      ['the second refresh token', renewed.refresh_token]);
    t.check('a second mcp-remote with a spoilt access token refreshes it without a browser, as the ' +
      'same client, and calls orders_get', init?.serverInfo &&
      stored(work, 'client_info.json')?.value.client_id === client.client_id && got?.isError !== true && String(sc(got).order?.id) === orderId &&
      !/Please authorize this client/.test(second.stderr) &&
      readFileSync(work.opened, 'utf8').trim().split('\n').length === 1,
    `${brief(got, 300)}\n${second.stderr.slice(-2000)}`);
    t.check('the refresh rotated both tokens', renewed.refresh_token && renewed.refresh_token !== oldRefresh &&
      renewed.access_token && renewed.access_token !== tokens.access_token, '');
    const leaks = secrets.filter(([, v]) => v && second.rpc.stdout.includes(v)).map(([name]) => name);
    t.check('the second mcp-remote\'s stdout holds no secret either', leaks.length === 0 &&
      second.rpc.strays.length === 0, `${leaks.join('; ')} ${brief(second.rpc.strays)}`);
    await stopChild(second.child);

    // The used-up refresh token, presented again (as mcp-remote's client).
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: oldRefresh,
      client_id: client.client_id });
    if (client.client_secret) form.set('client_secret', client.client_secret);
    const replay = await fetch(metadata.token_endpoint ?? `${issuer}/token`, { method: 'POST', body: form });
    const replayBody = await replay.json().catch(() => ({}));
    const after = await fetch(resource, { method: 'POST', headers: {
      'Content-Type': 'application/json', Accept: 'application/json, text/event-stream',
      Authorization: `Bearer ${renewed.access_token}` },
    body: json({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25',
      capabilities: {}, clientInfo: { name: 'oauth-browser-test', version: '1.0.0' } } }) });
    await after.body?.cancel();
    t.check('the used-up refresh token, presented again, is invalid_grant, and the grant is revoked: ' +
      'the new access token is refused', replay.status === 400 && replayBody.error === 'invalid_grant' &&
      after.status === 401, `${replay.status} ${json(replayBody)}; /mcp ${after.status}`);
  });

  const log = host.stderr();
  const requests = log.split('\n').filter((line) => line.includes('"msg":"http request"'))
    .map((line) => { try { return JSON.parse(line); } catch { return {}; } });
  t.check('the host\'s access log shows the tools called with an access token',
    requests.some((r) => r.auth === 'access_token' && r.tool === 'orders_get' && r.status === 200) &&
      requests.some((r) => r.auth === 'access_token' && r.tool === 'orders_add_note' && r.status === 200),
    `${requests.length} lines: ${brief(requests.filter((r) => r.tool).slice(-4))}`);
  const signatureIn = (token) => { const sig = String(token).split('.')[2]; return sig && log.includes(sig); };
  const inLog = secrets.filter(([name, v]) => v && (log.includes(v) ||
    (/token/.test(name) && signatureIn(v)))).map(([name]) => name);
  t.check(`the host's log holds no key, token or code (${log.length} bytes)`,
    inLog.length === 0 && log.length > 0, inLog.join('; '));
} catch (e) {
  const last = remotes.at(-1);
  t.check('session', false, `${e?.stack ?? e}` +
    `${last ? `\nmcp-remote stderr (end):\n${last.stderr.slice(-3000)}` : ''}` +
    `${host ? `\nhost stderr (end):\n${host.stderr().slice(-2000)}` : ''}`);
} finally {
  if (browser) {
    await within('closing chromium', 10000, browser.close()).catch(() => browser.process()?.kill('SIGKILL'));
  }
  for (const { child } of remotes) await stopChild(child);
  if (setup) await setup.cleanup();
  if (work) rmSync(work.dir, { recursive: true, force: true });
  t.finish();
}
