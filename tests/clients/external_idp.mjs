// The host as an OAuth resource server for an external identity provider
// ([auth.external]): a test issuer (lib/test_issuer.mjs: its own keys, its
// discovery document and JWKS on loopback) signs access tokens; tenant
// "alice" is linked to the issuer's subject "alice@idp" with the admin CLI.
// The official SDK v2 client then runs the orders workflow with a token,
// tokens with narrower scopes see and call only what their scopes allow,
// forged and misdirected tokens are refused, the host follows a key
// rotation, and its protected-resource metadata tells clients where to sign
// in.
//   node external_idp.mjs <orderdesk-mcp> <orderdesk-sandbox> <orders.toml> [plugin dir]
import { spawnSync } from 'node:child_process';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Tally, freePort } from './lib/harness.mjs';
import {
  ORDERS_SEEDED, checkOrdersToolsList, checkOrdersWorkflow, checkStoreSetup,
} from './lib/orders_checks.mjs';
import { Session } from './lib/stores_checks.mjs';
import { DEMO_STORE, SECOND_STORE, TENANT_NAME, setupTenant } from './lib/tenant_setup.mjs';
import { TestIssuer } from './lib/test_issuer.mjs';

const [binary, sandbox, config, pluginDir] = process.argv.slice(2);
const t = new Tally('external-idp/http');
const SUBJECT = 'alice@idp';
let setup;
let issuer;
let host;
const clients = [];

const connect = async (token) => {
  const client = new Client({ name: 'external-idp-test', version: '1.0.0' },
    { versionNegotiation: { mode: 'auto' } });
  await client.connect(new StreamableHTTPClientTransport(new URL(host.url),
    { authProvider: { token: async () => token } }));
  clients.push(client);
  return client;
};

