// The checks both SDK generations run against the diagnostics plugin, so
// the two eras are held to the same exact values.
import { text } from './harness.mjs';

export async function checkDiagnostics(t, client) {
  await t.step('tools/list', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    t.check('tools/list names the diagnostics tools, sorted',
      JSON.stringify(names) === JSON.stringify(['system_echo', 'system_health', 'system_ping']),
      JSON.stringify(names));
    const echo = tools.find((tool) => tool.name === 'system_echo');
    t.check('system_echo declares its input schema',
      echo?.inputSchema?.type === 'object' && echo.inputSchema.required?.[0] === 'text',
      JSON.stringify(echo?.inputSchema));
    t.check('system_echo is annotated read-only and not destructive',
      echo?.annotations?.readOnlyHint === true && echo.annotations.destructiveHint === false,
      JSON.stringify(echo?.annotations));
  });

  await t.step('system_ping', async () => {
    const r = await client.callTool({ name: 'system_ping', arguments: {} });
    t.check('system_ping answers pong', r.isError !== true && r.structuredContent?.message === 'pong',
      JSON.stringify(r));
    t.check('system_ping reports an RFC 3339 time',
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(r.structuredContent?.server_time ?? ''));
  });

  await t.step('system_echo', async () => {
    const sent = 'héllo, wörld 👋 "quoted" \\ back\nslash';
    const r = await client.callTool({ name: 'system_echo', arguments: { text: sent } });
    t.check('system_echo returns its text unchanged',
      text(r) === sent && r.structuredContent?.text === sent, JSON.stringify(r));
  });

  await t.step('system_health', async () => {
    const r = await client.callTool({ name: 'system_health', arguments: {} });
    const plugin = r.structuredContent?.plugins?.find((p) => p.name === 'diagnostics');
    t.check('system_health lists the diagnostics plugin with its version and tools',
      r.structuredContent?.status === 'ok' && plugin?.version === '1.0.0' &&
        plugin.tools.length === 3 && r.structuredContent.server?.name === 'orderdesk-mcp',
      JSON.stringify(r.structuredContent));
  });

  await t.step('invalid arguments', async () => {
    const r = await client.callTool({ name: 'system_echo', arguments: { text: 42 } });
    t.check('a wrong argument type is a tool error naming the field and the type',
      r.isError === true && /"text" must be string, got integer/.test(text(r)), JSON.stringify(r));
  });

  await t.step('unknown tool', async () => {
    let error;
    try {
      await client.callTool({ name: 'no_such_tool', arguments: {} });
    } catch (e) {
      error = e;
    }
    t.check('an unknown tool is a JSON-RPC error -32602', error?.code === -32602, String(error));
  });
}
