// bench/report.mjs <results dir> <out.json>: turns the figures bench/run
// collected (one JSON file per measurement) into one table on stdout and
// one JSON document, with the ratios to the floor (the Boost.Beast floor,
// the limit of the host's HTTP stack) and the peer, and the issues'
// targets, each marked met or missed. The cpp-httplib floor, the host's
// former stack, has rows of its own.
import fs from 'node:fs';
import path from 'node:path';

const [dir, out] = process.argv.slice(2);
const read = (name) => JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8'));
const machine = read('machine');
const ms = (us) => (us / 1000).toFixed(us < 10000 ? 2 : 1);
const mib = (kib) => (kib / 1024).toFixed(1);
const rate = (r) => Math.round(r).toLocaleString('en-US');

const http = {};
for (const scenario of ['echo', 'orders_get_cached', 'floor_beast', 'floor_httplib', 'peer']) {
  for (const c of [1, 16, 64]) http[`${scenario}_c${c}`] = read(`${scenario}_c${c}`);
}
const stdio = read('stdio');
const uncached = read('orders_get_uncached_c64');
const sandbox = read('sandbox_c64');
const coalescing = read('coalescing');
const mixed = read('mixed_reads');
const mixedUpstream = read('mixed_upstream');
const startup = read('startup');
const memory = { ...read('memory_idle'), ...read('memory_sessions') };
// Operations off and on, alternating rounds (bench/run says how many): the
// medians.
const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const operationsLog = read('operations_log');
const operationsRounds = (mode) => Array.from({ length: operationsLog.rounds },
  (_, i) => read(`operations_${mode}_${i + 1}`));
const operations = {
  off_rounds: operationsRounds('off').map((r) => r.requests_per_s),
  on_rounds: operationsRounds('on').map((r) => r.requests_per_s),
  errors: [...operationsRounds('off'), ...operationsRounds('on')]
    .reduce((sum, r) => sum + r.errors + r.non_2xx, 0),
  ...operationsLog,
};
operations.off = median(operations.off_rounds);
operations.on = median(operations.on_rounds);
operations.cost = 1 - operations.on / operations.off;

const ratio = (a, b) => a / b;
const rows = [];
const line = (cells) => rows.push(`| ${cells.join(' | ')} |`);
const header = (cells) => {
  line(cells);
  rows.push(`|${cells.map((c) => '-'.repeat(c.length + 2)).join('|')}|`);
};

console.log(`\norderdesk-mcp benchmarks, ${new Date().toISOString().slice(0, 16)}Z: ${machine.cpu}, ` +
  `${machine.cpus} CPUs, ${mib(machine.memory_kib / 1024)} GiB, Linux ${machine.kernel}; Release build; ` +
  `${machine.duration_s} s per measurement${machine.quick ? ' (--quick)' : ''}. The load generator ` +
  `shares the CPUs with the server measured.\n`);

header(['tools/call over HTTP, keep-alive', 'clients', 'requests/s', 'p50 ms', 'p99 ms', 'p99.9 ms',
  'vs floor', 'vs peer', 'errors']);
const labels = {
  echo: 'system_echo (2026-07-28)',
  orders_get_cached: 'orders_get, cached (2026-07-28)',
  floor_beast: 'floor: bare Boost.Beast, fixed reply',
  floor_httplib: 'floor: bare cpp-httplib, fixed reply',
  peer: 'peer: TypeScript SDK system_echo',
};
for (const scenario of Object.keys(labels)) {
  for (const c of [1, 16, 64]) {
    const r = http[`${scenario}_c${c}`];
    const mine = scenario === 'echo' || scenario === 'orders_get_cached';
    line([labels[scenario], c, rate(r.requests_per_s), ms(r.p50_us), ms(r.p99_us), ms(r.p999_us),
      mine ? `${(100 * ratio(r.requests_per_s, http[`floor_beast_c${c}`].requests_per_s)).toFixed(0)}%` : '',
      mine ? `${ratio(r.requests_per_s, http[`peer_c${c}`].requests_per_s).toFixed(1)}x` : '',
      r.errors + r.non_2xx]);
  }
}
console.log(rows.splice(0).join('\n'));
console.log();

header(['other measurements', 'figure']);
line(['stdio, one client pipelining 64 calls (system_echo)',
  `${rate(stdio.calls_per_s)} calls/s; p50 ${ms(stdio.p50_us)} ms, p99 ${ms(stdio.p99_us)} ms, ` +
  `p99.9 ${ms(stdio.p999_us)} ms`]);
