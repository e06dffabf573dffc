// The demo's scripted session (scripts/demo.sh): the official MCP
// TypeScript SDK client connects to a running orderdesk-mcp, lists its tools
// and calls each one, printing what it sends and what comes back.
//   node demo_session.mjs <url>
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [url] = process.argv.slice(2);
const client = new Client({ name: 'orderdesk-mcp-demo', version: '1.0.0' });
const transport = new StreamableHTTPClientTransport(new URL(url));
const show = (label, value) => console.log(`  ${label} ${typeof value === 'string' ? value : JSON.stringify(value)}`);

await client.connect(transport);
console.log(`> initialize`);
show('server:', client.getServerVersion());
show('protocol:', transport.protocolVersion);
show('session:', transport.sessionId);

console.log('> tools/list');
const { tools } = await client.listTools();
for (const tool of tools) show(`${tool.name}:`, tool.description);

const calls = [
  ['system_ping', {}],
  ['system_echo', { text: 'Hello from the demo' }],
  ['system_health', {}],
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
