// The checks both SDK generations run against the conformance fixture plugin
// (tests/fixtures/conformance), with the exact values of the official
// suite's reference server, so that the two protocol eras are held to the
// same answers. The requests the host makes of the client (elicitation,
// sampling, roots) are answered by ClientInputs, which records them.
import { isDeepStrictEqual } from 'node:util';
import { text } from './harness.mjs';

export const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
export const WAV = 'UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=';
export const WATCHED = 'test://watched-resource';

// tools/list, in the host's (name) order.
export const TOOLS = [
  'json_schema_2020_12_tool', 'test_audio_content', 'test_elicitation',
  'test_elicitation_sep1034_defaults', 'test_elicitation_sep1330_enums', 'test_embedded_resource',
  'test_error_handling', 'test_image_content', 'test_input_required_result_capabilities',
  'test_input_required_result_elicitation', 'test_input_required_result_list_roots',
  'test_input_required_result_multi_round', 'test_input_required_result_multiple_inputs',
  'test_input_required_result_request_state', 'test_input_required_result_sampling',
  'test_input_required_result_tampered_state', 'test_logging_tool', 'test_missing_capability',
  'test_multiple_content_types', 'test_sampling', 'test_simple_text', 'test_streaming_elicitation',
  'test_tool_with_logging', 'test_tool_with_progress', 'test_trigger_prompt_change',
  'test_trigger_tool_change', 'test_x_mcp_header',
];

// The capabilities a client declares so that the host may ask it anything.
export const CLIENT_CAPABILITIES = { sampling: {}, elicitation: {}, roots: { listChanged: true } };

const json = (value) => JSON.stringify(value);
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Polls `condition` until it holds or `ms` pass; resolves with its last value.
export async function eventually(condition, ms) {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await sleep(25);
  return condition();
}

// The requestedSchema of each elicitation the fixtures send.
const form = (field) => ({ type: 'object', properties: { [field]: { type: 'string' } }, required: [field] });
const USER_SCHEMA = {
  type: 'object',
  properties: {
    username: { type: 'string', description: "User's response" },
    email: { type: 'string', description: "User's email address" },
  },
  required: ['username', 'email'],
};
const DEFAULTS_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', description: 'User name', default: 'John Doe' },
    age: { type: 'integer', description: 'User age', default: 30 },
    score: { type: 'number', description: 'User score', default: 95.5 },
    status: { type: 'string', description: 'User status', enum: ['active', 'inactive', 'pending'], default: 'active' },
    verified: { type: 'boolean', description: 'Verification status', default: true },
  },
  required: [],
};
const ENUMS_SCHEMA = {
  type: 'object',
  properties: {
    untitledSingle: { type: 'string', description: 'Select one option', enum: ['option1', 'option2', 'option3'] },
    titledSingle: {
      type: 'string', description: 'Select one option with titles',
      oneOf: [{ const: 'value1', title: 'First Option' }, { const: 'value2', title: 'Second Option' },
        { const: 'value3', title: 'Third Option' }],
    },
    legacyEnum: {
      type: 'string', description: 'Select one option (legacy)', enum: ['opt1', 'opt2', 'opt3'],
      enumNames: ['Option One', 'Option Two', 'Option Three'],
    },
    untitledMulti: {
      type: 'array', description: 'Select multiple options', minItems: 1, maxItems: 3,
      items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
    },
    titledMulti: {
      type: 'array', description: 'Select multiple options with titles', minItems: 1, maxItems: 3,
      items: {
        anyOf: [{ const: 'value1', title: 'First Choice' }, { const: 'value2', title: 'Second Choice' },
          { const: 'value3', title: 'Third Choice' }],
      },
    },
  },
  required: [],
};

// What the suite's client answers, keyed by a property of the form.
const FORM_ANSWERS = {
  username: { username: 'testuser', email: 'test@example.com' },
  age: { name: 'Jane Smith', age: 25, score: 88, status: 'inactive', verified: false },
  untitledSingle: {
    untitledSingle: 'option1', titledSingle: 'value1', legacyEnum: 'opt1',
    untitledMulti: ['option1', 'option2'], titledMulti: ['value1', 'value2'],
  },
  name: { name: 'Alice' },
  color: { color: 'blue' },
  ok: { ok: true },
  context: { context: 'test context' },
};
const SAMPLED = {
  'What is the capital of France?': 'The capital of France is Paris.',
  'Generate a greeting': 'Hello there!',
};
const ROOTS = { roots: [{ uri: 'file:///test/root', name: 'Test Root' }] };

