// A TCP proxy between a client and the host that can lose a connection the
// way networks do: it stops passing on what the host sends on the
// connection carrying a GET event stream (the host believes it delivered
// those events), then drops the client's side only. The host's side stays
// open, so nothing tells the host the events never arrived.
import net from 'node:net';

export class CuttingProxy {
  constructor(targetPort) {
    this.targetPort = targetPort;
    this.connections = [];
    this.getRequests = [];  // { connection, lastEventId } for each GET seen
  }

  // Listens on an ephemeral loopback port; resolves with the proxy's URL
  // for `path`.
  listen(path) {
    this.server = net.createServer((client) => this.#accept(client));
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${this.server.address().port}${path}`)));
  }

  // The connection that carried the latest GET, or undefined.
  get streamConnection() { return this.getRequests.at(-1)?.connection; }

  // Stops passing the host's bytes to the client on `connection`; they are
  // kept in `connection.swallowed` instead.
  freeze(connection) { connection.frozen = true; }

  // Closes the client's side of `connection` abruptly; the host's side
  // stays open.
  cut(connection) { connection.client.resetAndDestroy(); }

  close() {
    for (const c of this.connections) {
      c.client.destroy();
      c.upstream.destroy();
    }
    this.server?.close();
  }

  #accept(client) {
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    const connection = { client, upstream, frozen: false, swallowed: '' };
    this.connections.push(connection);
    client.on('data', (data) => {
      const text = data.toString('latin1');
      for (const request of text.matchAll(/^GET [^\r\n]*\r\n((?:[^\r\n]+\r\n)*)\r\n/gm)) {
        const header = /^last-event-id:\s*(.*)$/im.exec(request[1]);
        this.getRequests.push({ connection, lastEventId: header ? header[1].trim() : undefined });
      }
      upstream.write(data);
    });
    upstream.on('data', (data) => {
      if (connection.frozen) {
        connection.swallowed += data.toString('latin1');
      } else {
        client.write(data);
      }
    });
    client.on('error', () => {});
    upstream.on('error', () => {});
    client.on('close', () => { if (!connection.frozen) upstream.destroy(); });
    upstream.on('close', () => { if (!connection.frozen) client.destroy(); });
  }
}
