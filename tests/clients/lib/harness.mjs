// Shared helpers for the client tests: starting the host, and a small
// assertion tally that prints one PASS/FAIL line per check and sets the exit
// status.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

// Starts `orderdesk-mcp serve` on an ephemeral loopback port and resolves
// with { url, pid, stop } once it prints its URL (the first line on stdout).
export function startHttpHost(binary, config, env = {}) {
  const child = spawn(binary, ['serve', '--config', config, '--http', '127.0.0.1:0'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (url) => resolve({
      url,
      pid: child.pid,
      stop: () => new Promise((done) => {
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
    }));
    child.once('exit', (code) => reject(new Error(`host exited with ${code} before listening:\n${stderr}`)));
  });
}

// A port free now on 127.0.0.1, for a host that must know its own URL (its
// OAuth resource) before it starts.
export const freePort = () => new Promise((resolve, reject) => {
  const server = createServer();
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

export class Tally {
  constructor(name) {
    this.name = name;
    this.passed = 0;
    this.failed = 0;
  }

  check(label, condition, detail = '') {
    if (condition) {
      this.passed++;
      console.log(`PASS ${this.name}: ${label}`);
    } else {
      this.failed++;
      console.log(`FAIL ${this.name}: ${label}${detail ? ` -- ${detail}` : ''}`);
    }
  }

  async step(label, fn) {
    try {
      await fn();
    } catch (e) {
      this.check(label, false, `threw ${e?.stack ?? e}`);
    }
  }

  finish() {
    console.log(`${this.name}: ${this.passed} passed, ${this.failed} failed`);
    process.exitCode = this.failed > 0 || this.passed === 0 ? 1 : 0;
  }
}

export const text = (result) =>
  (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('');
