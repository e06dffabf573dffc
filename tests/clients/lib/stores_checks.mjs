// The checks both SDK generations run against the stores plugin, on stdio
// and on HTTP, so every client is held to the same values. The stores are
// the sandbox's (tenant_setup.mjs): 1001 "Sandbox Demo Store" and 2002
// "Second Store".
import { text } from './harness.mjs';
import { DEMO_STORE, SECOND_STORE, TENANT_NAME } from './tenant_setup.mjs';

export const STORES_TOOLS = [
  'stores_delete', 'stores_list', 'stores_refresh', 'stores_register', 'stores_resolve',
  'stores_set_default', 'stores_use', 'tenant_use_master_key',
];

const json = (value) => JSON.stringify(value);
const brief = (value) => {
  const s = json(value) ?? String(value);
  return s.length > 600 ? `${s.slice(0, 600)}...` : s;
};

// A recorder of every answer the server gives, so that a final check can
// search them all for secrets.
export class Session {
  constructor(t, client, secrets) {
    this.t = t;
    this.client = client;
    this.secrets = secrets;  // [label, value] pairs that must never come back
    this.seen = [];          // [what, JSON text]
  }

  record(what, value) {
    const body = typeof value === 'string' ? value : json(value);
    this.seen.push([what, body]);
    // ODMCP_TEST_VERBOSE=1 prints every answer (tools/list aside).
    if (process.env.ODMCP_TEST_VERBOSE && what !== 'tools/list') console.log(`  > ${what}\n    ${body}`);
  }

  // tools/call; a JSON-RPC error comes back as { rpcError } instead of a throw.
  async call(name, args = {}) {
    try {
      const result = await this.client.callTool({ name, arguments: args });
      this.record(`${name} ${json(args)}`, result);
      return result;
    } catch (e) {
      this.record(`${name} ${json(args)} (error)`, `${e?.code} ${e?.message} ${json(e?.data)}`);
      return { rpcError: e };
    }
  }

  async list() {
    const r = await this.call('stores_list');
    return r.structuredContent;
  }

  // The host's log (its stderr) must not hold a secret either.
  checkLogClean(log) {
    const leaks = this.secrets.filter(([, secret]) => secret && log.includes(secret))
      .map(([name]) => name);
    this.t.check(`the host's log holds no API key, master key or KMS key (${log.length} bytes)`,
      leaks.length === 0 && log.length > 0, leaks.join('; '));
  }

  checkNoSecrets(label = 'no result or tool listing contains an API key or the master key') {
    const leaks = [];
    for (const [what, body] of this.seen) {
      for (const [name, secret] of this.secrets) {
        if (secret && body.includes(secret)) leaks.push(`${name} in ${what}`);
      }
    }
    this.t.check(`${label} (${this.seen.length} answers searched)`,
      leaks.length === 0 && this.seen.length > 0, leaks.join('; '));
  }
}

const isToolError = (r) => r?.isError === true && !r.rpcError;

