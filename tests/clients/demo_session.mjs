// The demo's scripted session (scripts/demo.sh): the official MCP
// TypeScript SDK client connects to a running orderdesk-mcp with a tenant's
// master key and walks through the orders and products workflow against
// the sandbox, one readable line per step: register the sandbox's store and
// make it active, search orders, read 1,200 with progress, create one,
// change its address, add a note twice, move it, ship it, delete it; create,
// update, batch update and delete a product; then the orders plugin's
// resources, prompts and completions. A step that fails prints its error
// and makes the exit status 1; the session goes on.
//   DEMO_STORE_ID=1001 DEMO_STORE_KEY=... node demo_session.mjs <url> <master key>
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [url, masterKey] = process.argv.slice(2);
const storeId = process.env.DEMO_STORE_ID;
const storeKey = process.env.DEMO_STORE_KEY;
const client = new Client({ name: 'orderdesk-mcp-demo', version: '1.0.0' });
const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: { Authorization: `Bearer ${masterKey}` } },
});

const say = (line) => console.log(`  ${line}`);
const money = (value) => Number(value ?? 0).toFixed(2);
const textOf = (result) => (result.content ?? []).filter((c) => c.type === 'text')
  .map((c) => c.text).join(' ');
const firstLine = (s) => s.split('\n')[0];

// Calls a tool; on success returns its structured result, on a tool error
// prints it (as an expected refusal when `expectError`) and returns null.
async function call(name, args, { expectError = false, options } = {}) {
  const result = await client.callTool({ name, arguments: args }, undefined, options);
  if (result.isError) {
    say(`${name}: ${expectError ? 'refused as expected' : 'ERROR'}: ${firstLine(textOf(result))}`);
    if (!expectError) process.exitCode = 1;
    return null;
  }
  if (expectError) {
    say(`${name}: unexpectedly succeeded`);
    process.exitCode = 1;
  }
  return result.structuredContent;
}

// Runs one step; a protocol error is reported and the session goes on.
async function step(label, fn) {
  try {
    await fn();
  } catch (e) {
    say(`${label}: ERROR: ${e?.message ?? e}`);
    process.exitCode = 1;
  }
}

await client.connect(transport);
const server = client.getServerVersion();
console.log(`> connected to ${server?.name} ${server?.version} over MCP ${transport.protocolVersion} ` +
  '(a legacy-era session)');

await step('tools/list', async () => {
  const { tools } = await client.listTools();
  const byPlugin = {};
  for (const tool of tools) {
    const prefix = tool.name.split('_')[0];
    byPlugin[prefix] = (byPlugin[prefix] ?? 0) + 1;
  }
  say(`tools/list: ${tools.length} tools (${Object.entries(byPlugin)
    .map(([prefix, n]) => `${n} ${prefix}_*`).join(', ')})`);
});

console.log('> the store');
await step('stores', async () => {
  const registered = await call('stores_register', { store_id: storeId, api_key: storeKey });
  if (registered) {
    say(`stores_register ${storeId}: ${registered.status} "${registered.store.name}"` +
      `${registered.is_default ? ', the default store' : ''} ` +
      `(folders ${registered.store.folders.map((f) => f.name).join(', ')})`);
  }
  const used = await call('stores_use', { store: storeId });
  if (used) say(`stores_use ${storeId}: the session's active store; the tools below act on it`);
});

console.log('> orders');
let seededId;
await step('orders_list', async () => {
  const filters = {
    folders: ['Closed'], search_start_date: '2025-12-01', search_end_date: '2025-12-07 23:59:59',
    order_by: 'order_total', order: 'desc', limit: 50,
  };
  const found = await call('orders_list', filters);
  if (!found) return;
  const top = found.orders[0];
  seededId = top?.id;
  say(`orders_list folder=Closed added 2025-12-01..07 by order_total desc: ${found.returned} of ` +
    `${found.total_records} orders; the largest ${top?.id} ${top?.customer_name} ${money(top?.order_total)}`);
});

await step('orders_list paging', async () => {
  const seen = [];
  const all = await call('orders_list', { max_results: 1200, limit: 500 }, {
    options: { onprogress: (p) => seen.push(`${p.progress}/${p.total}`) },
  });
  if (!all) return;
  say(`orders_list max_results=1200: progress ${seen.join(', ')} -> ${all.returned} orders ` +
    `(of ${all.total_records}; next_offset ${all.next_offset})`);
});

await step('orders_get', async () => {
  const got = await call('orders_get', { order_id: seededId });
  if (!got) return;
  const o = got.order;
  say(`orders_get ${o.id}: ${o.shipping.first_name} ${o.shipping.last_name}, ` +
    `${o.order_items.length} item(s), ${money(o.order_total)}, ${o.order_shipments.length} shipment(s)`);
});

