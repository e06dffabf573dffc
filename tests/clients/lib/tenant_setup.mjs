// What the stores and orders client tests run against: the OrderDesk
// emulator with two stores, a fresh database and KMS key in a temporary directory, and a
// tenant created with the admin CLI. Every process started here is killed
// by cleanup(), and also when the test process exits for any reason.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const DEMO_STORE = {
  id: '1001',
  key: 'SandboxDemoKey0123456789abcdefghijklmnopqrstuvwxyz',
  name: 'Sandbox Demo Store',
};
export const SECOND_STORE = {
  id: '2002',
  key: 'SecondStoreKey0123456789abcdefghijklmnopqrstuvw',
  name: 'Second Store',
};
export const TENANT_NAME = 'alice';

// Children still running; killed on exit, whatever the way out.
const children = new Set();
function killAll(signal = 'SIGKILL') {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }
  children.clear();
}
process.once('exit', () => killAll());
// A hung run still ends (and kills its children) before ctest's TIMEOUT,
// whose kill would skip the exit handler.
setTimeout(() => {
  console.log('FAIL watchdog: the test did not finish within 90 s');
  killAll();
  process.exit(1);
}, 90000).unref();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killAll();
    process.exit(1);
  });
}

export function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

// Stops a child with SIGTERM, then SIGKILL if it has not exited in 3 s.
export function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

// Spawns a server that prints its URL as its first stdout line; resolves
// with { child, url, stderr() } or rejects if it exits or stays silent.
function startListening(what, command, args, env) {
  const child = track(spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }));
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} printed no URL within 15 s:\n${stderr}`));
    }, 15000);
    createInterface({ input: child.stdout }).once('line', (url) => {
      clearTimeout(timer);
      resolve({ child, url: url.trim(), stderr: () => stderr });
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${what} could not start: ${e.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code ?? signal}) before listening:\n${stderr}`));
    });
  });
}

// The stdio transport's stderr option and a reader of what the host wrote
// there, for failure messages: { stderr: 'pipe' } goes into the transport's
// options, then attach(transport) once it is created and text() at the end.
export function stderrCollector() {
  let text = '';
  return {
    attach(transport) {
      transport.stderr?.on('data', (d) => { text += d; });
      return transport;
    },
    text: () => text,
  };
}

// Starts the sandbox, makes the environment and creates the tenant.
//   binary    orderdesk-mcp
//   sandbox   orderdesk-sandbox
//   config    stores.toml (or another file configuring `plugins`)
//   pluginDir the build's plugins directory (else ODMCP_PLUGINS__DIR as given)
//   orders    orders the sandbox seeds per store
//   plugins   the configured plugins whose base_url setting is pointed at the
//             sandbox (ODMCP_PLUGINS__<NAME>__SETTINGS__BASE_URL)
// Resolves with { env, masterKey, sandboxUrl, dir, startHttpHost(), cleanup() };
// env has no ODMCP_MASTER_KEY: a stdio client adds it when it wants to.
export async function setupTenant({
  binary, sandbox, config, pluginDir, orders = 50, plugins = ['stores'],
}) {
  const dir = mkdtempSync(join(tmpdir(), 'odmcp-clients-'));
  const started = [];
  const cleanup = async () => {
    await Promise.all(started.map((child) => stopChild(child)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const sb = await startListening('orderdesk-sandbox', sandbox, [
      '--listen', '127.0.0.1:0', '--rate-limit', 'off', '--orders', String(orders),
      '--store', `${DEMO_STORE.id}:${DEMO_STORE.key}:${DEMO_STORE.name}`,
      '--store', `${SECOND_STORE.id}:${SECOND_STORE.key}:${SECOND_STORE.name}`,
    ], process.env);
    started.push(sb.child);

    const env = { ...process.env };
    delete env.ODMCP_MASTER_KEY;
    Object.assign(env, {
      ODMCP_KMS_KEY: randomBytes(32).toString('base64'),
      ODMCP_STORAGE__PATH: join(dir, 'odmcp.db'),
    });
    for (const name of plugins) {
      env[`ODMCP_PLUGINS__${name.toUpperCase()}__SETTINGS__BASE_URL`] = `${sb.url}/api/v2`;
    }
    const dirOfPlugins = pluginDir || process.env.ODMCP_PLUGINS__DIR;
    if (dirOfPlugins) env.ODMCP_PLUGINS__DIR = dirOfPlugins;

    const created = spawnSync(binary, ['tenant', 'create', TENANT_NAME, '--config', config],
      { env, encoding: 'utf8', timeout: 30000 });
    const lines = (created.stdout ?? '').split('\n').filter((l) => l.length > 0);
    if (created.status !== 0 || lines.length !== 1) {
      throw new Error(`tenant create exited ${created.status ?? created.signal} with ` +
        `${lines.length} stdout line(s):\n${created.stderr ?? ''}${created.error ?? ''}`);
    }
    const masterKey = lines[0].trim();

    // `orderdesk-mcp serve` over HTTP on `listen` (a free port by default),
    // with this environment and `extraEnv`.
    const startHttpHost = async ({ listen = '127.0.0.1:0', extraEnv = {} } = {}) => {
      const host = await startListening('orderdesk-mcp serve', binary,
        ['serve', '--config', config, '--http', listen], { ...env, ...extraEnv });
      started.push(host.child);
      return { url: host.url, stderr: host.stderr, stop: () => stopChild(host.child) };
    };
    return { env, masterKey, sandboxUrl: sb.url, dir, startHttpHost, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
