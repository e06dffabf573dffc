// The checks both SDK generations run against the orders and products
// plugins, on stdio and on HTTP, so every client is held to the same values:
// the workflow of issue 5's acceptance point 5 plus the orders plugin's
// resources, prompts and completions. The values are checked against the
// sandbox's own state (its API, read directly, and its /_sandbox/stats
// counters), not only against what the tools say. The sandbox seeds
// ORDERS_SEEDED orders per store (tenant_setup.mjs), enough to page 1,200.
import { isDeepStrictEqual } from 'node:util';
import { text } from './harness.mjs';
import { DEMO_STORE } from './tenant_setup.mjs';

export const ORDERS_SEEDED = 1300;
export const ORDERS_PAGED = 1200;

export const ORDERS_TOOLS = [
  'orders_add_items', 'orders_add_note', 'orders_create', 'orders_delete', 'orders_get',
  'orders_history', 'orders_list', 'orders_move', 'orders_update', 'orders_update_address',
  'shipments_add', 'shipments_batch_add', 'shipments_delete', 'shipments_list', 'shipments_update',
];
export const PRODUCTS_TOOLS = [
  'products_batch_update', 'products_create', 'products_delete', 'products_get', 'products_list',
  'products_update',
];

const json = (value) => JSON.stringify(value);
const brief = (value) => {
  const s = json(value) ?? String(value);
  return s.length > 600 ? `${s.slice(0, 600)}...` : s;
};
const succeeded = (r) => r && !r.rpcError && r.isError !== true;
const isToolError = (r) => r?.isError === true && !r.rpcError;
const sc = (r) => r?.structuredContent ?? {};
const same = (a, b) => isDeepStrictEqual(a, b);
const noteKey = (content) => String(content ?? '').trim().toLowerCase();

// The sandbox read directly, as store 1001, past the host: its API for the
// state, its stats for how many requests the host sent.
export class SandboxView {
  constructor(url) {
    this.url = url;
  }