const elicit = (message, requestedSchema) => ({ method: 'elicitation/create', params: { message, requestedSchema } });
const sample = (prompt, maxTokens) => ({
  method: 'sampling/createMessage',
  params: { messages: [{ role: 'user', content: { type: 'text', text: prompt } }], maxTokens },
});
const listRoots = { method: 'roots/list', params: {} };

// Answers the host's requests as the suite's client does, and records them
// (without _meta) so that a check can compare them with what the fixture
// should have asked.
export class ClientInputs {
  constructor() {
    this.seen = [];
  }

  answer(method, params = {}) {
    const { _meta, ...rest } = params;
    this.seen.push({ method, params: rest });
    if (method === 'roots/list') return ROOTS;
    if (method === 'sampling/createMessage') {
      const prompt = rest.messages?.at(-1)?.content?.text;
      return {
        role: 'assistant', model: 'test-model', stopReason: 'endTurn',
        content: { type: 'text', text: SAMPLED[prompt] ?? 'This is a test response from the client' },
      };
    }
    const field = Object.keys(FORM_ANSWERS).find((key) => key in (rest.requestedSchema?.properties ?? {}));
    return field ? { action: 'accept', content: FORM_ANSWERS[field] } : { action: 'decline' };
  }

  // Clears the record for the next call.
  take() {
    const seen = this.seen;
    this.seen = [];
    return seen;
  }
}

// Requests compared as a multiset: a round's requests may reach the client
// in any order.
const sorted = (requests) => requests.map(json).sort();

// Calls `name` and checks both what the client was asked and the answer.
async function checkAsking(t, client, inputs, name, args, asked, answer) {
  inputs.take();
  const r = await client.callTool({ name, arguments: args });
  const seen = inputs.take();
  t.check(`${name} asks the client exactly ${asked.map((a) => a.method).join(', ') || 'nothing'}`,
    isDeepStrictEqual(sorted(seen), sorted(asked)), json(seen));
  t.check(`${name} answers "${answer}"`, r.isError !== true && text(r) === answer, json(r));
}

export async function checkTools(t, client) {
  await t.step('tools/list', async () => {
    const { tools } = await client.listTools();
    t.check('tools/list names every fixture tool, in order',
      isDeepStrictEqual(tools.map((tool) => tool.name), TOOLS), json(tools.map((tool) => tool.name)));
    t.check('every tool has a description and an object input schema',
      tools.every((tool) => tool.description && tool.inputSchema?.type === 'object'));
    const schema = tools.find((tool) => tool.name === 'json_schema_2020_12_tool')?.inputSchema;
    t.check('json_schema_2020_12_tool keeps its 2020-12 keywords',
      schema?.$schema === 'https://json-schema.org/draft/2020-12/schema' &&
        schema.$defs?.address?.$anchor === 'addressDef' && schema.additionalProperties === false &&
        schema.if?.properties?.contactMethod?.const === 'phone', json(schema));
    const sampling = tools.find((tool) => tool.name === 'test_sampling')?.inputSchema;
    t.check('test_sampling requires its prompt',
      sampling?.properties?.prompt?.type === 'string' && isDeepStrictEqual(sampling.required, ['prompt']),
      json(sampling));
  });

  const exact = async (name, content, args) => {
    await t.step(name, async () => {
      const r = await client.callTool(args === undefined ? { name } : { name, arguments: args });
      t.check(`${name} returns its exact content`,
        r.isError !== true && isDeepStrictEqual(r.content, content), json(r));
    });
  };
  // Called without `arguments`, as the suite does.
  await exact('test_simple_text', [{ type: 'text', text: 'This is a simple text response for testing.' }]);
  await exact('test_image_content', [{ type: 'image', data: PNG, mimeType: 'image/png' }], {});
  await exact('test_audio_content', [{ type: 'audio', data: WAV, mimeType: 'audio/wav' }], {});
  await exact('test_embedded_resource', [{
    type: 'resource',
    resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' },
  }], {});
  await exact('test_multiple_content_types', [
    { type: 'text', text: 'Multiple content types test:' },
    { type: 'image', data: PNG, mimeType: 'image/png' },
    { type: 'resource', resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: '{"test":"data","value":123}' } },
  ], {});
  await exact('test_streaming_elicitation', [{ type: 'text', text: 'Streaming elicitation tool completed' }], {});
  await exact('json_schema_2020_12_tool', [{ type: 'text', text: 'ok' }], { name: 'Ada', email: 'ada@example.com' });
  await exact('test_x_mcp_header', [{ type: 'text', text: 'region: eu-west' }], { region: 'eu-west' });

  await t.step('test_error_handling', async () => {
    const r = await client.callTool({ name: 'test_error_handling', arguments: {} });
    t.check('test_error_handling is a tool error result with its message',
      r.isError === true && isDeepStrictEqual(r.content,
        [{ type: 'text', text: 'This tool intentionally returns an error for testing' }]), json(r));
  });
}

