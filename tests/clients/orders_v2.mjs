// The official TypeScript SDK v2 client (@modelcontextprotocol/client 2.4,
// automatic version negotiation: the 2026-07-28 era, which keeps no
// session) runs the orders and products workflow end to end against the
// OrderDesk emulator, as tenant "alice": register store 1001 (the default
// store, since stores_use needs a session), then every step of
// lib/orders_checks.mjs.
//   node orders_v2.mjs <orderdesk-mcp> <orderdesk-sandbox> <orders.toml> <stdio|http> [plugin dir]
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Tally } from './lib/harness.mjs';
import {
  ORDERS_SEEDED, checkOrdersSurface, checkOrdersToolsList, checkOrdersWorkflow,
  checkProductsWorkflow, checkStoreSetup,
} from './lib/orders_checks.mjs';
import { Session } from './lib/stores_checks.mjs';
import { DEMO_STORE, SECOND_STORE, setupTenant, stderrCollector } from './lib/tenant_setup.mjs';

const [binary, sandbox, config, mode, pluginDir] = process.argv.slice(2);
const t = new Tally(`orders-v2/${mode}`);
let client;
let setup;
let host;
const hostStderr = stderrCollector();  // the stdio host's stderr

const callWithProgress = (c, params, onprogress) => c.callTool(params, { onprogress });

try {
  setup = await setupTenant({
    binary, sandbox, config, pluginDir, orders: ORDERS_SEEDED,
    plugins: ['stores', 'orders', 'products'],
  });
  const { masterKey, env, sandboxUrl } = setup;
  let transport;
  if (mode === 'http') {
    host = await setup.startHttpHost();
    transport = new StreamableHTTPClientTransport(new URL(host.url),
      { authProvider: { token: async () => masterKey } });
  } else {
    transport = hostStderr.attach(new StdioClientTransport({
      command: binary, args: ['serve', '--config', config, '--stdio'], stderr: 'pipe',
      env: { ...env, ODMCP_MASTER_KEY: masterKey },
    }));
  }
  client = new Client({ name: 'orders-v2-test', version: '1.0.0' },
    { versionNegotiation: { mode: 'auto' } });
  await client.connect(transport);
  t.check('automatic negotiation chooses the modern era (2026-07-28, no session)',
    client.getProtocolEra() === 'modern' && client.getNegotiatedProtocolVersion() === '2026-07-28',
    `${client.getProtocolEra()} ${client.getNegotiatedProtocolVersion()}`);
  const s = new Session(t, client, [
    ['the API key of 1001', DEMO_STORE.key], ['the API key of 2002', SECOND_STORE.key],
    ['the master key', masterKey], ['the KMS key', env.ODMCP_KMS_KEY],
  ]);
  await checkOrdersToolsList(s);
  const selectedBy = await checkStoreSetup(s, { sessionful: false });
  const orderId = await checkOrdersWorkflow(s, { sandboxUrl, selectedBy, callWithProgress });
  await checkProductsWorkflow(s, { sandboxUrl, selectedBy });
  await checkOrdersSurface(s, { sandboxUrl, orderId });
  s.checkNoSecrets();
  s.checkLogClean(mode === 'http' ? host.stderr() : hostStderr.text());
} catch (e) {
  const log = mode === 'http' ? host?.stderr() : hostStderr.text();
  t.check('session', false, `${e?.stack ?? e}${log ? `\nhost stderr (end):\n${log.slice(-2000)}` : ''}`);
} finally {
  await client?.close().catch(() => {});
  if (setup) await setup.cleanup();
  t.finish();
}
