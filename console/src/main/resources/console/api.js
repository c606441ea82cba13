// Calls the same Step Functions API the SDKs call (AWS JSON 1.0 on this server's port). Unsigned
// calls act in the server's default account and region.

export class ApiError extends Error {
  constructor(type, message, status) {
    super(message || type);
    this.type = type;
    this.status = status;
  }
}

/** Calls operation with the request object; resolves its answer, or rejects with an ApiError. */
export async function sfn(operation, request = {}) {
  let response;
  try {
    response = await fetch('/', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.0',
        'X-Amz-Target': 'AWSStepFunctions.' + operation,
      },
      body: JSON.stringify(request),
      cache: 'no-store',
    });
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
    const type = String(body.__type || response.headers.get('x-amzn-ErrorType') || 'HTTP ' + response.status);
    throw new ApiError(type.split('#').pop(), body.message || body.Message || text, response.status);
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
