// HTTPS with a private CA: the official SDK clients, v1 (legacy era, with
// its GET event stream) and v2 (2026 era), connect to the host serving a
// certificate of a test CA; the certificate files are then replaced and the
// host told with SIGHUP: new connections get the new certificate, while the
// v1 client's open stream stays up and keeps delivering.
//   node https.mjs <orderdesk-mcp binary> <conformance.toml>
// It runs the clients in a child process started with NODE_EXTRA_CA_CERTS
// (read only at start-up), and talks to it over its stdin and stdout.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { startHttpHost, Tally } from './lib/harness.mjs';

// The serial number of the certificate `url`'s server presents now.
function servedSerial(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: hostname, port: Number(port), servername: 'localhost' }, () => {
      resolve(socket.getPeerCertificate().serialNumber);
      socket.end();
    });
    socket.on('error', reject);
  });
}

async function runClients(url) {
  const { Client: ClientV1 } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StreamableHTTPClientTransport: TransportV1 } =
    await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  const { ToolListChangedNotificationSchema } = await import('@modelcontextprotocol/sdk/types.js');
  const { Client: ClientV2, StreamableHTTPClientTransport: TransportV2 } =
    await import('@modelcontextprotocol/client');
  const { eventually } = await import('./lib/conformance_checks.mjs');
  const t = new Tally('https/client');
  const v1 = new ClientV1({ name: 'https-v1', version: '1.0.0' });
  const v2 = new ClientV2({ name: 'https-v2', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  let heard = 0;
  const streamErrors = [];
  v1.setNotificationHandler(ToolListChangedNotificationSchema, () => { heard++; });
  const trigger = () => v1.callTool({ name: 'test_trigger_tool_change', arguments: {} });
  const input = createInterface({ input: process.stdin });
  const nextLine = () => new Promise((resolve) => input.once('line', resolve));
  try {
    const transport = new TransportV1(new URL(url));
    transport.onerror = (e) => streamErrors.push(String(e));
    await v1.connect(transport);
    await v2.connect(new TransportV2(new URL(url)));
    t.check('v1 speaks the legacy era over TLS', transport.protocolVersion === '2025-11-25',
      String(transport.protocolVersion));
    t.check('v2 negotiates 2026-07-28 over TLS', v2.getNegotiatedProtocolVersion() === '2026-07-28',
      String(v2.getNegotiatedProtocolVersion()));
    const before = await v2.callTool({ name: 'test_simple_text', arguments: {} });
    t.check('v2 calls a tool over TLS', before.content?.[0]?.text !== undefined, JSON.stringify(before));
    await trigger();
    t.check("v1's GET stream delivers over TLS", await eventually(() => heard === 1, 5000), `heard ${heard}`);
    console.log(`READY ${await servedSerial(url)}`);
    await nextLine();  // the parent swapped the certificate and sent SIGHUP
    console.log(`SERVED ${await servedSerial(url)}`);
    await trigger();
    t.check('the stream opened before the swap still delivers', await eventually(() => heard === 2, 5000),
      `heard ${heard}`);
    t.check('the stream never broke', streamErrors.length === 0, streamErrors.join('; '));
    const after = await v2.callTool({ name: 'test_simple_text', arguments: {} });
    t.check('v2 calls a tool after the swap', after.content?.[0]?.text !== undefined, JSON.stringify(after));
  } catch (e) {
    t.check('clients', false, e?.stack ?? String(e));
  } finally {
    await v1.close().catch(() => {});
    await v2.close().catch(() => {});
    input.close();
    t.finish();
  }
}

// A test CA, and two server certificates it signed (serials 0A and 0B) for
// 127.0.0.1 and localhost.
function makeCertificates(dir) {
  const openssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl('req', '-x509', ...ecKey, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2',
    '-subj', '/CN=orderdesk-mcp test CA', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  fs.writeFileSync(path.join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n' +
    'keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n');
  for (const [name, serial] of [['a', '10'], ['b', '11']]) {
    openssl('req', ...ecKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', '/CN=localhost');
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key',
      '-set_serial', serial, '-days', '2', '-extfile', 'server.ext', '-out', `${name}.pem`);
  }
}

async function main() {
  const [binary, config] = process.argv.slice(2);
  const t = new Tally('https');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odmcp-https-'));
  let host;
  try {
    makeCertificates(dir);
    const use = (name) => {
      fs.copyFileSync(path.join(dir, `${name}.pem`), path.join(dir, 'server.pem'));
      fs.copyFileSync(path.join(dir, `${name}.key`), path.join(dir, 'server.key'));
    };
    use('a');
    host = await startHttpHost(binary, config, {
      ODMCP_HTTP__TLS_CERT: path.join(dir, 'server.pem'),
      ODMCP_HTTP__TLS_KEY: path.join(dir, 'server.key'),
    });
    t.check('the host serves HTTPS', host.url.startsWith('https://'), host.url);
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--clients', host.url], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: path.join(dir, 'ca.pem') },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const done = new Promise((resolve) => child.once('exit', resolve));
    for await (const line of createInterface({ input: child.stdout })) {
      if (line.startsWith('READY ')) {
        t.check('the first certificate is served', line === 'READY 0A', line);
        use('b');
        process.kill(host.pid, 'SIGHUP');
        await new Promise((r) => setTimeout(r, 500));
        child.stdin.write('SWAPPED\n');
      } else if (line.startsWith('SERVED ')) {
        t.check('after SIGHUP new connections get the new certificate', line === 'SERVED 0B', line);
      } else if (line.startsWith('PASS ') || line.startsWith('FAIL ')) {
        t.check(line.slice(line.indexOf(': ') + 2), line.startsWith('PASS '), line);
      }
    }
    t.check('the clients finished', (await done) === 0);
  } catch (e) {
    t.check('https', false, e?.stack ?? String(e));
  } finally {
    if (host) await host.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    t.finish();
  }
}

if (process.argv[2] === '--clients') {
  await runClients(process.argv[3]);
} else {
  await main();
}
