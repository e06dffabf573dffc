// The official TypeScript SDK v2 client (@modelcontextprotocol/client 2.4,
// automatic version negotiation: the 2026-07-28 era, which keeps no
// session) drives the stores tools end to end against the OrderDesk
// emulator, as tenant "alice".
//   node stores_v2.mjs <orderdesk-mcp> <orderdesk-sandbox> <stores.toml> <stdio|http> [plugin dir]
// stdio: one connection with ODMCP_MASTER_KEY, then one without it that
// authenticates with tenant_use_master_key. http: raw 401 checks, then two
// connections whose authProvider sends Authorization: Bearer.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Tally } from './lib/harness.mjs';
import {
  Session, checkHttpAuth, checkHttpUseMasterKey, checkSecondConnection, checkStdioLogin,
  checkStoreLifecycle, checkToolsList,
} from './lib/stores_checks.mjs';
import { DEMO_STORE, SECOND_STORE, setupTenant, stderrCollector } from './lib/tenant_setup.mjs';

const [binary, sandbox, config, mode, pluginDir] = process.argv.slice(2);
const t = new Tally(`stores-v2/${mode}`);
const clients = [];
let setup;
let host;
const hostStderr = stderrCollector();  // the stdio hosts' stderr, for failures

async function connect(transport) {
  const client = new Client({ name: 'stores-v2-test', version: '1.0.0' },
    { versionNegotiation: { mode: 'auto' } });
  clients.push(client);
  await client.connect(transport);
  return client;
}

const stdio = (env) => hostStderr.attach(new StdioClientTransport({
  command: binary, args: ['serve', '--config', config, '--stdio'], stderr: 'pipe', env,
}));
// v2's way to send a bearer token: an AuthProvider whose token() is called
// before every request (requestInit headers would work too, but yield to it).
const http = (url, key) => new StreamableHTTPClientTransport(new URL(url),
  { authProvider: { token: async () => key } });

try {
  setup = await setupTenant({ binary, sandbox, config, pluginDir });
  const { masterKey, env } = setup;
  const s = new Session(t, null, [
    ['the API key of 1001', DEMO_STORE.key], ['the API key of 2002', SECOND_STORE.key],
    ['the master key', masterKey], ['the KMS key', env.ODMCP_KMS_KEY],
  ]);
  const modern = (client) => {
    t.check('automatic negotiation chooses the modern era (2026-07-28, no session)',
      client.getProtocolEra() === 'modern' &&
        client.getNegotiatedProtocolVersion() === '2026-07-28',
      `${client.getProtocolEra()} ${client.getNegotiatedProtocolVersion()}`);
  };
  if (mode === 'http') {
    host = await setup.startHttpHost();
    await checkHttpAuth(t, host.url, masterKey);
    s.client = await connect(http(host.url, masterKey));
    modern(s.client);
    await checkToolsList(s);
    await checkHttpUseMasterKey(s, masterKey);
    // A modern-era client keeps no session: stores_use says so.
    await checkStoreLifecycle(s, { sessionful: false });
    await s.client.close();
    s.client = await connect(http(host.url, masterKey));
    await checkSecondConnection(s);
  } else {
    s.client = await connect(stdio({ ...env, ODMCP_MASTER_KEY: masterKey }));
    modern(s.client);
    await checkToolsList(s);
    await checkStoreLifecycle(s, { sessionful: false });
    await s.client.close();
    s.client = await connect(stdio(env));  // no ODMCP_MASTER_KEY
    await checkStdioLogin(s, masterKey);
    await checkSecondConnection(s);
  }
  s.checkNoSecrets();
  s.checkLogClean(mode === 'http' ? host.stderr() : hostStderr.text());
} catch (e) {
  const log = mode === 'http' ? host?.stderr() : hostStderr.text();
  t.check('session', false, `${e?.stack ?? e}${log ? `\nhost stderr (end):\n${log.slice(-2000)}` : ''}`);
} finally {
  for (const client of clients) await client.close().catch(() => {});
  if (setup) await setup.cleanup();
  t.finish();
}