// tools/list: the 8 tools, each fully described.
export async function checkToolsList(s) {
  const { t } = s;
  await t.step('tools/list', async () => {
    const listed = await s.client.listTools();
    s.record('tools/list', listed);
    const tools = listed.tools;
    const names = tools.map((tool) => tool.name);
    const missing = STORES_TOOLS.filter((name) => !names.includes(name));
    t.check('tools/list offers the 8 stores tools', missing.length === 0,
      `missing ${json(missing)} from ${json(names)}`);
    for (const name of STORES_TOOLS) {
      const tool = tools.find((x) => x.name === name);
      if (!tool) continue;
      const a = tool.annotations ?? {};
      const complete = typeof tool.title === 'string' && tool.title.length > 0 &&
        typeof tool.description === 'string' && tool.description.length > 40 &&
        tool.inputSchema?.type === 'object' && tool.outputSchema?.type === 'object' &&
        ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint']
          .every((hint) => typeof a[hint] === 'boolean');
      t.check(`${name} has a title, a description, input and output schemas and all four hints`,
        complete, brief(tool));
    }
    const get = (name) => tools.find((x) => x.name === name) ?? {};
    t.check('stores_list is annotated read-only and not destructive',
      get('stores_list').annotations?.readOnlyHint === true &&
        get('stores_list').annotations?.destructiveHint === false,
      brief(get('stores_list').annotations));
    t.check('stores_resolve is annotated read-only',
      get('stores_resolve').annotations?.readOnlyHint === true,
      brief(get('stores_resolve').annotations));
    t.check('stores_delete is annotated destructive and not read-only',
      get('stores_delete').annotations?.destructiveHint === true &&
        get('stores_delete').annotations?.readOnlyHint === false,
      brief(get('stores_delete').annotations));
    t.check('stores_register is open-world (it calls OrderDesk)',
      get('stores_register').annotations?.openWorldHint === true,
      brief(get('stores_register').annotations));
    const register = get('stores_register').inputSchema ?? {};
    t.check('stores_register requires store_id and api_key',
      json([...(register.required ?? [])].sort()) === json(['api_key', 'store_id']) &&
        register.properties?.store_id?.type === 'string',
      brief(register));
    t.check('stores_use, stores_set_default, stores_delete and stores_resolve require `store`',
      ['stores_use', 'stores_set_default', 'stores_delete', 'stores_resolve']
        .every((name) => get(name).inputSchema?.required?.includes('store')));
    t.check('stores_refresh takes an optional `store`',
      get('stores_refresh').inputSchema?.properties?.store?.type === 'string' &&
        !(get('stores_refresh').inputSchema?.required ?? []).includes('store'));
  });
}

