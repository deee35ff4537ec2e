// AWS Signature Version 4 header signing on WebCrypto (SubtleCrypto HMAC-SHA256 and SHA-256), so the same code runs in
// browsers and Node.js with no dependency. The channel uses it for one request: POST <api>/renew, signed with the
// channel's own scoped credentials (docs/clients.md). Covers what that needs and what the official suite's basic cases
// test: header signing, query canonicalisation, UTF-8 paths, an optional signed body hash.
// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html

const encoder = new TextEncoder();

function subtle() {
  const value = globalThis.crypto?.subtle;
  if (!value) {
    throw new Error('SigV4 signing needs WebCrypto (crypto.subtle): use a secure context (https or localhost) or Node.js 20+');
  }
  return value;
}

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Lowercase hex SHA-256 of a string or bytes. */
export async function sha256Hex(data) {
  return hex(await subtle().digest('SHA-256', typeof data === 'string' ? encoder.encode(data) : data));
}

async function hmac(key, text) {
  const cryptoKey = await subtle().importKey('raw', typeof key === 'string' ? encoder.encode(key) : key,
    { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return subtle().sign('HMAC', cryptoKey, encoder.encode(text));
}

/** The SigV4 timestamp form: 20150830T123600Z. */
export function amzDate(date) {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

// RFC 3986 percent-encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ , hex digits uppercase.
function uriEncode(text) {
  return Array.from(encoder.encode(text), (b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

function canonicalPath(pathname) {
  // The URL parser already removed dot segments; every segment is encoded once from its decoded form.
  const path = pathname.split('/').map((segment) => uriEncode(decodeURIComponent(segment))).join('/');
  return path === '' ? '/' : path;
}

function canonicalQuery(search) {
  if (search.length <= 1) {
    return '';
  }
  const pairs = search.slice(1).split('&').filter((p) => p.length > 0).map((pair) => {
    const eq = pair.indexOf('=');
    const decode = (s) => decodeURIComponent(s.replace(/\+/g, ' '));
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    return [uriEncode(decode(key)), uriEncode(decode(value))];
  });
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/**
 * Signs an HTTP request with SigV4 in the Authorization header.
 * Returns the headers to send (the given ones plus x-amz-date, x-amz-security-token when the credentials have a session
 * token, x-amz-content-sha256 when signBody, and authorization; never host, which the HTTP stack sets to the same value)
 * and the intermediate strings, for tests and debugging. The signature is a bearer secret for a few minutes: do not log it.
 */
export async function signRequest({ method, url, headers = {}, body = '', region, service, credentials, date = new Date(), signBody = false }) {
  if (!credentials?.accessKeyId || !credentials?.secretAccessKey) {
    throw new TypeError('signRequest needs credentials.accessKeyId and credentials.secretAccessKey');
  }
  if (!region || !service) {
    throw new TypeError('signRequest needs a region and a service');
  }
  const target = new URL(url);
  const timestamp = amzDate(date);
  const day = timestamp.slice(0, 8);
  const payloadHash = await sha256Hex(body);

  const signed = new Map();
  for (const [name, value] of Object.entries(headers)) {
    signed.set(name.toLowerCase(), String(value));
  }
  if (!signed.has('host')) {
    signed.set('host', target.host);
  }
  signed.set('x-amz-date', timestamp);
  if (credentials.sessionToken) {
    signed.set('x-amz-security-token', credentials.sessionToken);
  }
  if (signBody) {
    signed.set('x-amz-content-sha256', payloadHash);
  }

  const names = [...signed.keys()].sort();
  // Header values: trimmed, inner runs of spaces folded to one (the suite's get-header-value-trim rule).
  const canonicalHeaders = names.map((n) => `${n}:${signed.get(n).trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [method.toUpperCase(), canonicalPath(target.pathname), canonicalQuery(target.search),
    canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', timestamp, scope, await sha256Hex(canonicalRequest)].join('\n');

  let key = await hmac(`AWS4${credentials.secretAccessKey}`, day);
  key = await hmac(key, region);
  key = await hmac(key, service);
  key = await hmac(key, 'aws4_request');
  const signature = hex(await hmac(key, stringToSign));

  const out = {};
  for (const name of names) {
    if (name !== 'host') {
      out[name] = signed.get(name);
    }
  }
  out.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { headers: out, canonicalRequest, stringToSign, signature };
}
