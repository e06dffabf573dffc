// The official TypeScript SDK v1 client (@modelcontextprotocol/sdk 1.32,
// legacy era) loses its GET event stream in the middle of a session and
// resumes it with Last-Event-ID: the host replays what the broken stream
// never delivered, so the client hears every change.
//   node resume_v1.mjs <orderdesk-mcp binary> <conformance.toml>
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { eventually } from './lib/conformance_checks.mjs';
import { CuttingProxy } from './lib/cutting_proxy.mjs';
import { startHttpHost, Tally } from './lib/harness.mjs';

const [binary, config] = process.argv.slice(2);
const t = new Tally('resume-v1/http');
let host;
let proxy;
const client = new Client({ name: 'resume-v1-test', version: '1.0.0' });
let heard = 0;
client.setNotificationHandler(ToolListChangedNotificationSchema, () => { heard++; });
const trigger = () => client.callTool({ name: 'test_trigger_tool_change', arguments: {} });
const countOf = (text, what) => text.split(what).length - 1;
try {
  host = await startHttpHost(binary, config);
  proxy = new CuttingProxy(Number(new URL(host.url).port));
  const url = await proxy.listen(new URL(host.url).pathname);
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    reconnectionOptions: {
      initialReconnectionDelay: 100, maxReconnectionDelay: 1000,
      reconnectionDelayGrowFactor: 1.5, maxRetries: 10,
    },
  });
  await client.connect(transport);
  t.check('the client opens its GET stream', await eventually(() => proxy.streamConnection, 5000));
  await trigger();
  t.check('a change reaches the stream', await eventually(() => heard === 1, 5000), `heard ${heard}`);

  // The network loses what the host sends next: two changes.
  const stream = proxy.streamConnection;
  proxy.freeze(stream);
  await trigger();
  await trigger();
  t.check('the host sent both changes into the lost connection',
    await eventually(() => countOf(stream.swallowed, 'notifications/tools/list_changed') === 2, 5000),
    JSON.stringify(stream.swallowed));
  t.check('the client heard neither', heard === 1, `heard ${heard}`);

  proxy.cut(stream);
  t.check('the client resumes with Last-Event-ID',
    await eventually(() => proxy.getRequests.some((g) => g.lastEventId !== undefined), 5000),
    JSON.stringify(proxy.getRequests.map((g) => g.lastEventId)));
  const resumed = proxy.getRequests.find((g) => g.lastEventId !== undefined);
  t.check('Last-Event-ID names the last event the client received', resumed?.lastEventId === '1',
    String(resumed?.lastEventId));
  t.check('the replay brings both changes it missed', await eventually(() => heard === 3, 5000),
    `heard ${heard}`);
  await trigger();
  t.check('the resumed stream carries new changes', await eventually(() => heard === 4, 5000),
    `heard ${heard}`);
} catch (e) {
  t.check('session', false, e?.stack ?? String(e));
} finally {
  await client.close().catch(() => {});
  proxy?.close();
  if (host) await host.stop();
  t.finish();
}