// The stores' life cycle, from an empty tenant to one store left (1001, with
// no default). sessionful: whether this connection keeps a session, i.e.
// whether stores_use can set an active store.
export async function checkStoreLifecycle(s, { sessionful }) {
  const { t } = s;

  await t.step('empty tenant', async () => {
    const r = await s.call('stores_list');
    t.check('stores_list starts empty, with no default and no active store',
      !r.isError && json(r.structuredContent) ===
        json({ stores: [], default_store: null, active_store: null }), brief(r));
    t.check('the empty list says stores_register adds one', /stores_register/.test(text(r)),
      text(r));
    const refresh = await s.call('stores_refresh');
    t.check('stores_refresh without a store and without a default is a tool error',
      isToolError(refresh), brief(refresh));
  });

  await t.step('stores_register 1001', async () => {
    const r = await s.call('stores_register', { store_id: DEMO_STORE.id, api_key: DEMO_STORE.key });
    const sc = r.structuredContent ?? {};
    t.check('stores_register of store 1001 succeeds', !r.isError && !r.rpcError, brief(r));
    t.check('it reports store_id "1001" and OrderDesk\'s name',
      sc.store?.store_id === DEMO_STORE.id && sc.store?.name === DEMO_STORE.name, brief(sc));
    t.check('it reports status "registered"', sc.status === 'registered', brief(sc));
    const folders = sc.store?.folders;
    t.check('it lists the store\'s folders with ids and names',
      Array.isArray(folders) && folders.length > 0 &&
        folders.every((f) => typeof f.id === 'string' && typeof f.name === 'string' && f.name),
      brief(folders));
    t.check('the first store registered is the default (is_default true)', sc.is_default === true,
      brief(sc));
    t.check('its text names the store and says it is the default',
      text(r).includes(DEMO_STORE.name) && /default/i.test(text(r)), text(r));
  });

  await t.step('stores_register with a wrong key', async () => {
    const before = await s.list();
    const r = await s.call('stores_register',
      { store_id: SECOND_STORE.id, api_key: 'WrongKey0123456789abcdefghijklmnopqrstuvwxyzABC' });
    t.check('stores_register with a wrong API key is a tool error', isToolError(r), brief(r));
    t.check('its message says OrderDesk rejected the credentials and nothing was saved',
      /rejected/i.test(text(r)) && /nothing was saved/i.test(text(r)), text(r));
    const after = await s.list();
    t.check('stores_list is unchanged after the rejected registration',
      json(after) === json(before) && after?.stores?.length === 1, `${brief(before)} -> ${brief(after)}`);
    const again = await s.call('stores_register',
      { store_id: DEMO_STORE.id, api_key: 'WrongKey0123456789abcdefghijklmnopqrstuvwxyzABC' });
    t.check('a wrong key for the registered store 1001 is rejected too', isToolError(again) &&
      /rejected/i.test(text(again)), brief(again));
    const refresh = await s.call('stores_refresh', { store: DEMO_STORE.id });
    t.check('store 1001 keeps its good key (stores_refresh 1001 still works)',
      !refresh.isError && !refresh.rpcError && refresh.structuredContent?.store_id === DEMO_STORE.id,
      brief(refresh));
  });

  await t.step('stores_register 2002', async () => {
    const r = await s.call('stores_register',
      { store_id: SECOND_STORE.id, api_key: SECOND_STORE.key });
    const sc = r.structuredContent ?? {};
    t.check('stores_register of store 2002 succeeds, named by OrderDesk, not the default',
      !r.isError && !r.rpcError && sc.store?.store_id === SECOND_STORE.id &&
        sc.store?.name === SECOND_STORE.name && sc.status === 'registered' && sc.is_default === false,
      brief(r));
  });

  await t.step('stores_list with two stores', async () => {
    const r = await s.call('stores_list');
    const sc = r.structuredContent ?? {};
    const ids = (sc.stores ?? []).map((x) => x.store_id).sort();
    t.check('stores_list shows both stores', json(ids) === json(['1001', '2002']), brief(sc));
    const one = (sc.stores ?? []).find((x) => x.store_id === DEMO_STORE.id);
    const two = (sc.stores ?? []).find((x) => x.store_id === SECOND_STORE.id);
    t.check('1001 is the default, 2002 is not; neither is active',
      sc.default_store === DEMO_STORE.id && sc.active_store === null &&
        one?.is_default === true && two?.is_default === false &&
        one?.is_active === false && two?.is_active === false, brief(sc));
    t.check('each store has its name and an RFC 3339 registered_at',
      one?.name === DEMO_STORE.name && two?.name === SECOND_STORE.name &&
        [one, two].every((x) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(x?.registered_at ?? '')),
      brief(sc));
    t.check('its text lists both names and marks the default',
      text(r).includes(DEMO_STORE.name) && text(r).includes(SECOND_STORE.name) &&
        /\[default\]/.test(text(r)), text(r));
  });

  await t.step('stores_resolve', async () => {
    const byId = await s.call('stores_resolve', { store: SECOND_STORE.id });
    t.check('stores_resolve "2002" matches by id',
      json(byId.structuredContent) ===
        json({ store_id: SECOND_STORE.id, name: SECOND_STORE.name, matched_by: 'id' }), brief(byId));
    const byName = await s.call('stores_resolve', { store: 'sandbox demo store' });
    t.check('stores_resolve "sandbox demo store" matches 1001 by name, ignoring case',
      json(byName.structuredContent) ===
        json({ store_id: DEMO_STORE.id, name: DEMO_STORE.name, matched_by: 'name' }), brief(byName));
    const spaced = await s.call('stores_resolve', { store: '  SECOND STORE ' });
    t.check('stores_resolve ignores surrounding spaces',
      spaced.structuredContent?.store_id === SECOND_STORE.id, brief(spaced));
    const unknown = await s.call('stores_resolve', { store: 'No Such Store' });
    t.check('stores_resolve of an unknown name is a tool error naming stores_list',
      isToolError(unknown) && /stores_list/.test(text(unknown)), brief(unknown));
    const unknownId = await s.call('stores_resolve', { store: '9999' });
    t.check('stores_resolve of an unknown id is a tool error naming the id and stores_list',
      isToolError(unknownId) && /9999/.test(text(unknownId)) && /stores_list/.test(text(unknownId)),
      brief(unknownId));
  });

  await t.step('stores_use', async () => {
    const r = await s.call('stores_use', { store: 'second store' });
    const listed = await s.list();
    if (sessionful) {
      t.check('stores_use "second store" makes 2002 the active store',
        !r.isError && !r.rpcError &&
          json(r.structuredContent) === json({ store_id: SECOND_STORE.id, name: SECOND_STORE.name }),
        brief(r));
      t.check('stores_list then shows 2002 active (and 1001 still the default)',
        listed?.active_store === SECOND_STORE.id && listed?.default_store === DEMO_STORE.id &&
          listed?.stores?.find((x) => x.store_id === SECOND_STORE.id)?.is_active === true,
        brief(listed));
      const refresh = await s.call('stores_refresh');
      t.check('stores_refresh without `store` acts on the active store (selected_by "session")',
        refresh.structuredContent?.store_id === SECOND_STORE.id &&
          refresh.structuredContent?.selected_by === 'session', brief(refresh));
    } else {
      t.check('stores_use is a tool error on a connection without a session, pointing to ' +
        '`store` and stores_set_default',
        isToolError(r) && /keeps no session/.test(text(r)) && /stores_set_default/.test(text(r)),
        brief(r));
      t.check('stores_list then shows no active store',
        listed?.active_store === null && listed?.default_store === DEMO_STORE.id, brief(listed));
    }
    const unknown = await s.call('stores_use', { store: 'Nowhere Store' });
    t.check('stores_use of an unknown store is a tool error naming stores_list',
      isToolError(unknown) && /stores_list/.test(text(unknown)), brief(unknown));
    const after = await s.list();
    t.check('a failed stores_use leaves the active store as it was',
      after?.active_store === (sessionful ? SECOND_STORE.id : null), brief(after));
  });

  await t.step('stores_set_default', async () => {
    const r = await s.call('stores_set_default', { store: SECOND_STORE.id });
    t.check('stores_set_default 2002 succeeds',
      !r.isError && !r.rpcError &&
        json(r.structuredContent) === json({ store_id: SECOND_STORE.id, name: SECOND_STORE.name }),
      brief(r));
    const listed = await s.list();
    t.check('stores_list then shows 2002 as the default and 1001 not',
      listed?.default_store === SECOND_STORE.id &&
        listed?.stores?.find((x) => x.store_id === SECOND_STORE.id)?.is_default === true &&
        listed?.stores?.find((x) => x.store_id === DEMO_STORE.id)?.is_default === false,
      brief(listed));
    if (!sessionful) {
      const refresh = await s.call('stores_refresh');
      t.check('stores_refresh without `store` acts on the default store (selected_by "default")',
        refresh.structuredContent?.store_id === SECOND_STORE.id &&
          refresh.structuredContent?.selected_by === 'default', brief(refresh));
    }
  });

  await t.step('stores_refresh', async () => {
    const r = await s.call('stores_refresh', { store: 'Sandbox Demo Store' });
    const sc = r.structuredContent ?? {};
    t.check('stores_refresh of 1001 succeeds, selected by the argument',
      !r.isError && !r.rpcError && sc.store_id === DEMO_STORE.id && sc.name === DEMO_STORE.name &&
        sc.selected_by === 'argument', brief(r));
    t.check('it returns the folders with ids and names',
      Array.isArray(sc.folders) && sc.folders.length > 0 &&
        sc.folders.every((f) => typeof f.id === 'string' && typeof f.name === 'string'),
      brief(sc.folders));
    t.check('it returns OrderDesk\'s name and the settings with the time zone',
      sc.orderdesk_name === DEMO_STORE.name &&
        sc.settings?.timezone === 'America/Los_Angeles', brief(sc));
    const unknown = await s.call('stores_refresh', { store: '31337' });
    t.check('stores_refresh of an unknown store is a tool error', isToolError(unknown),
      brief(unknown));
  });

  await t.step('stores_delete', async () => {
    const r = await s.call('stores_delete', { store: SECOND_STORE.id });
    const sc = r.structuredContent ?? {};
    t.check('stores_delete 2002 succeeds', !r.isError && !r.rpcError &&
      sc.store_id === SECOND_STORE.id && sc.name === SECOND_STORE.name, brief(r));
    t.check('it says it cleared the default (2002 was the default)',
      sc.cleared_default === true && /no default is set now/.test(text(r)), brief(r));
    t.check(`it says it ${sessionful ? 'cleared' : 'did not clear'} the session's active store`,
      sc.cleared_active === sessionful &&
        /none is active now/.test(text(r)) === sessionful, brief(r));
    const listed = await s.list();
    t.check('stores_list then shows only 1001, with no default and no active store, as the ' +
      'tool said',
      json(listed?.stores?.map((x) => x.store_id)) === json([DEMO_STORE.id]) &&
        listed?.default_store === null && listed?.active_store === null &&
        listed?.stores?.[0]?.is_default === false, brief(listed));
    const again = await s.call('stores_delete', { store: SECOND_STORE.id });
    t.check('deleting 2002 again is a tool error (no such store)', isToolError(again),
      brief(again));
    const resolve = await s.call('stores_resolve', { store: SECOND_STORE.name });
    t.check('the deleted store no longer resolves', isToolError(resolve), brief(resolve));
  });

  await t.step('invalid input', async () => {
    const missing = await s.call('stores_register', { api_key: DEMO_STORE.key });
    t.check('stores_register without store_id is a tool error naming store_id',
      isToolError(missing) && /store_id/.test(text(missing)), brief(missing));
    const wrongType = await s.call('stores_register', { store_id: 123, api_key: DEMO_STORE.key });
    t.check('stores_register with store_id 123 (a number) is a tool error naming store_id',
      isToolError(wrongType) && /store_id/.test(text(wrongType)), brief(wrongType));
    const notDigits = await s.call('stores_register',
      { store_id: 'abc', api_key: DEMO_STORE.key });
    t.check('stores_register with store_id "abc" is a tool error naming store_id',
      isToolError(notDigits) && /store_id/.test(text(notDigits)), brief(notDigits));
    const extra = await s.call('stores_list', { surprise: true });
    t.check('stores_list with an unknown argument is a tool error naming it',
      isToolError(extra) && /surprise/.test(text(extra)), brief(extra));
    const noStore = await s.call('stores_use', {});
    t.check('stores_use without `store` is a tool error naming store',
      isToolError(noStore) && /store/.test(text(noStore)), brief(noStore));
    const listed = await s.list();
    t.check('the invalid calls changed nothing',
      json(listed?.stores?.map((x) => x.store_id)) === json([DEMO_STORE.id]), brief(listed));
  });
}

