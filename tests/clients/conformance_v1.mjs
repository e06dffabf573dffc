// The official TypeScript SDK v1 client (@modelcontextprotocol/sdk 1.32,
// legacy era) drives every fixture of the conformance plugin over stdio:
// the host asks the client for input with server-to-client requests on the
// call's stream, and tells it of changes with unsolicited notifications.
//   node conformance_v1.mjs <orderdesk-mcp binary> <conformance.toml>
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema,
  LoggingMessageNotificationSchema, PromptListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema, ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import {
  CLIENT_CAPABILITIES, ClientInputs, WATCHED, checkInputs, checkLogging, checkProgress,
  checkPrompts, checkResources, checkTools, eventually, tapWire, UPDATED_WATCHED,
} from './lib/conformance_checks.mjs';
import { Tally, text } from './lib/harness.mjs';
import { stderrCollector } from './lib/tenant_setup.mjs';

const [binary, config] = process.argv.slice(2);
const t = new Tally('conformance-v1/stdio');
const hostStderr = stderrCollector();
const client = new Client({ name: 'conformance-v1-test', version: '1.0.0' },
  { capabilities: CLIENT_CAPABILITIES });
const inputs = new ClientInputs();
client.setRequestHandler(CreateMessageRequestSchema, (r) => inputs.answer(r.method, r.params));
client.setRequestHandler(ElicitRequestSchema, (r) => inputs.answer(r.method, r.params));
client.setRequestHandler(ListRootsRequestSchema, (r) => inputs.answer(r.method, r.params));
const log = [];
client.setNotificationHandler(LoggingMessageNotificationSchema, ({ params }) => log.push(params));
const changes = [];
for (const schema of [ResourceUpdatedNotificationSchema, ToolListChangedNotificationSchema,
  PromptListChangedNotificationSchema]) {
  client.setNotificationHandler(schema, ({ method, params }) => changes.push({ method, uri: params?.uri }));
}
const changed = (method, uri) => changes.some((c) => c.method === method && c.uri === uri);

try {
  const transport = hostStderr.attach(new StdioClientTransport({
    command: binary, args: ['serve', '--config', config, '--stdio'], stderr: 'pipe',
    env: { ...process.env },  // the test's ODMCP_* overrides reach the host
  }));
  await client.connect(transport);
  const wire = tapWire(transport);
  t.check('initialize advertises subscriptions and list changes',
    client.getServerCapabilities()?.resources?.subscribe === true &&
      client.getServerCapabilities()?.tools?.listChanged === true &&
      client.getServerCapabilities()?.prompts?.listChanged === true,
    JSON.stringify(client.getServerCapabilities()));

  await checkTools(t, client);
  await checkProgress(t, (params, onprogress) => client.callTool(params, undefined, { onprogress }),
    wire);
  await t.step('logging/setLevel', async () => {
    const r = await client.setLoggingLevel('debug');
    t.check('logging/setLevel answers {}', Object.keys(r).length === 0, JSON.stringify(r));
  });
  await checkLogging(t, client, log);
  await checkResources(t, client, -32002);
  await checkPrompts(t, client, inputs);
  await checkInputs(t, client, inputs);

  await t.step('resources/subscribe', async () => {
    const r = await client.subscribeResource({ uri: WATCHED });
    t.check('resources/subscribe answers {}', Object.keys(r).length === 0, JSON.stringify(r));
    // The fixture changes it every 3 s.
    t.check(`notifications/resources/updated for ${WATCHED} within 5 s`,
      await eventually(() => changed('notifications/resources/updated', WATCHED), 5000),
      JSON.stringify(changes));
    const read = await client.readResource({ uri: WATCHED });
    t.check('the watched resource reads as updated',
      UPDATED_WATCHED.test(read.contents?.[0]?.text ?? ''), JSON.stringify(read));
    const gone = await client.unsubscribeResource({ uri: WATCHED });
    t.check('resources/unsubscribe answers {}', Object.keys(gone).length === 0, JSON.stringify(gone));
    await new Promise((resolve) => setTimeout(resolve, 200));  // one already queued may still come
    changes.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 3500));
    t.check('no update after resources/unsubscribe',
      !changed('notifications/resources/updated', WATCHED), JSON.stringify(changes));
  });

  for (const [tool, method] of [['test_trigger_tool_change', 'notifications/tools/list_changed'],
    ['test_trigger_prompt_change', 'notifications/prompts/list_changed']]) {
    await t.step(tool, async () => {
      changes.length = 0;
      const r = await client.callTool({ name: tool, arguments: {} });
      t.check(`${tool} completes`, r.isError !== true && text(r) === 'List change published',
        JSON.stringify(r));
      t.check(`${tool} sends ${method}`, await eventually(() => changed(method), 2000),
        JSON.stringify(changes));
    });
  }
} catch (e) {
  t.check('session', false, e?.stack ?? String(e));
} finally {
  await client.close().catch(() => {});
  if (t.failed > 0) console.log(`host stderr (last lines):\n${hostStderr.text().split('\n').slice(-20).join('\n')}`);
  t.finish();
}