// One 2026-07-28 request by hand, to see the status and headers.
const post = (method, params, token) => fetch(host.url, {
  method: 'POST',
  headers: {
    'Content-Type': 'application/json', Accept: 'application/json, text/event-stream',
    'MCP-Protocol-Version': '2026-07-28', 'Mcp-Method': method,
    ...(params.name ? { 'Mcp-Name': params.name } : {}),
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
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

try {
  setup = await setupTenant({
    binary, sandbox, config, pluginDir, orders: ORDERS_SEEDED,
    plugins: ['stores', 'orders', 'products'],
  });
  issuer = await TestIssuer.start();
  const linked = spawnSync(binary, ['tenant', 'link', TENANT_NAME, '--issuer', issuer.url,
    '--subject', SUBJECT, '--config', config],
  { env: { ...setup.env, ODMCP_MASTER_KEY: setup.masterKey }, encoding: 'utf8', timeout: 30000 });
  t.check('tenant link links the issuer\'s subject to the tenant', linked.status === 0,
    `${linked.status} ${linked.stderr}`);

  const port = await freePort();
  const resource = `http://127.0.0.1:${port}/mcp`;
  host = await setup.startHttpHost({
    listen: `127.0.0.1:${port}`,
    extraEnv: { ODMCP_AUTH__RESOURCE: resource, ODMCP_AUTH__EXTERNAL__ISSUER: issuer.url },
  });
  const metadataUrl = `http://127.0.0.1:${port}/.well-known/oauth-protected-resource/mcp`;
  const tokens = [];
  const tokenFor = (scope, claims = {}) => {
    const token = issuer.token({ sub: SUBJECT, aud: resource, scope, ...claims });
    tokens.push(token);
    return token;
  };

  await t.step('protected-resource metadata', async () => {
    const atPath = await fetch(metadataUrl);
    const document = await atPath.json();
    t.check('the metadata is served at the path-suffixed well-known URL (RFC 9728)',
      atPath.status === 200 && document.resource === resource &&
      // The provider the operator configured first (clients take the first), then
      // the built-in authorization server.
      JSON.stringify(document.authorization_servers) ===
        JSON.stringify([issuer.url, `http://127.0.0.1:${port}`]) &&
      document.scopes_supported?.includes('tools:read') &&
      document.scopes_supported?.includes('tools:write'), JSON.stringify(document));
    const atRoot = await (await fetch(`http://127.0.0.1:${port}/.well-known/oauth-protected-resource`)).json();
    t.check('... and at the root well-known URL, the same', JSON.stringify(atRoot) === JSON.stringify(document),
      JSON.stringify(atRoot));
    const anonymous = await post('tools/list', {});
    await anonymous.body?.cancel();
    const challenge = anonymous.headers.get('www-authenticate') ?? '';
    t.check('a request without credentials gets 401 naming the metadata',
      anonymous.status === 401 && challenge.includes(`resource_metadata="${metadataUrl}"`),
      `${anonymous.status} ${challenge}`);
  });

  await t.step('the orders workflow with an access token', async () => {
    const full = tokenFor('openid tools:write');
    const client = await connect(full);
    const s = new Session(t, client, [
      ['the API key of 1001', DEMO_STORE.key], ['the API key of 2002', SECOND_STORE.key],
      ['the master key', setup.masterKey], ['the KMS key', setup.env.ODMCP_KMS_KEY],
      ['the access token', full],
    ]);
    await checkOrdersToolsList(s);
    const selectedBy = await checkStoreSetup(s, { sessionful: false });
    await checkOrdersWorkflow(s, { sandboxUrl: setup.sandboxUrl, selectedBy,
      callWithProgress: (c, params, onprogress) => c.callTool(params, { onprogress }) });
    s.checkNoSecrets();
  });

  await t.step('scopes', async () => {
    const all = (await (await connect(tokenFor('tools:write'))).listTools()).tools;
    const readOnly = all.filter((tool) => tool.annotations?.readOnlyHint === true).map((x) => x.name);
    const reader = await connect(tokenFor('tools:read'));
    const seen = (await reader.listTools()).tools.map((x) => x.name);
    t.check(`a tools:read token sees exactly the ${readOnly.length} read-only tools of ${all.length}`,
      readOnly.length > 0 && readOnly.length < all.length &&
      JSON.stringify([...seen].sort()) === JSON.stringify([...readOnly].sort()), JSON.stringify(seen));
    const read = await reader.callTool({ name: 'orders_get', arguments: { order_id: '200001' } });
    t.check('... and may call one', read.isError !== true, JSON.stringify(read).slice(0, 300));
    const write = await post('tools/call', { name: 'orders_add_note',
      arguments: { order_id: '200001', note: 'not allowed' } }, tokenFor('tools:read'));
    const challenge = write.headers.get('www-authenticate') ?? '';
    const body = await write.json();
    t.check('a write is refused with 403 and scope="tools:write"',
      write.status === 403 && /error="insufficient_scope"/.test(challenge) &&
      /scope="tools:write"/.test(challenge) && challenge.includes(`resource_metadata="${metadataUrl}"`) &&
      body.error?.data?.requiredScope === 'tools:write', `${write.status} ${challenge} ${JSON.stringify(body)}`);
    const ordersReader = await connect(tokenFor('orders:read'));
    const ordersSeen = (await ordersReader.listTools()).tools.map((x) => x.name);
    t.check('an orders:read token sees only the orders plugin\'s read-only tools',
      ordersSeen.length > 0 && ordersSeen.every((name) => readOnly.includes(name) &&
        /^(orders|shipments)_/.test(name)), JSON.stringify(ordersSeen));
    const master = await post('tools/list', {}, setup.masterKey);
    const masterTools = (await master.json()).result?.tools ?? [];
    t.check('the master key still works as a bearer token, with every tool',
      master.status === 200 && masterTools.length === all.length, String(master.status));
  });

  await t.step('key rotation', async () => {
    const before = issuer.jwksFetches;
    const old = issuer.rotate();
    const rotated = await post('tools/list', {}, tokenFor('tools:read'));
    await rotated.body?.cancel();
    t.check('a token signed with the new key is accepted: the host fetched the JWKS once more',
      rotated.status === 200 && issuer.jwksFetches === before + 1,
      `${rotated.status}, ${issuer.jwksFetches - before} fetch(es)`);
    const stale = issuer.token({ sub: SUBJECT, aud: resource, scope: 'tools:read' }, { key: old });
    tokens.push(stale);
    const refused = await post('tools/list', {}, stale);
    await refused.body?.cancel();
    t.check('a token signed with the retired key is refused, without another fetch',
      refused.status === 401 && issuer.jwksFetches === before + 1,
      `${refused.status}, ${issuer.jwksFetches - before} fetch(es)`);
  });

  await t.step('refused tokens', async () => {
    const claims = { sub: SUBJECT, aud: resource, scope: 'tools:write' };
    const forged = { ...issuer.forgeries(claims),
      'a subject linked to no tenant': issuer.token({ ...claims, sub: 'mallory@idp' }) };
    for (const [why, token] of Object.entries(forged)) {
      tokens.push(token);
      const r = await post('tools/list', {}, token);
      const body = await r.text();
      const challenge = r.headers.get('www-authenticate') ?? '';
      t.check(`refused: ${why} (401 invalid_token)`, r.status === 401 &&
        /error="invalid_token"/.test(challenge) && !body.includes(token), `${r.status} ${challenge} ${body}`);
    }
  });

  await t.step('master keys off', async () => {
    const strictPort = await freePort();
    const strictResource = `http://127.0.0.1:${strictPort}/mcp`;
    const strict = await setup.startHttpHost({
      listen: `127.0.0.1:${strictPort}`,
      extraEnv: { ODMCP_AUTH__RESOURCE: strictResource, ODMCP_AUTH__EXTERNAL__ISSUER: issuer.url,
        ODMCP_AUTH__MASTER_KEY_BEARER: 'false' },
    });
    const ask = (headers) => fetch(strict.url, { method: 'POST', headers: {
      'Content-Type': 'application/json', Accept: 'application/json, text/event-stream',
      'MCP-Protocol-Version': '2026-07-28', 'Mcp-Method': 'tools/list', ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientCapabilities': {} } } }) });
    const byKey = await ask({ Authorization: `Bearer ${setup.masterKey}` });
    const byQuery = await fetch(`${strict.url}?token=${setup.masterKey}`, { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const token = issuer.token({ sub: SUBJECT, aud: strictResource, scope: 'tools:read' });
    tokens.push(token);
    const byToken = await ask({ Authorization: `Bearer ${token}` });
    t.check('with master_key_bearer = false a master key is refused, as a bearer or ?token=, and '
      + 'an access token is taken', byKey.status === 401 && byQuery.status === 401 &&
      byToken.status === 200, `${byKey.status} ${byQuery.status} ${byToken.status}`);
    await Promise.all([byKey, byQuery, byToken].map((r) => r.body?.cancel()));
    await strict.stop();
  });

  const log = host.stderr();
  const requests = log.split('\n').filter((line) => line.includes('"msg":"http request"'))
    .map((line) => JSON.parse(line));
  t.check('the access log names an access token and its scopes on the refused write',
    requests.some((r) => r.status === 403 && r.auth === 'access_token' &&
      r.scopes === 'tools:read' && r.tool === 'orders_add_note'), `${requests.length} lines`);
  const refusals = log.split('\n').filter((line) => line.includes('"msg":"access token refused"'));
  t.check('a refused token leaves no tenant on its line, and a warning saying why',
    requests.some((r) => r.status === 401 && r.auth === '' && r.tenant_id === 0) &&
    refusals.some((line) => line.includes("audience is not this server")), `${refusals.length} warnings`);
  const signatureIn = (token) => { const sig = token.split('.')[2]; return sig && log.includes(sig); };
  const leaked = tokens.filter((token) => log.includes(token) || signatureIn(token));
  t.check(`the host's log holds no token (${tokens.length} tokens, ${log.length} bytes of log)`,
    leaked.length === 0 && log.length > 0, `${leaked.length} leaked`);
} catch (e) {
  t.check('session', false, `${e?.stack ?? e}${host ? `\nhost stderr (end):\n${host.stderr().slice(-2000)}` : ''}`);
} finally {
  for (const client of clients) await client.close().catch(() => {});
  await issuer?.close();
  if (setup) await setup.cleanup();
  t.finish();
}