// A second connection of the same tenant sees the stores the first one left
// (the tenant's), without its active store (the session's).
export async function checkSecondConnection(s) {
  const { t } = s;
  await t.step('second connection', async () => {
    const listed = await s.list();
    t.check('a new connection of the tenant sees store 1001, no default and no active store',
      json(listed?.stores?.map((x) => x.store_id)) === json([DEMO_STORE.id]) &&
        listed?.default_store === null && listed?.active_store === null, brief(listed));
    const r = await s.call('stores_register', { store_id: SECOND_STORE.id, api_key: SECOND_STORE.key });
    t.check('re-registering 2002 with no default set makes it the default',
      r.structuredContent?.status === 'registered' && r.structuredContent?.is_default === true,
      brief(r));
    const update = await s.call('stores_register', { store_id: DEMO_STORE.id, api_key: DEMO_STORE.key });
    t.check('registering 1001 again reports "updated" and leaves the default on 2002',
      update.structuredContent?.status === 'updated' && update.structuredContent?.is_default === false,
      brief(update));
  });
}

// A stdio connection started without ODMCP_MASTER_KEY: refused until it
// calls tenant_use_master_key.
export async function checkStdioLogin(s, masterKey) {
  const { t } = s;
  await t.step('stdio without ODMCP_MASTER_KEY', async () => {
    const before = await s.call('stores_list');
    t.check('stores_list before authenticating is a tool error',
      isToolError(before), brief(before));
    t.check('its message tells how to authenticate (ODMCP_MASTER_KEY or tenant_use_master_key)',
      /tenant_use_master_key/.test(text(before)) && /ODMCP_MASTER_KEY/.test(text(before)),
      text(before));
    const register = await s.call('stores_register',
      { store_id: SECOND_STORE.id, api_key: SECOND_STORE.key });
    t.check('stores_register before authenticating is a tool error too',
      isToolError(register) && /tenant_use_master_key/.test(text(register)), brief(register));
    const wrong = await s.call('tenant_use_master_key', { master_key: 'not-the-master-key-' + 'x'.repeat(40) });
    t.check('tenant_use_master_key with a wrong key is a tool error',
      isToolError(wrong) && /belongs to no tenant/.test(text(wrong)), brief(wrong));
    const stillOut = await s.call('stores_list');
    t.check('after a wrong key the connection is still unauthenticated', isToolError(stillOut),
      brief(stillOut));
    const ok = await s.call('tenant_use_master_key', { master_key: masterKey });
    t.check(`tenant_use_master_key with the key authenticates as "${TENANT_NAME}"`,
      !ok.isError && !ok.rpcError && ok.structuredContent?.tenant?.name === TENANT_NAME &&
        typeof ok.structuredContent?.tenant?.id === 'string', brief(ok));
    const after = await s.call('stores_list');
    t.check('stores_list then works and shows the tenant\'s stores',
      !after.isError && !after.rpcError &&
        Array.isArray(after.structuredContent?.stores) && after.structuredContent.stores.length > 0,
      brief(after));
  });
}

