// The official TypeScript SDK v2 client (@modelcontextprotocol/client 2.4,
// automatic negotiation: the 2026-07-28 era) drives every fixture of the
// conformance plugin over stdio: input requests come back as input_required
// results that the client fulfils through its handlers and retries with a
// signed requestState, and changes arrive on a subscriptions/listen stream.
//   node conformance_v2.mjs <orderdesk-mcp binary> <conformance.toml>
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { isDeepStrictEqual } from 'node:util';
import {
  CLIENT_CAPABILITIES, ClientInputs, WATCHED, checkInputs, checkLogging, checkProgress,
  checkPrompts, checkResources, checkTools, errorOf, eventually, tapWire, UPDATED_WATCHED,
} from './lib/conformance_checks.mjs';
import { Tally, text } from './lib/harness.mjs';
import { stderrCollector } from './lib/tenant_setup.mjs';

const [binary, config] = process.argv.slice(2);
const t = new Tally('conformance-v2/stdio');
const hostStderr = stderrCollector();
const client = new Client({ name: 'conformance-v2-test', version: '1.0.0' },
  { versionNegotiation: { mode: 'auto' }, capabilities: CLIENT_CAPABILITIES });
const inputs = new ClientInputs();
for (const method of ['sampling/createMessage', 'elicitation/create', 'roots/list']) {
  client.setRequestHandler(method, (r) => inputs.answer(r.method, r.params));
}
const log = [];
client.setNotificationHandler('notifications/message', ({ params }) => log.push(params));
const changes = [];
for (const method of ['notifications/resources/updated', 'notifications/tools/list_changed',
  'notifications/prompts/list_changed']) {
  client.setNotificationHandler(method, ({ params }) => changes.push({ method, uri: params?.uri }));
}
const changed = (method, uri) => changes.some((c) => c.method === method && c.uri === uri);
const json = (value) => JSON.stringify(value);

// One round of a tool call driven by hand: the client hands an
// input_required result back instead of fulfilling it.
const round = (name, extra = {}) =>
  client.callTool({ name, arguments: {}, ...extra }, { allowInputRequired: true });
const accept = (content) => ({ action: 'accept', content });

// What the client's handlers do on their own, round by round: the
// requestState must change between rounds, and carry round 1's answer.
async function checkManualRounds() {
  await t.step('multi-round by hand', async () => {
    const tool = 'test_input_required_result_multi_round';
    const r1 = await round(tool);
    t.check('round 1 is input_required asking step1, with a state',
      r1.resultType === 'input_required' && Object.keys(r1.inputRequests ?? {}).join() === 'step1' &&
        typeof r1.requestState === 'string', json(r1));
    const r2 = await round(tool, { inputResponses: { step1: accept({ name: 'Alice' }) }, requestState: r1.requestState });
    t.check('round 2 is input_required asking step2, with a different state',
      r2.resultType === 'input_required' && Object.keys(r2.inputRequests ?? {}).join() === 'step2' &&
        typeof r2.requestState === 'string' && r2.requestState !== r1.requestState, json(r2));
    const r3 = await round(tool, { inputResponses: { step2: accept({ color: 'blue' }) }, requestState: r2.requestState });
    t.check('round 3 completes with round 1\'s answer from the state',
      r3.resultType !== 'input_required' && text(r3) === "Alice's favorite color is blue", json(r3));
  });

  await t.step('tampered state', async () => {
    const tool = 'test_input_required_result_tampered_state';
    const r1 = await round(tool);
    t.check('test_input_required_result_tampered_state asks with a state',
      r1.resultType === 'input_required' && typeof r1.requestState === 'string', json(r1));
    const e = await errorOf(round(tool, {
      inputResponses: { confirm: accept({ ok: true }) }, requestState: `${r1.requestState}-TAMPERED`,
    }));
    t.check('a tampered requestState is a JSON-RPC error -32602', e.code === -32602, json(e));
  });

  await t.step('answers the server did not ask for', async () => {
    const tool = 'test_input_required_result_elicitation';
    const { requestState } = await round(tool);
    const wrong = await round(tool, { inputResponses: { wrong_key: accept({ data: 'wrong' }) }, requestState });
    t.check('a retry without the asked key is asked again',
      wrong.resultType === 'input_required' && Object.keys(wrong.inputRequests ?? {}).join() === 'user_name',
      json(wrong));
    const extra = await round(tool, {
      inputResponses: { user_name: accept({ name: 'Alice' }), unknown_extra_key: accept({ foo: 'bar' }) },
      requestState,
    });
    t.check('extra keys are ignored', extra.resultType !== 'input_required' && text(extra) === 'Hello, Alice!',
      json(extra));
    const number = await errorOf(round(tool, { inputResponses: { user_name: 12345 }, requestState }));
    t.check('an answer that is not an object is asked again',
      number.result?.resultType === 'input_required' &&
        Object.keys(number.result.inputRequests ?? {}).join() === 'user_name', json(number));
  });

  const only = (capabilities) => ({ _meta: { 'io.modelcontextprotocol/clientCapabilities': capabilities } });
  await t.step('capabilities of this request only', async () => {
    const r = await round('test_input_required_result_capabilities', only({ sampling: {} }));
    t.check('with sampling alone declared, only sampling is asked',
      r.resultType === 'input_required' &&
        isDeepStrictEqual(Object.keys(r.inputRequests ?? {}), ['capital_question']) &&
        r.inputRequests.capital_question.method === 'sampling/createMessage', json(r));
    const e = await errorOf(round('test_missing_capability', only({})));
    t.check('test_missing_capability without sampling is error -32021 naming it',
      e.code === -32021 && typeof e.data?.requiredCapabilities?.sampling === 'object', json(e));
  });
}

