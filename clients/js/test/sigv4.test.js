// The WebCrypto SigV4 signer against cases of AWS's official signing suite (test/fixtures/sigv4/SOURCE.md).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { signRequest, amzDate, sha256Hex } from '../src/sigv4.js';

const fixtures = new URL('./fixtures/sigv4/', import.meta.url).pathname;
const cases = readdirSync(fixtures).filter((name) => statSync(join(fixtures, name)).isDirectory());

// request.txt: "METHOD path HTTP/1.1", header lines "Name:value", a blank line, then the body.
function parseRequest(text) {
  const [head, ...rest] = text.split('\n\n');
  const [requestLine, ...headerLines] = head.split('\n');
  const [method, target] = requestLine.split(' ');
  const headers = {};
  for (const line of headerLines.filter((l) => l.length > 0)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return { method, target, headers, body: rest.join('\n\n') };
}

test('the suite holds the copied cases', () => {
  assert.ok(cases.length >= 5, `only ${cases.length} cases in ${fixtures}`);
});

for (const name of cases) {
  test(`SigV4 suite case ${name}: canonical request, string to sign and signature match`, async () => {
    const read = (file) => readFileSync(join(fixtures, name, file), 'utf8');
    const context = JSON.parse(read('context.json'));
    const request = parseRequest(read('request.txt'));
    const host = request.headers.Host;
    const result = await signRequest({
      method: request.method,
      url: `https://${host}${request.target}`,
      headers: Object.fromEntries(Object.entries(request.headers).filter(([n]) => n.toLowerCase() !== 'host')),
      body: request.body,
      region: context.region,
      service: context.service,
      credentials: {
        accessKeyId: context.credentials.access_key_id,
        secretAccessKey: context.credentials.secret_access_key,
        sessionToken: context.credentials.token,
      },
      date: new Date(context.timestamp),
      signBody: context.sign_body,
    });
    assert.equal(result.canonicalRequest, read('header-canonical-request.txt'));
    assert.equal(result.stringToSign, read('header-string-to-sign.txt'));
    assert.equal(result.signature, read('header-signature.txt').trim());
    assert.match(result.headers.authorization, new RegExp(`Signature=${result.signature}$`));
    assert.equal(result.headers.host, undefined, 'host is signed but left to the HTTP stack');
  });
}

test('the session token is sent and signed; a different token changes the signature', async () => {
  const base = { method: 'POST', url: 'http://127.0.0.1:3000/renew', region: 'us-east-1', service: 'execute-api', date: new Date('2026-12-01T10:00:00Z') };
  const one = await signRequest({ ...base, credentials: { accessKeyId: 'ASIA1', secretAccessKey: 's', sessionToken: 'token-1' } });
  const two = await signRequest({ ...base, credentials: { accessKeyId: 'ASIA1', secretAccessKey: 's', sessionToken: 'token-2' } });
  assert.equal(one.headers['x-amz-security-token'], 'token-1');
  assert.match(one.canonicalRequest, /^host:127\.0\.0\.1:3000$/m);
  assert.match(one.headers.authorization, /SignedHeaders=host;x-amz-date;x-amz-security-token,/);
  assert.notEqual(one.signature, two.signature);
});

test('missing credentials are a clear error', async () => {
  await assert.rejects(signRequest({ method: 'POST', url: 'https://x/', region: 'r', service: 's', credentials: {} }), /accessKeyId/);
});

test('helpers: amzDate and sha256Hex of the empty string', async () => {
  assert.equal(amzDate(new Date('2015-08-30T12:36:00.123Z')), '20150830T123600Z');
  assert.equal(await sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});
