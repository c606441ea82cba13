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
  return call('/', {method: 'POST', headers: {'Content-Type': 'application/x-amz-json-1.0',
    'X-Amz-Target': 'AWSStepFunctions.' + operation}, body: JSON.stringify(request)});
}

/** Calls Transfer Family's operation (AWS JSON 1.1, target TransferService). */
export function transfer(operation, request = {}) {
  return call('/', {method: 'POST', headers: {'Content-Type': 'application/x-amz-json-1.1',
    'X-Amz-Target': 'TransferService.' + operation}, body: JSON.stringify(request)});
}

/**
 * Calls an Image Builder operation as its model writes it: method and path (/GetImage), the
 * request's members as the query string for a GET, as a JSON body otherwise.
 */
export function imagebuilder(method, path, request = {}) {
  if (method === 'GET') {
    const query = new URLSearchParams(Object.entries(request).filter(([, v]) => v != null));
    return call(path + (query.size ? '?' + query : ''), {method});
  }
  return call(path, {method, headers: {'Content-Type': 'application/json'}, body: JSON.stringify(request)});
}

async function call(url, init) {
  let response;
  try {
    response = await fetch(url, {...init, cache: 'no-store'});
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