try {
  const transport = hostStderr.attach(new StdioClientTransport({
    command: binary, args: ['serve', '--config', config, '--stdio'], stderr: 'pipe',
    env: { ...process.env },  // the test's ODMCP_* overrides reach the host
  }));
  await client.connect(transport);
  const wire = tapWire(transport);
  t.check('automatic negotiation chooses 2026-07-28',
    client.getProtocolEra() === 'modern' && client.getNegotiatedProtocolVersion() === '2026-07-28',
    `${client.getProtocolEra()} ${client.getNegotiatedProtocolVersion()}`);

  await checkTools(t, client);
  await checkProgress(t, (params, onprogress) => client.callTool(params, { onprogress }), wire);
  // 2026: a request gets log messages only when its _meta names a level.
  await checkLogging(t, client, log, { _meta: { 'io.modelcontextprotocol/logLevel': 'debug' } });
  await t.step('no logLevel, no log', async () => {
    log.length = 0;
    const r = await client.callTool({ name: 'test_logging_tool', arguments: {} });
    await new Promise((resolve) => setTimeout(resolve, 200));
    t.check('test_logging_tool without logLevel completes and logs nothing',
      text(r) === 'Logging tool completed' && log.length === 0, json({ r, log }));
  });
  await checkResources(t, client, -32602);
  await checkPrompts(t, client, inputs);
  await checkInputs(t, client, inputs);
  await checkManualRounds();

  await t.step('subscriptions/listen', async () => {
    const filter = { toolsListChanged: true, promptsListChanged: true, resourceSubscriptions: [WATCHED] };
    const subscription = await client.listen(filter);
    t.check('the listen stream honours the whole filter',
      isDeepStrictEqual(subscription.honoredFilter, filter), json(subscription.honoredFilter));
    changes.length = 0;
    for (const [tool, method] of [['test_trigger_tool_change', 'notifications/tools/list_changed'],
      ['test_trigger_prompt_change', 'notifications/prompts/list_changed']]) {
      const r = await client.callTool({ name: tool, arguments: {} });
      t.check(`${tool} completes`, r.isError !== true && text(r) === 'List change published', json(r));
      t.check(`${tool} sends ${method} on the stream`, await eventually(() => changed(method), 2000),
        json(changes));
    }
    // The fixture changes it every 3 s.
    t.check(`notifications/resources/updated for ${WATCHED} within 5 s`,
      await eventually(() => changed('notifications/resources/updated', WATCHED), 5000), json(changes));
    const read = await client.readResource({ uri: WATCHED }, { cacheMode: 'bypass' });
    t.check('the watched resource reads as updated',
      UPDATED_WATCHED.test(read.contents?.[0]?.text ?? ''), json(read));
    await subscription.close();
    t.check('closing the subscription ends it locally', (await subscription.closed) === 'local');
  });
} catch (e) {
  t.check('session', false, e?.stack ?? String(e));
} finally {
  await client.close().catch(() => {});
  if (t.failed > 0) console.log(`host stderr (last lines):\n${hostStderr.text().split('\n').slice(-20).join('\n')}`);
  t.finish();
}