  async get(path, query = {}) {
    const url = new URL(`${this.url}/api/v2${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
    const response = await fetch(url, {
      headers: { 'ORDERDESK-STORE-ID': DEMO_STORE.id, 'ORDERDESK-API-KEY': DEMO_STORE.key },
    });
    return { status: response.status, body: await response.json() };
  }

  // Requests store 1001 received, by route template ("POST /move-orders").
  async routes() {
    const stats = await (await fetch(`${this.url}/_sandbox/stats`)).json();
    return stats.stores?.[DEMO_STORE.id]?.routes ?? {};
  }

  // How many requests of each named route `fn` caused.
  async counting(names, fn) {
    const before = await this.routes();
    const result = await fn();
    const after = await this.routes();
    const delta = Object.fromEntries(names.map((n) => [n, (after[n] ?? 0) - (before[n] ?? 0)]));
    return { result, delta };
  }
}

// tools/list: the 21 tools, each fully described and correctly annotated.
export async function checkOrdersToolsList(s) {
  const { t } = s;
  await t.step('tools/list', async () => {
    const listed = await s.client.listTools();
    s.record('tools/list', listed);
    const tools = listed.tools;
    const get = (name) => tools.find((x) => x.name === name);
    const missing = [...ORDERS_TOOLS, ...PRODUCTS_TOOLS].filter((name) => !get(name));
    t.check('tools/list offers the 15 orders tools and the 6 products tools',
      missing.length === 0, `missing ${json(missing)}`);
    const incomplete = [...ORDERS_TOOLS, ...PRODUCTS_TOOLS].filter((name) => {
      const tool = get(name);
      const a = tool?.annotations ?? {};
      return !(tool && tool.title && tool.description?.length > 80 &&
        tool.inputSchema?.type === 'object' && tool.outputSchema?.type === 'object' &&
        ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint']
          .every((hint) => typeof a[hint] === 'boolean'));
    });
    t.check('each has a title, a description, input and output schemas and all four hints',
      incomplete.length === 0, `incomplete: ${json(incomplete)}`);
    const hint = (name, key) => get(name)?.annotations?.[key];
    const reads = ['orders_get', 'orders_list', 'orders_history', 'shipments_list',
      'products_get', 'products_list'];
    t.check('the reads are annotated read-only and not destructive',
      reads.every((n) => hint(n, 'readOnlyHint') === true && hint(n, 'destructiveHint') === false),
      json(reads.map((n) => [n, get(n)?.annotations])));
    const deletes = ['orders_delete', 'shipments_delete', 'products_delete'];
    t.check('the deletes are annotated destructive and not read-only',
      deletes.every((n) => hint(n, 'destructiveHint') === true && hint(n, 'readOnlyHint') === false),
      json(deletes.map((n) => [n, get(n)?.annotations])));
    const idempotent = ['orders_update', 'orders_update_address', 'orders_move', 'products_update',
      'products_batch_update'];
    t.check('the updates and the move are annotated idempotent and not read-only',
      idempotent.every((n) => hint(n, 'idempotentHint') === true && hint(n, 'readOnlyHint') === false),
      json(idempotent.map((n) => [n, get(n)?.annotations])));
    const limit = get('orders_list')?.inputSchema?.properties?.limit ?? {};
    t.check('orders_list bounds limit to 1..500',
      limit.minimum === 1 && limit.maximum === 500, brief(limit));
  });
}

// The store the workflow acts on: 1001 registered with its API key, then
// made the session's active store. A connection without a session cannot
// have one; its tools fall back to the tenant's default store, which the
// first registration made 1001. Returns how tools say they chose it.
export async function checkStoreSetup(s, { sessionful }) {
  const { t } = s;
  await t.step('store set-up', async () => {
    const r = await s.call('stores_register', { store_id: DEMO_STORE.id, api_key: DEMO_STORE.key });
    t.check('stores_register 1001 with its API key registers it as the default store',
      succeeded(r) && sc(r).status === 'registered' && sc(r).store?.store_id === DEMO_STORE.id &&
        sc(r).is_default === true, brief(r));
    const use = await s.call('stores_use', { store: DEMO_STORE.id });
    if (sessionful) {
      t.check('stores_use 1001 makes it the active store',
        succeeded(use) && sc(use).store_id === DEMO_STORE.id, brief(use));
    } else {
      t.check('stores_use is refused on a connection without a session (tools use the default)',
        isToolError(use) && /keeps no session/.test(text(use)), brief(use));
    }
  });
  return sessionful ? 'session' : 'default';
}

// Every tool result about store 1001 says which store and how it was chosen.
function checkStore(t, label, r, selectedBy) {
  t.check(`${label} acts on store 1001 (selected_by "${selectedBy}")`,
    sc(r).store_id === DEMO_STORE.id && sc(r).selected_by === selectedBy, brief(sc(r)));
}

// orders_list with a folder, a date range and a sort, checked order by
// order and against the sandbox's own answer to the same query; then an
// e-mail filter with the opposite sort. Returns a listed order's summary.
async function checkFilteredList(s, sandbox, selectedBy) {
  const { t } = s;
  const args = {
    folders: ['Closed'], search_start_date: '2025-06-01', search_end_date: '2025-06-30 23:59:59',
    order_by: 'order_total', order: 'desc', limit: 100,
  };
  const r = await s.call('orders_list', args);
  const orders = sc(r).orders ?? [];
  t.check('orders_list (folder Closed, June 2025, by order_total desc) returns orders',
    succeeded(r) && orders.length > 0 && sc(r).returned === orders.length, brief(r));
  checkStore(t, 'orders_list', r, selectedBy);
  t.check('every listed order is in the folder Closed',
    orders.every((o) => o.folder_name === 'Closed'), brief(orders.map((o) => o.folder_name)));
  t.check('every listed order was added within the range',
    orders.every((o) => o.date_added >= '2025-06-01 00:00:00' && o.date_added <= '2025-06-30 23:59:59'),
    brief(orders.map((o) => o.date_added)));
  t.check('the orders come by order_total, largest first',
    orders.every((o, i) => i === 0 || orders[i - 1].order_total >= o.order_total),
    brief(orders.map((o) => o.order_total)));
  const direct = await sandbox.get('/orders', {
    folder_name: 'Closed', search_start_date: '2025-06-01', search_end_date: '2025-06-30 23:59:59',
    order_by: 'order_total', order: 'DESC', limit: 100,
  });
  t.check('they are exactly the orders the sandbox finds for that query, in its order',
    same(orders.map((o) => o.id), direct.body.orders?.map((o) => String(o.id))) &&
      sc(r).total_records === Number(direct.body.total_records),
    `${brief(orders.map((o) => o.id))} vs ${brief(direct.body.orders?.map((o) => o.id))}`);

  const email = orders[0]?.email;
  const byEmail = await s.call('orders_list',
    { email: email?.toUpperCase(), order_by: 'date_added', order: 'asc' });
  const mine = sc(byEmail).orders ?? [];
  t.check(`orders_list by e-mail (${email}, in upper case) finds only that customer's orders, ` +
    'oldest first', succeeded(byEmail) && mine.length >= 1 &&
      mine.some((o) => o.id === orders[0].id) &&
      mine.every((o) => o.email.toLowerCase() === email.toLowerCase()) &&
      mine.every((o, i) => i === 0 || mine[i - 1].date_added <= o.date_added), brief(byEmail));
  return orders[0];
}

// orders_list reading 1,200 orders in pages of 500, with progress.
async function checkPaging(s, sandbox, callWithProgress) {
  const { t } = s;
  const progress = [];
  const args = { max_results: ORDERS_PAGED, limit: 500 };
  const { result: r, delta } = await sandbox.counting(['GET /orders'], async () => {
    try {
      const result = await callWithProgress(s.client, { name: 'orders_list', arguments: args },
        (p) => progress.push(p));
      s.record(`orders_list ${json(args)}`, result);
      return result;
    } catch (e) {
      return { rpcError: e };
    }
  });
  const orders = sc(r).orders ?? [];
  const ids = new Set(orders.map((o) => o.id));
  t.check(`orders_list max_results ${ORDERS_PAGED} returns ${ORDERS_PAGED} distinct orders`,
    succeeded(r) && orders.length === ORDERS_PAGED && sc(r).returned === ORDERS_PAGED &&
      ids.size === ORDERS_PAGED, `${orders.length} orders, ${ids.size} distinct; ${brief(r).slice(0, 300)}`);
  t.check(`it reports ${ORDERS_SEEDED} matching, more to read from offset ${ORDERS_PAGED}`,
    sc(r).total_records === ORDERS_SEEDED && sc(r).has_more === true &&
      sc(r).next_offset === ORDERS_PAGED, json({ ...sc(r), orders: undefined }));
  t.check('the orders come newest first',
    orders.every((o, i) => i === 0 || orders[i - 1].date_added >= o.date_added));
  t.check('it read them in 3 OrderDesk requests (pages of 500)', delta['GET /orders'] === 3,
    json(delta));
  const values = progress.map((p) => p.progress);
  t.check('progress notifications arrived, one per page (3)', progress.length === 3,
    json(progress));
  t.check('their progress increases',
    values.length > 0 && values.every((v, i) => i === 0 || values[i - 1] < v), json(values));
  const last = progress[progress.length - 1];
  t.check(`the last progress equals the total, ${ORDERS_PAGED}`,
    last?.progress === ORDERS_PAGED && last?.total === ORDERS_PAGED, json(last));
}

// orders_get of a seeded order: the sandbox's order, whole; then from cache.
async function checkGet(s, sandbox, orderId, selectedBy) {
  const { t } = s;
  const { result: r, delta } = await sandbox.counting(['GET /orders/{order_id}'],
    () => s.call('orders_get', { order_id: orderId }));
  const order = sc(r).order ?? {};
  checkStore(t, 'orders_get', r, selectedBy);
  t.check(`orders_get ${orderId} returns the order with its items`,
    succeeded(r) && String(order.id) === orderId && order.order_items?.length > 0, brief(r));
  const direct = await sandbox.get(`/orders/${orderId}`);
  t.check('it is the sandbox\'s order, field for field', same(order, direct.body.order),
    `${brief(order)} vs ${brief(direct.body.order)}`);
  t.check('it cost one OrderDesk request', delta['GET /orders/{order_id}'] === 1, json(delta));
  const again = await sandbox.counting(['GET /orders/{order_id}'],
    () => s.call('orders_get', { order_id: orderId }));
  t.check('a second orders_get comes from the cache, without an OrderDesk request',
    sc(again.result).cached === true && again.delta['GET /orders/{order_id}'] === 0 &&
      same(sc(again.result).order, order), json(again.delta));
}

const NEW_ORDER = {
  email: 'ada.lovelace@example.com',
  source_id: 'sdk-workflow-1',
  shipping_method: 'Ground',
  shipping_total: 5,
  shipping: {
    first_name: 'Ada', last_name: 'Lovelace', company: 'Analytical Engines',
    address1: '12 St James Square', city: 'London', postal_code: 'SW1Y 4JH', country: 'GB',
    phone: '555-0142',
  },
  customer: {
    first_name: 'Ada', last_name: 'Lovelace', address1: '1 Ockham Lane', city: 'Ockham',
    postal_code: 'GU23 6NS', country: 'GB', phone: '555-0143',
  },
  order_items: [
    { name: 'Difference engine gear', code: 'DE-GEAR', price: 19.5, quantity: 2 },
    { name: 'Punched cards (100)', code: 'PC-100', price: 4.25, quantity: 1 },
  ],
  order_notes: [{ content: 'Created by the SDK workflow test', username: 'sdk-test' }],
  checkout_data: { 'Gift message': 'Happy birthday' },
  order_metadata: { channel: 'sdk-test' },
};

async function checkCreate(s, sandbox, selectedBy) {
  const { t } = s;
  const r = await s.call('orders_create', { order: NEW_ORDER });
  const id = sc(r).order_id;
  const order = sc(r).order ?? {};
  checkStore(t, 'orders_create', r, selectedBy);
  t.check('orders_create returns the new order\'s id and the order as saved',
    succeeded(r) && /^\d+$/.test(id ?? '') && String(order.id) === id, brief(r));
  t.check('the saved order has the shipping name, both items and the total 48.25',
    order.shipping?.first_name === 'Ada' && order.order_items?.length === 2 &&
      Number(order.order_total) === 48.25, brief(order));
  const direct = await sandbox.get(`/orders/${id}`);
  t.check('the sandbox has the order, with its note, checkout data and metadata',
    direct.status === 200 && direct.body.order?.email === NEW_ORDER.email &&
      direct.body.order?.order_notes?.length === 1 &&
      direct.body.order?.checkout_data?.['Gift message'] === 'Happy birthday' &&
      direct.body.order?.order_metadata?.channel === 'sdk-test', brief(direct.body));
  return id;
}

// orders_update_address, then orders_get: the new address, everything else
// as it was (compared with the order as read before, field for field).
async function checkUpdateAddress(s, sandbox, id) {
  const { t } = s;
  const before = sc(await s.call('orders_get', { order_id: id })).order ?? {};
  const change = { address1: '221B Baker Street', postal_code: 'NW1 6XE' };
  const r = await s.call('orders_update_address', { order_id: id, address: 'shipping', ...change });
  t.check('orders_update_address changes the shipping address (written, no re-merge)',
    succeeded(r) && sc(r).written === true && sc(r).remerges === 0, brief(r));
  const after = sc(await s.call('orders_get', { order_id: id })).order ?? {};
  t.check('orders_get then shows the new street and postal code',
    after.shipping?.address1 === change.address1 && after.shipping?.postal_code === change.postal_code,
    brief(after.shipping));
  t.check('the shipping address\'s other fields are unchanged',
    same({ ...after.shipping, ...pick(before.shipping, Object.keys(change)) }, before.shipping),
    `${brief(before.shipping)} -> ${brief(after.shipping)}`);
  const rest = (order) => {
    const { shipping, date_updated: updated, ...others } = order;
    return others;
  };
  const changedKeys = Object.keys({ ...rest(before), ...rest(after) })
    .filter((key) => !same(before[key], after[key]));
  t.check('every other field of the order (customer, items, notes, totals, ...) is unchanged',
    changedKeys.length === 0 && Object.keys(rest(before)).length > 10,
    `changed: ${json(changedKeys)}`);
  const direct = await sandbox.get(`/orders/${id}`);
  t.check('the sandbox holds exactly the order orders_get showed', same(direct.body.order, after),
    `${brief(direct.body.order)} vs ${brief(after)}`);
}

function pick(object, keys) {
  return Object.fromEntries(keys.map((key) => [key, object?.[key]]));
}

// orders_add_note twice with the same note (and once more in other case and
// spacing): added once, and only the first call writes.
async function checkNotes(s, sandbox, id) {
  const { t } = s;
  const note = 'Customer asked for gift wrap';
  const { result: calls, delta } = await sandbox.counting(['PUT /orders/{order_id}'], async () => [
    await s.call('orders_add_note', { order_id: id, note }),
    await s.call('orders_add_note', { order_id: id, note }),
    await s.call('orders_add_note', { order_id: id, note: '  customer asked for GIFT WRAP ' }),
  ]);
  const [first, second, third] = calls;
  t.check('the first orders_add_note adds the note',
    succeeded(first) && sc(first).added === true && sc(first).changes?.notes_added === 1, brief(first));
  t.check('the second, with the same note, reports a duplicate and writes nothing',
    succeeded(second) && sc(second).added === false && sc(second).written === false &&
      sc(second).changes?.notes_skipped_as_duplicates === 1 && /already has this note/.test(text(second)),
    brief(second));
  t.check('the same note in other case and spacing is a duplicate too',
    succeeded(third) && sc(third).added === false && sc(third).written === false, brief(third));
  t.check('only the first call sent a PUT to OrderDesk', delta['PUT /orders/{order_id}'] === 1,
    json(delta));
  const order = sc(await s.call('orders_get', { order_id: id })).order ?? {};
  const copies = (order.order_notes ?? []).filter((n) => noteKey(n.content) === noteKey(note));
  t.check('orders_get shows the note once, next to the note the order was created with',
    copies.length === 1 && order.order_notes?.length === 2, brief(order.order_notes));
  const direct = await sandbox.get(`/orders/${id}`);
  t.check('the sandbox has the note once too',
    (direct.body.order?.order_notes ?? []).filter((n) => noteKey(n.content) === noteKey(note))
      .length === 1, brief(direct.body.order?.order_notes));
}

// orders_move by folder name (in lower case), through /move-orders.
async function checkMove(s, sandbox, id) {
  const { t } = s;
  const { result: r, delta } = await sandbox.counting(['POST /move-orders', 'PUT /orders/{order_id}'],
    () => s.call('orders_move', { order_ids: [id], folder: 'prepared' }));
  const folder = sc(r).folder ?? {};
  t.check('orders_move to "prepared" moves the order to the folder Prepared',
    succeeded(r) && folder.name === 'Prepared' && sc(r).moved === 1 &&
      sc(r).results?.[0]?.order_id === id && sc(r).results?.[0]?.outcome === 'moved', brief(r));
  t.check('it says the order came from the folder New',
    sc(r).results?.[0]?.original_folder_name === 'New', brief(sc(r).results));
  t.check('it went through POST /move-orders, not a PUT of the order',
    delta['POST /move-orders'] === 1 && delta['PUT /orders/{order_id}'] === 0, json(delta));
  const order = sc(await s.call('orders_get', { order_id: id })).order ?? {};
  t.check('orders_get then shows the order in Prepared', String(order.folder_id) === folder.id,
    `${order.folder_id} vs ${folder.id}`);
  const listed = await s.call('orders_list', { folders: ['Prepared'], source_id: NEW_ORDER.source_id });
  t.check('orders_list of the folder Prepared finds it (the list cache was dropped)',
    same((sc(listed).orders ?? []).map((o) => o.id), [id]), brief(listed));
}

async function checkShipment(s, sandbox, id) {
  const { t } = s;
  const tracking = '1Z999AA10123456784';
  const r = await s.call('shipments_add',
    { order_id: id, tracking_number: tracking, carrier_code: 'UPS', shipment_method: 'Ground' });
  const shipment = sc(r).shipment ?? {};
  t.check('shipments_add adds the UPS shipment and reports its id',
    succeeded(r) && shipment.tracking_number === tracking && /^\d+$/.test(String(shipment.id)),
    brief(r));
  t.check('OrderDesk filled in its tracking URL', /ups\.com/i.test(shipment.tracking_url ?? ''),
    brief(shipment));
  const listed = await s.call('shipments_list', { order_id: id });
  t.check('shipments_list shows it as the order\'s one shipment',
    succeeded(listed) && sc(listed).shipments?.length === 1 &&
      String(sc(listed).shipments[0].id) === String(shipment.id) &&
      sc(listed).shipments[0].carrier_code === 'UPS', brief(listed));
  const direct = await sandbox.get(`/orders/${id}/shipments`);
  t.check('the sandbox has the shipment',
    direct.body.shipments?.some((x) => String(x.id) === String(shipment.id)), brief(direct.body));
}

async function checkDelete(s, sandbox, id) {
  const { t } = s;
  const r = await s.call('orders_delete', { order_id: id });
  t.check('orders_delete deletes the order', succeeded(r) && sc(r).deleted === true &&
    sc(r).order_id === id, brief(r));
  const get = await s.call('orders_get', { order_id: id });
  t.check('orders_get then fails with a not-found error naming the order',
    isToolError(get) && text(get).includes(id) && /not found/i.test(text(get)), brief(get));
  const direct = await sandbox.get(`/orders/${id}`);
  t.check('the sandbox no longer has it (404)', direct.status === 404, brief(direct));
}

// The orders workflow: list with filters, page with progress, get, create,
// update an address, add a note twice, move, add a shipment, delete.
// callWithProgress(client, params, onprogress) is the SDK's callTool with
// an onprogress option. Returns a seeded order's id for later checks.
export async function checkOrdersWorkflow(s, { sandboxUrl, selectedBy, callWithProgress }) {
  const { t } = s;
  const sandbox = new SandboxView(sandboxUrl);
  let seeded;
  let created;
  await t.step('orders_list with filters', async () => {
    seeded = (await checkFilteredList(s, sandbox, selectedBy))?.id;
  });
  await t.step('orders_list paging with progress', () => checkPaging(s, sandbox, callWithProgress));
  await t.step('orders_get', () => checkGet(s, sandbox, seeded, selectedBy));
  await t.step('orders_create', async () => {
    created = await checkCreate(s, sandbox, selectedBy);
  });
  if (!created) return seeded;
  await t.step('orders_update_address', () => checkUpdateAddress(s, sandbox, created));
  await t.step('orders_add_note', () => checkNotes(s, sandbox, created));
  await t.step('orders_move', () => checkMove(s, sandbox, created));
  await t.step('shipments_add', () => checkShipment(s, sandbox, created));
  await t.step('orders_delete', () => checkDelete(s, sandbox, created));
  return seeded;
}

// The products workflow: create, update, batch update (with a seeded
// product), delete.
export async function checkProductsWorkflow(s, { sandboxUrl, selectedBy }) {
  const { t } = s;
  const sandbox = new SandboxView(sandboxUrl);
  await t.step('products', async () => {
    const listed = await s.call('products_list', { limit: 5 });
    const seeded = sc(listed).products?.[0];
    t.check('products_list shows the seeded products', succeeded(listed) && seeded?.id > 0,
      brief(listed));

    const created = await s.call('products_create', {
      name: 'SDK test widget', code: 'SDK-WIDGET-1', price: 12.5, stock: 10, location: 'Aisle 3',
      metadata: { color: 'red' },
    });
    const product = sc(created).product ?? {};
    const id = product.id;
    checkStore(t, 'products_create', created, selectedBy);
    t.check('products_create returns the new product with its id',
      succeeded(created) && Number.isInteger(id) && product.code === 'SDK-WIDGET-1' &&
        Number(product.price) === 12.5 && Number(product.stock) === 10, brief(created));

    const updated = await s.call('products_update',
      { product_id: id, fields: { price: 14.75, stock: 8 } });
    const after = sc(updated).product ?? {};
    t.check('products_update changes price and stock',
      succeeded(updated) && Number(after.price) === 14.75 && Number(after.stock) === 8 &&
        same(sc(updated).changed_fields, ['price', 'stock']), brief(updated));
    t.check('and keeps name, code, location and metadata',
      after.name === 'SDK test widget' && after.code === 'SDK-WIDGET-1' &&
        after.location === 'Aisle 3' && after.metadata?.color === 'red', brief(after));

    const seededBefore = (await sandbox.get(`/inventory-items/${seeded.id}`)).body.inventory_item;
    const batch = await s.call('products_batch_update', {
      items: [{ id, fields: { stock: 5 } }, { id: seeded.id, fields: { location: 'Aisle 9' } }],
    });
    t.check('products_batch_update updates both products',
      succeeded(batch) && sc(batch).updated === 2 &&
        sc(batch).items?.every((x) => x.status === 'success'), brief(batch));
    const mine = sc(await s.call('products_get', { product_id: id })).product ?? {};
    t.check('products_get shows the new stock, with the price of the earlier update kept',
      Number(mine.stock) === 5 && Number(mine.price) === 14.75 && mine.location === 'Aisle 3',
      brief(mine));
    const theirs = (await sandbox.get(`/inventory-items/${seeded.id}`)).body.inventory_item ?? {};
    const { location, date_updated: u1, ...restAfter } = theirs;
    const { location: l0, date_updated: u0, ...restBefore } = seededBefore ?? {};
    t.check('the sandbox has the seeded product\'s new location, every other field kept',
      location === 'Aisle 9' && same(restAfter, restBefore) && Object.keys(restBefore).length > 5,
      `${brief(seededBefore)} -> ${brief(theirs)}`);

    const deleted = await s.call('products_delete', { product_id: id });
    t.check('products_delete deletes the product',
      succeeded(deleted) && sc(deleted).deleted === true && sc(deleted).product_id === id,
      brief(deleted));
    const gone = await s.call('products_get', { product_id: id });
    t.check('products_get then fails with a not-found error naming the product',
      isToolError(gone) && text(gone).includes(String(id)) && /not found/i.test(text(gone)),
      brief(gone));
    const direct = await sandbox.get(`/inventory-items/${id}`);
    t.check('the sandbox no longer has it (404)', direct.status === 404, brief(direct));
  });
}

// Resources, prompts and completions of the orders plugin, about store 1001
// and the seeded order orderId.
export async function checkOrdersSurface(s, { sandboxUrl, orderId }) {
  const { t } = s;
  const request = async (what, fn) => {
    const result = await fn();
    s.record(what, result);
    return result;
  };
  const base = `orderdesk://stores/${DEMO_STORE.id}`;
  await t.step('resources', async () => {
    const listed = await request('resources/list', () => s.client.listResources());
    const uris = (listed.resources ?? []).map((r) => r.uri);
    t.check('resources/list has the settings and folders of store 1001',
      uris.includes(`${base}/settings`) && uris.includes(`${base}/folders`), json(uris));
    const templates = await request('resources/templates/list',
      () => s.client.listResourceTemplates());
    t.check('resources/templates/list has the order template',
      (templates.resourceTemplates ?? []).some((x) => x.uriTemplate === 'orderdesk://stores/{store}/orders/{id}'),
      brief(templates));

    const folders = await request('resources/read folders',
      () => s.client.readResource({ uri: `${base}/folders` }));
    const body = JSON.parse(folders.contents?.[0]?.text ?? 'null');
    const names = (body?.folders ?? []).map((f) => f.name);
    t.check('reading the folders resource gives JSON with the store\'s four folders',
      folders.contents?.[0]?.mimeType === 'application/json' && body?.store_id === DEMO_STORE.id &&
        ['New', 'Prepared', 'Closed', 'Canceled'].every((n) => names.includes(n)),
      brief(folders));

    const settings = await request('resources/read settings',
      () => s.client.readResource({ uri: `${base}/settings` }));
    const store = JSON.parse(settings.contents?.[0]?.text ?? 'null');
    t.check('reading the settings resource gives the store\'s settings (its time zone)',
      store?.settings?.timezone === 'America/Los_Angeles', brief(settings));

    const order = await request('resources/read order',
      () => s.client.readResource({ uri: `${base}/orders/${orderId}` }));
    const read = JSON.parse(order.contents?.[0]?.text ?? 'null');
    const direct = await new SandboxView(sandboxUrl).get(`/orders/${orderId}`);
    t.check(`reading ${base}/orders/${orderId} gives the sandbox's order`,
      String(read?.id) === orderId && same(read, direct.body.order), brief(order));
  });

  await t.step('prompts', async () => {
    const listed = await request('prompts/list', () => s.client.listPrompts());
    const names = (listed.prompts ?? []).map((p) => p.name);
    t.check('prompts/list has triage_open_orders and summarize_order_for_reply',
      names.includes('triage_open_orders') && names.includes('summarize_order_for_reply'),
      json(names));
    const triage = await request('prompts/get triage_open_orders',
      () => s.client.getPrompt({ name: 'triage_open_orders', arguments: { folder: 'new' } }));
    const message = triage.messages?.[0]?.content?.text ?? '';
    t.check('prompts/get triage_open_orders (folder "new") asks to triage the folder "New"',
      triage.messages?.[0]?.role === 'user' && message.includes('"New"') &&
        message.includes('orders_list'), brief(triage));
    const summary = await request('prompts/get summarize_order_for_reply',
      () => s.client.getPrompt({ name: 'summarize_order_for_reply', arguments: { order_id: orderId } }));
    const embedded = summary.messages?.[0]?.content?.resource;
    t.check('prompts/get summarize_order_for_reply embeds the order as a resource',
      embedded?.uri === `${base}/orders/${orderId}` &&
        String(JSON.parse(embedded?.text ?? 'null')?.id) === orderId, brief(summary));
  });

  await t.step('completions', async () => {
    const complete = (value) => request(`completion/complete folder ${value}`,
      () => s.client.complete({
        ref: { type: 'ref/prompt', name: 'triage_open_orders' },
        argument: { name: 'folder', value },
      }));
    const pr = await complete('Pr');
    t.check('completion/complete of the prompt\'s folder "Pr" offers Prepared',
      same(pr.completion?.values, ['Prepared']), brief(pr));
    const c = await complete('c');
    t.check('... and of "c" offers Closed and Canceled (case ignored)',
      same([...(c.completion?.values ?? [])].sort(), ['Canceled', 'Closed']), brief(c));
    const store = await request('completion/complete store', () => s.client.complete({
      ref: { type: 'ref/resource', uri: 'orderdesk://stores/{store}/folders' },
      argument: { name: 'store', value: 'sand' },
    }));
    t.check('completion/complete of the folders template\'s {store} "sand" offers the store\'s name',
      same(store.completion?.values, [DEMO_STORE.name]), brief(store));
    const byId = await request('completion/complete prompt store', () => s.client.complete({
      ref: { type: 'ref/prompt', name: 'summarize_order_for_reply' },
      argument: { name: 'store', value: '10' },
    }));
    t.check('... and of the prompt\'s store "10" offers the store\'s id',
      same(byId.completion?.values, [DEMO_STORE.id]), brief(byId));
  });
}