let orderId;
await step('orders_create', async () => {
  const created = await call('orders_create', {
    order: {
      email: 'ada.lovelace@example.com', source_id: `demo-${Date.now()}`,
      shipping: {
        first_name: 'Ada', last_name: 'Lovelace', address1: '12 St James Square',
        city: 'London', postal_code: 'SW1Y 4JH', country: 'GB',
      },
      order_items: [
        { name: 'Difference engine gear', code: 'DE-GEAR', price: 19.5, quantity: 2 },
        { name: 'Punched cards (100)', code: 'PC-100', price: 4.25, quantity: 1 },
      ],
      order_notes: [{ content: 'Created by the demo' }],
    },
  });
  if (!created) return;
  orderId = created.order_id;
  say(`orders_create: order ${orderId} for Ada Lovelace, ${created.order.order_items.length} items, ` +
    `${money(created.order.order_total)}`);
});

await step('orders_update_address', async () => {
  const updated = await call('orders_update_address',
    { order_id: orderId, address: 'shipping', address1: '221B Baker Street', postal_code: 'NW1 6XE' });
  if (!updated) return;
  const o = updated.order;
  say(`orders_update_address ${orderId} shipping: now ${o.shipping.address1}, ${o.shipping.city} ` +
    `${o.shipping.postal_code}; still ${o.shipping.first_name} ${o.shipping.last_name}, ` +
    `${o.order_items.length} items, ${o.order_notes.length} note`);
});

await step('orders_add_note', async () => {
  for (const note of ['Gift wrap, please', 'gift wrap, please ']) {
    const added = await call('orders_add_note', { order_id: orderId, note });
    if (!added) continue;
    say(`orders_add_note ${JSON.stringify(note)}: ${added.added ? 'added' :
      'not added, the order already has it'} (${added.order.order_notes.length} notes)`);
  }
});

await step('orders_move', async () => {
  const moved = await call('orders_move', { order_ids: [orderId], folder: 'prepared' });
  if (!moved) return;
  const result = moved.results[0];
  say(`orders_move ${orderId} folder=prepared: ${result?.outcome} to ${moved.folder.name}` +
    ` (from ${result?.original_folder_name ?? 'its folder'})`);
});

await step('shipments', async () => {
  const added = await call('shipments_add', {
    order_id: orderId, tracking_number: '1Z999AA10123456784', carrier_code: 'UPS',
    shipment_method: 'Ground',
  });
  if (added) {
    say(`shipments_add ${orderId}: shipment ${added.shipment?.id}, UPS ` +
      `${added.shipment?.tracking_number} (${added.shipment?.tracking_url})`);
  }
  const listed = await call('shipments_list', { order_id: orderId });
  if (listed) say(`shipments_list ${orderId}: ${listed.shipments.length} shipment(s)`);
});

await step('orders_delete', async () => {
  const deleted = await call('orders_delete', { order_id: orderId });
  if (deleted) say(`orders_delete ${orderId}: deleted`);
  await call('orders_get', { order_id: orderId }, { expectError: true });
});

console.log('> products');
await step('products', async () => {
  const created = await call('products_create', {
    name: 'Demo widget', code: `DEMO-${Date.now()}`, price: 12.5, stock: 10, location: 'Aisle 3',
  });
  if (!created) return;
  const id = created.product.id;
  say(`products_create ${created.product.code}: product ${id}, ${money(created.product.price)}, ` +
    `stock ${created.product.stock}`);
  const updated = await call('products_update', { product_id: id, fields: { price: 14.75, stock: 8 } });
  if (updated) {
    say(`products_update ${id} price=14.75 stock=8: ${money(updated.product.price)}, stock ` +
      `${updated.product.stock}, still in ${updated.product.location}`);
  }
  const listed = await call('products_list', { limit: 2 });
  const other = listed?.products.find((p) => p.id !== id);
  if (other) {
    const batch = await call('products_batch_update', {
      items: [{ id, fields: { stock: 5 } }, { id: other.id, fields: { stock: Number(other.stock) + 12 } }],
    });
    if (batch) say(`products_batch_update ${id} stock=5, ${other.id} stock+12: ${batch.updated} of 2 updated`);
  }
  const deleted = await call('products_delete', { product_id: id });
  if (deleted) say(`products_delete ${id}: deleted`);
  await call('products_get', { product_id: id }, { expectError: true });
});

console.log('> resources, prompts, completions');
await step('resources', async () => {
  const { resources } = await client.listResources();
  say(`resources/list: ${resources.map((r) => r.uri).join(', ')}`);
  const uri = `orderdesk://stores/${storeId}/folders`;
  const read = await client.readResource({ uri });
  const folders = JSON.parse(read.contents[0].text).folders;
  say(`resources/read ${uri}: ${folders.map((f) => `${f.name} (${f.id})`).join(', ')}`);
});
await step('prompts', async () => {
  const { prompts } = await client.listPrompts();
  say(`prompts/list: ${prompts.map((p) => p.name).join(', ')}`);
  const completed = await client.complete({
    ref: { type: 'ref/prompt', name: 'triage_open_orders' }, argument: { name: 'folder', value: 'pr' },
  });
  say(`completion/complete triage_open_orders folder="pr": ${completed.completion.values.join(', ')}`);
  const prompt = await client.getPrompt({ name: 'triage_open_orders', arguments: { folder: 'New' } });
  say(`prompts/get triage_open_orders folder=New: "${firstLine(prompt.messages[0].content.text)}"`);
});

await transport.terminateSession();
await client.close();
console.log('> session ended');
