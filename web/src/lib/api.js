// Calls the API on this origin with the signed-in token. The token lives in sessionStorage
// only (gone when the tab closes) and is sent as a header, never in a URL.
const TOKEN_KEY = 'procura.token';

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/// A refused request: status, the problem+json body and its violations by JSON Pointer.
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
    this.errors = Array.isArray(problem?.errors) ? problem.errors : [];
  }
}

/// Adds the signed-in token, if any, to `headers`.
function withToken(headers) {
  const secret = token.get();
  if (secret) headers.Authorization = `Bearer ${secret}`;
  return headers;
}

/// The JSON a response carries, or an ApiError when it is a refusal.
async function answer(response) {
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { detail: text };
  }
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed;
}

export async function api(method, path, body, { ifMatch } = {}) {
  const headers = { Accept: 'application/json' };
  withToken(headers);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch !== undefined) headers['If-Match'] = `"${ifMatch}"`;
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return answer(response);
}

/// Uploads a file as the API takes it: the raw bytes, their media type, and the file name
/// percent-encoded in X-File-Name. Returns the stored document.
export async function upload(file) {
  // Windows browsers with Excel installed call a .csv file application/vnd.ms-excel, which the
  // server rightly refuses for plain text.
  const type = /\.csv$/i.test(file.name) ? 'text/csv' : file.type || 'application/octet-stream';
  const headers = { Accept: 'application/json', 'Content-Type': type,
    'X-File-Name': encodeURIComponent(file.name) };
  withToken(headers);
  const response = await fetch('/api/v1/documents', { method: 'POST', headers, body: file });
  return answer(response);
}

/// Saves a document's content under its file name, fetched with the signed-in token: a plain link
/// cannot send it, and the content of a draft's or a report's document is not public.
export async function download(document) {
  const headers = {};
  withToken(headers);
  const response = await fetch(`/api/v1/documents/${document.id}/content`, { headers });
  if (!response.ok) return answer(response);
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(window.document.createElement('a'), { href: url, download: document.file_name });
  window.document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return undefined;
}

export const get = (path) => api('GET', path);
export const post = (path, body = {}) => api('POST', path, body);

/// A query string from the non-empty entries of an object.
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== '' && value != null) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}