// Records every message the host sends, in arrival order, before the SDK
// dispatches it: the SDKs dispatch notifications a tick later than
// responses, so a progress notification that shares a read with the
// response never reaches an onprogress callback (the order on the wire is
// what the protocol promises). Call after connect().
export function tapWire(transport) {
  const wire = [];
  const deliver = transport.onmessage;
  transport.onmessage = (message, ...rest) => {
    wire.push(message);
    return deliver(message, ...rest);
  };
  return wire;
}

// `callWithProgress(params, onprogress)` is the SDK's way to ask for
// progress; `wire` is tapWire's record.
export async function checkProgress(t, callWithProgress, wire) {
  await t.step('test_tool_with_progress', async () => {
    const start = wire.length;
    const r = await callWithProgress({ name: 'test_tool_with_progress', arguments: {} }, () => {});
    t.check('test_tool_with_progress completes', text(r) === 'Progress test completed', json(r));
    const seen = wire.slice(start);
    const answer = seen.find((m) => m.result?.content?.[0]?.text === 'Progress test completed');
    const before = seen.slice(0, seen.indexOf(answer)).filter((m) => m.method === 'notifications/progress');
    t.check('three progress notifications, 0, 50 and 100 of 100, with the call\'s token, before the result',
      answer !== undefined && isDeepStrictEqual(before.map((m) => m.params),
        [0, 50, 100].map((step) => ({
          progressToken: before[0]?.params.progressToken, progress: step, total: 100,
          message: `Completed step ${step} of 100`,
        }))) && before[0].params.progressToken !== undefined, json(seen));
  });
}

// `log` is the array the SDK's notifications/message handler fills.
export async function checkLogging(t, client, log, callOptions = {}) {
  await t.step('test_tool_with_logging', async () => {
    log.length = 0;
    const r = await client.callTool({ name: 'test_tool_with_logging', arguments: {}, ...callOptions });
    t.check('test_tool_with_logging completes',
      text(r) === 'Tool with logging executed successfully', json(r));
    await eventually(() => log.length >= 3, 200);
    t.check('three info messages from logger "conformance", in order, by the result',
      isDeepStrictEqual(log, ['Tool execution started', 'Tool processing data', 'Tool execution completed']
        .map((data) => ({ level: 'info', logger: 'conformance', data }))), json(log));
  });
}