const added = uncached.p50_us - sandbox.p50_us;
line(['orders_get uncached, sandbox +50 ms, 64 clients',
  `${rate(uncached.requests_per_s)} requests/s; p50 ${ms(uncached.p50_us)} ms, p99 ${ms(uncached.p99_us)} ms ` +
  `(sandbox alone: p50 ${ms(sandbox.p50_us)} ms, p99 ${ms(sandbox.p99_us)} ms); host adds ` +
  `${ms(added)} ms at p50`]);
line(['100 identical concurrent orders_get (uncached)',
  `${coalescing.upstream_gets} upstream request(s); ${coalescing.burst.ok} of 100 answered`]);
const perThousand = (1000 * mixedUpstream.upstream_requests) / mixed.requests;
line(['mixed reads (orders by id, pages, stores, echo), 16 clients',
  `${perThousand.toFixed(1)} upstream requests per 1,000 tool calls ` +
  `(${rate(mixed.requests_per_s)} calls/s)`]);
line([`start-up to the first answer, all plugins (median of ${startup.runs})`,
  `initialize ${startup.initialize_ms.median.toFixed(1)} ms; server/discover ` +
  `${startup.discover_ms.median.toFixed(1)} ms`]);
line(['RSS', `idle ${mib(memory.rss_idle_kib)} MiB; with 1,000 sessions ${mib(memory.rss_1000_sessions_kib)} MiB`]);
line([`orders_get cached, 16 clients: metrics and access log off / on (median of ${operations.rounds} each)`,
  `${rate(operations.off)} / ${rate(operations.on)} requests/s (rounds ` +
  `${operations.off_rounds.map(rate).join(', ')} / ${operations.on_rounds.map(rate).join(', ')}): costs ` +
  `${(100 * operations.cost).toFixed(1)}%; ${rate(operations.access_log_lines_last_round)} access-log ` +
  `lines in the last round; ${operations.errors} errors`]);
console.log(rows.splice(0).join('\n'));
console.log();

const c16 = http.orders_get_cached_c16;
const floor16 = http.floor_beast_c16;
const targets = [
  ['cached tools/call over HTTP, 16 clients', c16.requests_per_s, '>= 20,000/s', c16.requests_per_s >= 20000],
  ['... as a share of the Beast floor', ratio(c16.requests_per_s, floor16.requests_per_s), '>= 80%',
    ratio(c16.requests_per_s, floor16.requests_per_s) >= 0.8],
  ['... p99', c16.p99_us / 1000, '<= 2 ms', c16.p99_us <= 2000],
  ['system_echo over HTTP, 16 clients, as a share of the Beast floor',
    ratio(http.echo_c16.requests_per_s, floor16.requests_per_s), '>= 70%',
    ratio(http.echo_c16.requests_per_s, floor16.requests_per_s) >= 0.7],
  ['system_echo vs the TypeScript peer, 16 clients',
    ratio(http.echo_c16.requests_per_s, http.peer_c16.requests_per_s), '>= 30x',
    ratio(http.echo_c16.requests_per_s, http.peer_c16.requests_per_s) >= 30],
  ['stdio pipelined', stdio.calls_per_s, '>= 50,000 calls/s', stdio.calls_per_s >= 50000],
  ['start-up (initialize)', startup.initialize_ms.median, '< 50 ms', startup.initialize_ms.median < 50],
  ['idle RSS', memory.rss_idle_kib / 1024, '< 15 MiB', memory.rss_idle_kib < 15 * 1024],
  ['RSS with 1,000 sessions', memory.rss_1000_sessions_kib / 1024, '< 64 MiB',
    memory.rss_1000_sessions_kib < 64 * 1024],
  ['100 identical reads', coalescing.upstream_gets, '1 upstream request', coalescing.upstream_gets === 1],
  ['cost of metrics and the access log, cached tools/call', operations.cost, '< 5%',
    operations.cost < 0.05],
];
header(['target (issues)', 'measured', 'target', 'met']);
const shown = (name, v) => (name.includes('share') || name.includes('cost') ? `${(100 * v).toFixed(1)}%`
  : name.includes('peer') ? `${v.toFixed(1)}x` : Number.isInteger(v) ? String(v) : v.toFixed(2));
for (const [name, value, target, met] of targets) line([name, shown(name, value), target, met ? 'yes' : 'NO']);
console.log(rows.splice(0).join('\n'));

fs.writeFileSync(out, JSON.stringify({
  machine, http, stdio, uncached: { ...uncached, sandbox, added_p50_us: added }, coalescing,
  mixed: { ...mixed, ...mixedUpstream, upstream_per_1000_calls: perThousand }, startup, memory,
  operations,
  targets: targets.map(([name, value, target, met]) => ({ name, value, target, met })),
}, null, 2) + '\n');
