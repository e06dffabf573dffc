// The demo's scripted session (scripts/demo.sh): the official MCP
// TypeScript SDK client connects to a running orderdesk-mcp with a tenant's
// master key, lists its tools and calls some, printing what it sends and
// what comes back.
//   node demo_session.mjs <url> <master key>
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [url, masterKey] = process.argv.slice(2);
const client = new Client({ name: 'orderdesk-mcp-demo', version: '1.0.0' });
const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: { Authorization: `Bearer ${masterKey}` } },
});
const show = (label, value) => console.log(`  ${label} ${typeof value === 'string' ? value : JSON.stringify(value)}`);

await client.connect(transport);
console.log(`> initialize`);
show('server:', client.getServerVersion());
show('protocol:', transport.protocolVersion);
show('session:', transport.sessionId);

console.log('> tools/list');
const { tools } = await client.listTools();
for (const tool of tools) show(`${tool.name}:`, tool.title ?? tool.description);

const calls = [
  ['stores_list', {}],
  ['stores_resolve', { store: 'sandbox demo store' }],
  ['stores_refresh', {}],
  ['system_ping', {}],
  ['system_echo', { words: 'a wrong argument' }],
];
for (const [name, args] of calls) {
  console.log(`> tools/call ${name} ${JSON.stringify(args)}`);
  const result = await client.callTool({ name, arguments: args });
  for (const block of result.content) show(result.isError ? 'error:' : 'text:', block.text);
  if (result.structuredContent) show('structured:', result.structuredContent);
}

await transport.terminateSession();
await client.close();
console.log('> session ended');