// Raw HTTP: a request without a key or with a wrong one gets 401.
export async function checkHttpAuth(t, url, masterKey) {
  await t.step('HTTP authentication', async () => {
    const initialize = JSON.stringify({
      jsonrpc: '2.0', id: 1, method: 'initialize',
      params: {
        protocolVersion: '2025-11-25', capabilities: {},
        clientInfo: { name: 'raw-fetch', version: '1.0.0' },
      },
    });
    const post = (headers) => fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json', Accept: 'application/json, text/event-stream',
        ...headers,
      },
      body: initialize,
    });
    const none = await post({});
    const noneBody = await none.text();
    t.check('initialize without Authorization gets 401', none.status === 401,
      `${none.status} ${noneBody}`);
    t.check('... with a WWW-Authenticate Bearer challenge',
      /^Bearer /.test(none.headers.get('www-authenticate') ?? ''),
      String(none.headers.get('www-authenticate')));
    t.check('... and a message telling how to send the master key',
      /Authorization: Bearer/.test(noneBody), noneBody);
    const wrong = await post({ Authorization: 'Bearer wrong-master-key-0123456789abcdefghijklmnop' });
    const wrongBody = await wrong.text();
    t.check('initialize with a wrong key gets 401 too', wrong.status === 401,
      `${wrong.status} ${wrongBody}`);
    t.check('... with a WWW-Authenticate challenge saying invalid_token',
      /^Bearer .*error="invalid_token"/.test(wrong.headers.get('www-authenticate') ?? ''),
      String(wrong.headers.get('www-authenticate')));
    const message = (body) => { try { return JSON.parse(body).error?.message; } catch { return body; } };
    t.check('... and the same message as without a key',
      typeof message(noneBody) === 'string' && message(wrongBody) === message(noneBody),
      `${message(noneBody)} | ${message(wrongBody)}`);
    t.check('the 401 answers do not echo the key sent', !wrongBody.includes('wrong-master-key') &&
      !noneBody.includes(masterKey), wrongBody);
    const good = await post({ Authorization: `Bearer ${masterKey}` });
    await good.body?.cancel();
    t.check('initialize with the master key is accepted (200)', good.status === 200,
      String(good.status));
    const session = good.headers.get('mcp-session-id');
    if (session) {  // end the session the raw request opened
      await fetch(url, { method: 'DELETE', headers: {
        Authorization: `Bearer ${masterKey}`, 'Mcp-Session-Id': session,
        'MCP-Protocol-Version': '2025-11-25' } }).then((r) => r.body?.cancel()).catch(() => {});
    }
  });
}

// Over HTTP the key comes with each request: tenant_use_master_key refuses.
export async function checkHttpUseMasterKey(s, masterKey) {
  const { t } = s;
  await t.step('tenant_use_master_key over HTTP', async () => {
    const r = await s.call('tenant_use_master_key', { master_key: masterKey });
    t.check('tenant_use_master_key over HTTP is a tool error pointing to Authorization: Bearer',
      isToolError(r) && /Authorization: Bearer/.test(text(r)), brief(r));
  });
}
