// The official TypeScript SDK v1 client (@modelcontextprotocol/sdk 1.32,
// legacy era: every connection keeps a session) drives the stores tools end
// to end against the OrderDesk emulator, as tenant "alice".
//   node stores_v1.mjs <orderdesk-mcp> <orderdesk-sandbox> <stores.toml> <stdio|http> [plugin dir]
// stdio: one connection with ODMCP_MASTER_KEY, then one without it that
// authenticates with tenant_use_master_key. http: raw 401 checks, then two
// connections with Authorization: Bearer.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Tally } from './lib/harness.mjs';
import {
  Session, checkHttpAuth, checkHttpUseMasterKey, checkSecondConnection, checkStdioLogin,
  checkStoreLifecycle, checkToolsList,
} from './lib/stores_checks.mjs';
import { DEMO_STORE, SECOND_STORE, setupTenant, stderrCollector } from './lib/tenant_setup.mjs';

const [binary, sandbox, config, mode, pluginDir] = process.argv.slice(2);
const t = new Tally(`stores-v1/${mode}`);
const clients = [];
let setup;
let host;
const hostStderr = stderrCollector();  // the stdio hosts' stderr, for failures

function connect(transport) {
  const client = new Client({ name: 'stores-v1-test', version: '1.0.0' });
  clients.push(client);
  return client.connect(transport).then(() => client);
}

const stdio = (env) => hostStderr.attach(new StdioClientTransport({
  command: binary, args: ['serve', '--config', config, '--stdio'], stderr: 'pipe', env,
}));
const http = (url, key) => new StreamableHTTPClientTransport(new URL(url),
  { requestInit: { headers: { Authorization: `Bearer ${key}` } } });

try {
  setup = await setupTenant({ binary, sandbox, config, pluginDir });
  const { masterKey, env } = setup;
  const s = new Session(t, null, [
    ['the API key of 1001', DEMO_STORE.key], ['the API key of 2002', SECOND_STORE.key],
    ['the master key', masterKey], ['the KMS key', env.ODMCP_KMS_KEY],
  ]);
  if (mode === 'http') {
    host = await setup.startHttpHost();
    await checkHttpAuth(t, host.url, masterKey);
    const transport = http(host.url, masterKey);
    s.client = await connect(transport);
    t.check('an HTTP connection with the master key initializes a legacy session',
      typeof transport.sessionId === 'string', String(transport.sessionId));
    await checkToolsList(s);
    await checkHttpUseMasterKey(s, masterKey);
    await checkStoreLifecycle(s, { sessionful: true });
    await transport.terminateSession();
    s.client = await connect(http(host.url, masterKey));
    await checkSecondConnection(s);
  } else {
    s.client = await connect(stdio({ ...env, ODMCP_MASTER_KEY: masterKey }));
    await checkToolsList(s);
    // Over stdio the legacy-era connection is a session too: stores_use works.
    await checkStoreLifecycle(s, { sessionful: true });
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
