// The official TypeScript SDK v2 client (@modelcontextprotocol/client 2.4)
// in automatic version negotiation: it probes with server/discover and must
// choose the 2026-07-28 era, then lists and calls the diagnostics tools.
//   node sdk_v2.mjs <orderdesk-mcp binary> <config> <stdio|http>
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { checkDiagnostics } from './lib/diagnostics_checks.mjs';
import { startHttpHost, Tally } from './lib/harness.mjs';

const [binary, config, mode] = process.argv.slice(2);
const t = new Tally(`sdk-v2/${mode}`);
let host;
const client = new Client({ name: 'sdk-v2-test', version: '1.0.0' },
  { versionNegotiation: { mode: 'auto' } });
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
  t.check('automatic negotiation chooses the modern era',
    client.getProtocolEra() === 'modern', String(client.getProtocolEra()));
  t.check('the negotiated version is 2026-07-28',
    client.getNegotiatedProtocolVersion() === '2026-07-28',
    String(client.getNegotiatedProtocolVersion()));
  t.check('server/discover identifies the server',
    client.getServerVersion()?.name === 'orderdesk-mcp', JSON.stringify(client.getServerVersion()));
  await checkDiagnostics(t, client);
} catch (e) {
  t.check('session', false, e?.stack ?? String(e));
} finally {
  await client.close().catch(() => {});
  if (host) await host.stop();
  t.finish();
}
