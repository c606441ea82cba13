// Calls the same APIs the SDKs call, on this server's port: Step Functions (AWS JSON 1.0),
// Transfer Family (AWS JSON 1.1) and Image Builder (rest-json at the model's methods and paths).
// Unsigned calls act in the server's default account and region.

export class ApiError extends Error {
  constructor(type, message, status) {
    super(message || type);
    this.type = type;
    this.status = status;
  }
}

/** Calls Step Functions' operation with the request object; resolves its answer, or rejects with an ApiError. */
export function sfn(operation, request = {}) {
  return call('states', '/', {method: 'POST', headers: {'Content-Type': 'application/x-amz-json-1.0',
    'X-Amz-Target': 'AWSStepFunctions.' + operation}, body: JSON.stringify(request)});
}

/** Calls Transfer Family's operation (AWS JSON 1.1, target TransferService). */
export function transfer(operation, request = {}) {
  return call('transfer', '/', {method: 'POST', headers: {'Content-Type': 'application/x-amz-json-1.1',
    'X-Amz-Target': 'TransferService.' + operation}, body: JSON.stringify(request)});
}

/**
 * Calls an Image Builder operation as its model writes it: method and path (/GetImage), the
 * request's members as the query string for a GET, as a JSON body otherwise.
 */
export function imagebuilder(method, path, request = {}) {
  if (method === 'GET') {
    const query = new URLSearchParams(Object.entries(request).filter(([, v]) => v != null));
    return call('imagebuilder', path + (query.size ? '?' + query : ''), {method});
  }
  return call('imagebuilder', path, {method, headers: {'Content-Type': 'application/json'},
    body: JSON.stringify(request)});
}

async function call(service, url, init) {
  let response;
  const saved = credentials();
  if (saved && !globalThis.crypto?.subtle) {
    throw new ApiError('SigningUnavailable', 'Requests cannot be signed here: browsers offer WebCrypto only over ' +
      'https or to localhost. Forget the credentials, or open the console over https.', 0);
  }
  const headers = saved ? await sign({method: init.method, url, headers: init.headers || {}, body: init.body || ''},
    saved, service) : init.headers;
  try {
    response = await fetch(url, {...init, headers, cache: 'no-store'});
  } catch (e) {
    throw new ApiError('ServerUnreachable', 'The server cannot be reached (' + e.message + '). Is it running?', 0);
  }
  const text = await response.text();
  let body = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = {message: text};
  }
  if (!response.ok) {
    // JSON protocols name the error in __type (after a #), rest-json in x-amzn-ErrorType (before a :)
    const type = String(body.__type || response.headers.get('x-amzn-ErrorType') || 'HTTP ' + response.status);
    throw new ApiError(type.split('#').pop().split(':')[0], body.message || body.Message || text, response.status);
  }
  return body;
}

/**
 * Every page of a paged operation, concatenated: the items of listMember from each page, following
 * nextToken. onPage (optional) hears of each page as it arrives.
 */
export async function allPages(operation, request, listMember, onPage) {
  const items = [];
  let nextToken;
  do {
    const page = await sfn(operation, nextToken ? {...request, nextToken} : request);
    items.push(...(page[listMember] || []));
    if (onPage) onPage(items);
    nextToken = page.nextToken;
  } while (nextToken);
  return items;
}

// ---- signing -----------------------------------------------------------------------------------
//
// The server does not check signatures yet. When it does, the pages sign their calls as the SDKs do
// (SigV4) with credentials the reader gives on the Credentials page, kept in sessionStorage: gone
// when the tab closes, never sent anywhere but in signatures. Without credentials the calls go
// unsigned and act in the server's default account and region. WebCrypto's subtle API exists only
// in secure contexts (https, or http to localhost or 127.0.0.1).

const CREDENTIALS = 'stepwise.credentials';

/** The credentials the reader gave ({accessKeyId, secretAccessKey, sessionToken, region}), or null. */
export function credentials() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(CREDENTIALS) || 'null');
    return saved && saved.accessKeyId && saved.secretAccessKey ? saved : null;
  } catch {
    return null;
  }
}

export function saveCredentials(c) {
  sessionStorage.setItem(CREDENTIALS, JSON.stringify(c));
}

export function forgetCredentials() {
  sessionStorage.removeItem(CREDENTIALS);
}

const encoder = new TextEncoder();

function hex(buffer) {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function sha256(text) {
  return hex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

async function hmac(key, text) {
  const k = await crypto.subtle.importKey('raw', typeof key === 'string' ? encoder.encode(key) : key,
    {name: 'HMAC', hash: 'SHA-256'}, false, ['sign']);
  return crypto.subtle.sign('HMAC', k, encoder.encode(text));
}

/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function uriEncode(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/**
 * The headers of a request signed with SigV4 (AWS4-HMAC-SHA256): request is {method, url (path and
 * query), headers, body}; service the signing name (states, transfer, imagebuilder); now the
 * signing time. Signs host, x-amz-date, the security token and the request's own headers.
 */
export async function sign(request, creds, service, now = new Date()) {
  const region = creds.region || 'us-east-1';
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const [path, query = ''] = request.url.split(/\?(.*)/s);
  const headers = {...request.headers, 'X-Amz-Date': amzDate};
  if (creds.sessionToken) headers['X-Amz-Security-Token'] = creds.sessionToken;
  const canonical = Object.entries({...headers, host: location.host})
    .map(([k, v]) => [k.toLowerCase(), String(v).trim().replace(/\s+/g, ' ')])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const signedHeaders = canonical.map(([k]) => k).join(';');
  const canonicalQuery = [...new URLSearchParams(query)].map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0)).map(([k, v]) => k + '=' + v)
    .join('&');
  const canonicalPath = path.split('/').map((segment) => uriEncode(decodeURIComponent(segment))).join('/') || '/';
  const canonicalRequest = [request.method, canonicalPath, canonicalQuery,
    canonical.map(([k, v]) => k + ':' + v + '\n').join(''), signedHeaders, await sha256(request.body || '')]
    .join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, await sha256(canonicalRequest)].join('\n');
  let key = await hmac('AWS4' + creds.secretAccessKey, day);
  for (const part of [region, service, 'aws4_request']) key = await hmac(key, part);
  const signature = hex(await hmac(key, toSign));
  return {...headers, Authorization: `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, ` +
    `SignedHeaders=${signedHeaders}, Signature=${signature}`};
}
