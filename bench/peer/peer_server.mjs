// The benchmarks' peer: the diagnostics plugin's system_echo tool served by
// the official MCP TypeScript SDK (@modelcontextprotocol/sdk 1.32), so
// orderdesk-mcp's HTTP numbers can be set beside the reference implementation
// doing the same work.
//   node peer_server.mjs --listen 127.0.0.1:0
// Prints its endpoint (http://HOST:PORT/mcp) as the first line of stdout.
//
// It follows the SDK's stateless example (examples/server/
// simpleStatelessStreamableHttp.js): a new McpServer and transport per
// request, no session id, so a single POST of tools/call is answered without
// an initialize first. JSON responses rather than SSE, as orderdesk-mcp gives
// a call with no progress or server-to-client requests. It uses node's http
// module instead of the example's Express app, so the peer pays for nothing
// orderdesk-mcp does not do.
import http from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import * as z from 'zod/v4';

// As the diagnostics plugin's default echo_max_length.
const ECHO_MAX_LENGTH = 10000;

function parseListen(argv) {
  const i = argv.indexOf('--listen');
  const match = i >= 0 && /^(.+):(\d+)$/.exec(argv[i + 1] ?? '');
  if (!match) {
    console.error('usage: node peer_server.mjs --listen HOST:PORT (PORT 0 picks a free one)');
    process.exit(2);
  }
  return { host: match[1], port: Number(match[2]) };
}

// The same tool as plugins/diagnostics/diagnostics.cc: name, title,
// description, schemas, annotations, and a result of one text block plus
// structured content.
function echoServer() {
  const server = new McpServer({ name: 'orderdesk-mcp-bench-peer', version: '1.0.0' });
  server.registerTool('system_echo', {
    title: 'Echo',
    description: 'Returns the text it is given, unchanged. Use it to test that a client can send ' +
      'arguments and read results; it has no other effect.',
    inputSchema: z.strictObject({
      text: z.string().max(ECHO_MAX_LENGTH).describe('The text to return.'),
    }),
    outputSchema: { text: z.string() },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  }, async ({ text }) => ({
    content: [{ type: 'text', text }],
    structuredContent: { text },
  }));
  return server;
}

function refuse(res, status, message) {
  res.writeHead(status, { 'Content-Type': 'application/json' })
    .end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

const httpServer = http.createServer(async (req, res) => {
  if (new URL(req.url, 'http://peer').pathname !== '/mcp') return refuse(res, 404, 'Not found.');
  // Stateless: there is no session to open a GET stream on or DELETE.
  if (req.method !== 'POST') return refuse(res, 405, 'Method not allowed.');
  const server = echoServer();
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  res.on('close', () => {
    transport.close();
    server.close();
  });
  try {
    await server.connect(transport);
    await transport.handleRequest(req, res);
  } catch (error) {
    console.error('peer: handling a request failed:', error);
    if (!res.headersSent) refuse(res, 500, 'Internal server error');
  }
});

const { host, port } = parseListen(process.argv.slice(2));
httpServer.listen(port, host, () => {
  const { address, port: bound } = httpServer.address();
  const shown = address.includes(':') ? `[${address}]` : address;
  console.log(`http://${shown}:${bound}/mcp`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
