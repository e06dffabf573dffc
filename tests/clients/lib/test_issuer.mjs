// A stand-in for an external identity provider, for the tests of the host as
// a resource server: its own ES256 keys (made here), its OpenID discovery
// document and JWKS served on loopback, and tokens signed with them. It
// counts the JWKS fetches, so a test can see when the host refetched.
import { createHmac, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { createServer } from 'node:http';

const b64url = (data) => Buffer.from(data).toString('base64url');
const jsonPart = (value) => b64url(JSON.stringify(value));

function newKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = randomUUID();
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'ES256' } };
}

export class TestIssuer {
  // Resolves once it listens; `url` is its issuer identifier.
  static async start() {
    const issuer = new TestIssuer();
    await new Promise((resolve) => issuer.server.listen(0, '127.0.0.1', resolve));
    issuer.url = `http://127.0.0.1:${issuer.server.address().port}`;
    return issuer;
  }

  constructor() {
    this.keys = [newKey()];
    this.jwksFetches = 0;
    this.server = createServer((req, res) => {
      const send = (status, body) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/.well-known/openid-configuration') {
        return send(200, { issuer: this.url, jwks_uri: `${this.url}/jwks` });
      }
      if (req.url === '/jwks') {
        this.jwksFetches++;
        return send(200, { keys: this.keys.map((k) => k.jwk) });
      }
      return send(404, { error: 'not_found' });
    });
  }

  get kid() {
    return this.keys[0].kid;
  }

  // Replaces the signing key: the old one leaves the JWKS.
  rotate() {
    const old = this.keys[0];
    this.keys = [newKey()];
    return old;
  }

  // A signed access token: `claims` over sensible defaults (this issuer, an
  // hour of validity); `key` another key of newKey()'s shape.
  token(claims, { key = this.keys[0], header = {} } = {}) {
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss: this.url, iat: now, exp: now + 3600, jti: randomUUID(), ...claims };
    const input = `${jsonPart({ alg: 'ES256', typ: 'at+jwt', kid: key.kid, ...header })}.${jsonPart(payload)}`;
    const signature = sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${input}.${b64url(signature)}`;
  }

  // Tokens a resource server must refuse, each for one reason.
  forgeries(claims) {
    const good = this.token(claims);
    const [header, payload, signature] = good.split('.');
    const tampered = jsonPart({ ...JSON.parse(Buffer.from(payload, 'base64url')), scope: 'tools:write orders:write' });
    const hsHeader = jsonPart({ alg: 'HS256', typ: 'JWT', kid: this.kid });
    const hsInput = `${hsHeader}.${payload}`;
    const hsSecret = JSON.stringify(this.keys[0].jwk);  // the public key as an HMAC secret
    const now = Math.floor(Date.now() / 1000);
    return {
      'alg none (unsigned)': `${jsonPart({ alg: 'none', typ: 'JWT', kid: this.kid })}.${payload}.`,
      'HS256 keyed with the public key': `${hsInput}.${b64url(createHmac('sha256', hsSecret).update(hsInput).digest())}`,
      'a key the issuer never published': this.token(claims, { key: newKey() }),
      'a tampered payload': `${header}.${tampered}.${signature}`,
      'an expired token': this.token({ ...claims, iat: now - 7200, exp: now - 3600 }),
      'a token for another audience': this.token({ ...claims, aud: 'https://other.example.com/mcp' }),
      'a token of another issuer': this.token({ ...claims, iss: 'https://idp.example.com' }),
    };
  }

  close() {
    return new Promise((resolve) => this.server.close(resolve));
  }
}
