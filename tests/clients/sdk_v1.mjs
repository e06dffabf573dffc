// The official TypeScript SDK v1 client (@modelcontextprotocol/sdk 1.32,
// legacy era) lists and calls the diagnostics tools.
//   node sdk_v1.mjs <orderdesk-mcp binary> <config> <stdio|http>
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { checkDiagnostics } from './lib/diagnostics_checks.mjs';
import { startHttpHost, Tally } from './lib/harness.mjs';

const [binary, config, mode] = process.argv.slice(2);
const t = new Tally(`sdk-v1/${mode}`);
let host;
const client = new Client({ name: 'sdk-v1-test', version: '1.0.0' });
try {
  let transport;
  if (mode === 'http') {
    host = await startHttpHost(binary, config);
    transport = new StreamableHTTPClientTransport(new URL(host.url));
  } else {
    transport = new StdioClientTransport({
      command: binary, args: ['serve', '--config', config, '--stdio'], stderr: 'ignore',
      env: { ...process.env },  // the test's ODMCP_* overrides reach the host
    });
  }
  await client.connect(transport);
  t.check('initialize identifies the server',
    client.getServerVersion()?.name === 'orderdesk-mcp', JSON.stringify(client.getServerVersion()));
  if (mode === 'http') {
    // Only the HTTP transport exposes what initialize negotiated.
    t.check('initialize negotiates 2025-11-25', transport.protocolVersion === '2025-11-25',
      String(transport.protocolVersion));
    t.check('the HTTP session has an id', typeof transport.sessionId === 'string');
  }
  await t.step('ping', async () => {
    t.check('ping answers {}', Object.keys(await client.ping()).length === 0);
  });
  await checkDiagnostics(t, client);
  if (mode === 'http') {
    await t.step('session end', async () => {
      await transport.terminateSession();
      t.check('DELETE ends the session', transport.sessionId === undefined);
    });
  }
} catch (e) {
  t.check('session', false, e?.stack ?? String(e));
} finally {
  await client.close().catch(() => {});
  if (host) await host.stop();
  t.finish();
}