// `notFoundCode`: the era's code for an unknown resource (2025: -32002;
// 2026, SEP-2164: -32602).
export async function checkResources(t, client, notFoundCode) {
  await t.step('resources/list', async () => {
    const { resources } = await client.listResources();
    const expected = [
      { uri: 'test://static-binary', name: 'static-binary', title: 'Static Binary Resource', description: 'A static binary resource (image) for testing', mimeType: 'image/png' },
      { uri: 'test://static-text', name: 'static-text', title: 'Static Text Resource', description: 'A static text resource for testing', mimeType: 'text/plain' },
      { uri: WATCHED, name: 'watched-resource', title: 'Watched Resource', description: 'A resource that auto-updates every 3 seconds', mimeType: 'text/plain' },
    ];
    const got = [...resources].sort((a, b) => a.uri.localeCompare(b.uri));
    t.check('resources/list has the three fixed resources',
      isDeepStrictEqual(got, expected), json(resources));
    const { resourceTemplates } = await client.listResourceTemplates();
    t.check('resources/templates/list has test://template/{id}/data',
      isDeepStrictEqual(resourceTemplates, [{
        uriTemplate: 'test://template/{id}/data', name: 'template', title: 'Resource Template',
        description: 'A resource template with parameter substitution', mimeType: 'application/json',
      }]), json(resourceTemplates));
  });

  const read = async (uri, contents) => {
    await t.step(`read ${uri}`, async () => {
      const r = await client.readResource({ uri });
      t.check(`resources/read ${uri} returns its exact contents`,
        isDeepStrictEqual(r.contents, contents), json(r));
    });
  };
  await read('test://static-text', [{ uri: 'test://static-text', mimeType: 'text/plain', text: 'This is the content of the static text resource.' }]);
  await read('test://static-binary', [{ uri: 'test://static-binary', mimeType: 'image/png', blob: PNG }]);
  await read('test://template/123/data', [{
    uri: 'test://template/123/data', mimeType: 'application/json',
    text: '{"id":"123","templateTest":true,"data":"Data for ID: 123"}',
  }]);

  await t.step('read an unknown resource', async () => {
    const uri = 'test://nonexistent-resource-for-conformance-testing';
    let error;
    try {
      await client.readResource({ uri });
    } catch (e) {
      error = e;
    }
    t.check(`an unknown resource is a JSON-RPC error ${notFoundCode} naming the URI`,
      error?.code === notFoundCode && error.data?.uri === uri, `${error?.code} ${error?.message} ${json(error?.data)}`);
  });
}

// The watched resource's text once the fixture has changed it.
export const UPDATED_WATCHED = /^Watched resource content \(update \d+\)$/;

export async function checkPrompts(t, client, inputs) {
  await t.step('prompts/list', async () => {
    const { prompts } = await client.listPrompts();
    const got = [...prompts].sort((a, b) => a.name.localeCompare(b.name))
      .map(({ name, description, arguments: args }) => ({ name, description, arguments: args ?? [] }));
    t.check('prompts/list has the five prompts with their descriptions and arguments',
      isDeepStrictEqual(got, [
        { name: 'test_input_required_result_prompt', description: 'A prompt that first asks the user what context to use', arguments: [] },
        {
          name: 'test_prompt_with_arguments', description: 'A prompt with required arguments',
          arguments: [{ name: 'arg1', description: 'First test argument', required: true },
            { name: 'arg2', description: 'Second test argument', required: true }],
        },
        {
          name: 'test_prompt_with_embedded_resource', description: 'A prompt that includes an embedded resource',
          arguments: [{ name: 'resourceUri', description: 'URI of the resource to embed', required: true }],
        },
        { name: 'test_prompt_with_image', description: 'A prompt that includes image content', arguments: [] },
        { name: 'test_simple_prompt', description: 'A simple prompt without arguments', arguments: [] },
      ]), json(prompts));
  });

  const get = async (name, args, messages) => {
    await t.step(`prompts/get ${name}`, async () => {
      const r = await client.getPrompt(args === undefined ? { name } : { name, arguments: args });
      t.check(`prompts/get ${name} returns its exact messages`,
        isDeepStrictEqual(r.messages, messages), json(r));
    });
  };
  // Without `arguments`, as the suite asks.
  await get('test_simple_prompt', undefined,
    [{ role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } }]);
  await get('test_prompt_with_arguments', { arg1: 'testValue1', arg2: 'testValue2' },
    [{ role: 'user', content: { type: 'text', text: "Prompt with arguments: arg1='testValue1', arg2='testValue2'" } }]);
  await get('test_prompt_with_embedded_resource', { resourceUri: 'test://example-resource' }, [
    { role: 'user', content: { type: 'resource', resource: { uri: 'test://example-resource', mimeType: 'text/plain', text: 'Embedded resource content for testing.' } } },
    { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
  ]);
  await get('test_prompt_with_image', undefined, [
    { role: 'user', content: { type: 'image', data: PNG, mimeType: 'image/png' } },
    { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
  ]);
  inputs.take();
  await get('test_input_required_result_prompt', undefined,
    [{ role: 'user', content: { type: 'text', text: 'Prompt with context: test context' } }]);
  t.check('test_input_required_result_prompt asks the user for the context first',
    isDeepStrictEqual(inputs.take(), [elicit('What context should the prompt use?', form('context'))]));

  await t.step('completion/complete', async () => {
    const r = await client.complete({
      ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' },
      argument: { name: 'arg1', value: 'test' },
    });
    t.check('completion/complete answers no values, as the reference does',
      isDeepStrictEqual(r.completion, { values: [], total: 0, hasMore: false }), json(r));
  });
}

// The tools that ask the client for input; the host obtains the answers in
// whatever way the era allows, so both eras see the same requests and
// results.
export async function checkInputs(t, client, inputs) {
  const step = (name, args, asked, answer) =>
    t.step(name, () => checkAsking(t, client, inputs, name, args, asked, answer));
  await step('test_sampling', { prompt: 'Test prompt for sampling' },
    [sample('Test prompt for sampling', 100)], 'LLM response: This is a test response from the client');
  await step('test_elicitation', { message: 'Please provide your information' },
    [elicit('Please provide your information', USER_SCHEMA)],
    'User response: action=accept, content={"username":"testuser","email":"test@example.com"}');
  await step('test_elicitation_sep1034_defaults', {},
    [elicit('Please review and update the form fields with defaults', DEFAULTS_SCHEMA)],
    `Elicitation completed: action=accept, content=${json(FORM_ANSWERS.age)}`);
  await step('test_elicitation_sep1330_enums', {},
    [elicit('Please select options from the enum fields', ENUMS_SCHEMA)],
    `Elicitation completed: action=accept, content=${json(FORM_ANSWERS.untitledSingle)}`);
  await step('test_missing_capability', {}, [sample('Test required sampling capability', 100)],
    "The client's model answered: This is a test response from the client");
  await step('test_input_required_result_elicitation', {},
    [elicit('What is your name?', form('name'))], 'Hello, Alice!');
  await step('test_input_required_result_sampling', {},
    [sample('What is the capital of France?', 100)], 'Sampling result: The capital of France is Paris.');
  await step('test_input_required_result_list_roots', {}, [listRoots], 'Client roots: file:///test/root');
  const confirm = elicit('Please confirm', { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] });
  await step('test_input_required_result_request_state', {}, [confirm],
    'state-ok: the client answered accept with {"ok":true}');
  await step('test_input_required_result_tampered_state', {}, [confirm],
    'state-ok: the client answered accept with {"ok":true}');
  await step('test_input_required_result_multiple_inputs', {},
    [elicit('What is your name?', form('name')), sample('Generate a greeting', 50), listRoots],
    'Name: Alice; greeting: Hello there!; roots: file:///test/root');
  await step('test_input_required_result_capabilities', {},
    [elicit('What is your name?', form('name')), sample('What is the capital of France?', 100), listRoots],
    'The client answered: capital_question, client_roots, user_name');
  await t.step('test_input_required_result_multi_round', async () => {
    inputs.take();
    const r = await client.callTool({ name: 'test_input_required_result_multi_round', arguments: {} });
    const seen = inputs.take();
    t.check('test_input_required_result_multi_round asks step 1, then step 2',
      isDeepStrictEqual(seen, [elicit('Step 1: What is your name?', form('name')),
        elicit('Step 2: What is your favorite color?', form('color'))]), json(seen));
    t.check('test_input_required_result_multi_round answers with both rounds\' answers',
      r.isError !== true && text(r) === "Alice's favorite color is blue", json(r));
  });
}

// A JSON-RPC error's code, or the result when the call did not fail.
export async function errorOf(promise) {
  try {
    return { result: await promise };
  } catch (e) {
    return { code: e?.code, message: e?.message, data: e?.data };
  }
}
