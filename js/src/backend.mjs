// createClerkClient: @clerk/backend-style resource groups over the wasm BackendClient. Each method
// looks up its descriptor in the generated table and hands the call over as data; the Rust core
// builds the request, runs the retry loop and parses the answer or the error.
import * as wasm from '../pkg/clerk_edge.js';
import { OPERATIONS } from '../generated/backend-ops.mjs';
import { reasonError } from './errors.mjs';

const RETRY_KEYS = ['maxAttempts', 'baseDelayInMs', 'maxDelayInMs', 'maxElapsedInMs', 'maxRetryAfterInMs'];

/** `organizationId` -> `organization_id` (top-level keys only, as @clerk/backend does). */
const snake = (key) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
/** `organization_id` -> `organizationId`. */
const camel = (key) => key.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !isBinary(v);
const isBinary = (v) =>
  v instanceof Uint8Array || v instanceof ArrayBuffer || (typeof Blob !== 'undefined' && v instanceof Blob);

function invalid(message) {
  return reasonError('options-invalid', message);
}

function optionalString(options, key) {
  const v = options[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw invalid(`${key} must be a string`);
  return v;
}

/** Reads the options into the wasm constructor's arguments. */
function coreClient(options) {
  if (options == null || typeof options !== 'object') throw invalid('createClerkClient expects an options object');
  const secretKey = optionalString(options, 'secretKey') ?? '';
  const timeout = options.timeoutInMs;
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0)) throw invalid('timeoutInMs must be a positive integer');
  let retry;
  if (options.retry === false) retry = undefined;
  else if (options.retry === undefined || options.retry === true) retry = new Float64Array(0);
  else if (isPlainObject(options.retry)) retry = Float64Array.from(RETRY_KEYS, (k) => options.retry[k] ?? NaN);
  else throw invalid('retry must be false or an object');
  return new wasm.BackendClient(secretKey, optionalString(options, 'apiUrl'), optionalString(options, 'apiVersion'), timeout, retry);
}

/** The descriptor of `entry` for these arguments (several: the one whose path parameters match the leading strings). */
function pick(entry, args) {
  if (typeof entry[0] === 'string') return entry;
  let strings = 0;
  while (typeof args[strings] === 'string') strings++;
  const count = (d) => d[2].split('{').length - 1;
  return entry.find((d) => count(d) === strings) ?? entry.find((d) => count(d) > strings) ?? entry[0];
}

/** Splits the arguments of a call into path values, query and body, as the wasm call expects. */
async function describe(name, d, args) {
  const [, , path, queryNames = [], bodyKind = 0, fileFields = []] = d;
  const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const rest = [...args];
  const values = [];
  while (values.length < names.length && (typeof rest[0] === 'string' || typeof rest[0] === 'number')) {
    values.push(String(rest.shift()));
  }
  let params = rest.shift();
  if (rest.length > 0) throw invalid(`${name}: too many arguments`);
  if (bodyKind === 2) {
    if (!Array.isArray(params)) throw invalid(`${name}: expects an array of items`);
    const items = params.map((item) => (isPlainObject(item) ? snakeKeys(item) : item));
    return [values, undefined, JSON.stringify(items), undefined];
  }
  if (params !== undefined && params !== null && !isPlainObject(params)) throw invalid(`${name}: params must be an object`);
  params = { ...(params ?? {}) };
  for (const n of names.slice(values.length)) {
    const key = n in params ? n : camel(n);
    const v = params[key];
    if (typeof v !== 'string' || v === '') throw invalid(`${name}: missing path parameter ${camel(n)}`);
    values.push(v);
    delete params[key];
  }
  const query = {};
  const body = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const wire = queryNames.includes(key) ? key : snake(key);
    if (queryNames.includes(wire)) query[wire] = value instanceof Date ? value.getTime() : value;
    else if (bodyKind === 0) query[wire] = value;
    else body[wire] = value;
  }
  const queryJson = Object.keys(query).length ? JSON.stringify(query) : undefined;
  if (bodyKind === 1) return [values, queryJson, JSON.stringify(body), undefined];
  if (bodyKind === 3) return [values, queryJson, undefined, await formParts(body, fileFields)];
  return [values, queryJson, undefined, undefined];
}

function snakeKeys(obj) {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [snake(k), v]));
}

/** Multipart fields for the wasm core: `[name, text]` or `[name, bytes, filename, type]`. */
async function formParts(body, fileFields) {
  const parts = [];
  for (const [name, value] of Object.entries(body)) {
    if (value === null) continue;
    if (isBinary(value) || fileFields.includes(name)) {
      if (!isBinary(value)) throw invalid(`${name} must be a Blob, File, ArrayBuffer or Uint8Array`);
      const bytes = value instanceof Uint8Array ? value : new Uint8Array(value instanceof ArrayBuffer ? value : await value.arrayBuffer());
      parts.push([name, bytes, typeof value.name === 'string' ? value.name : 'file', value.type || 'application/octet-stream']);
    } else {
      parts.push([name, typeof value === 'string' ? value : JSON.stringify(value)]);
    }
  }
  return parts;
}

/**
 * Creates a Backend API client like @clerk/backend's `createClerkClient({ secretKey, apiUrl, apiVersion })`.
 * Groups and method names follow @clerk/backend; answers are plain objects in the API's JSON shape (snake_case).
 */
export function createClerkClient(options) {
  if (typeof wasm.BackendClient !== 'function') {
    throw reasonError('backend-api-unavailable', 'this clerk-edge build has no Backend API client');
  }
  const core = coreClient(options ?? {});
  const client = {};
  for (const [group, methods] of Object.entries(OPERATIONS)) {
    const api = {};
    for (const [method, entry] of Object.entries(methods)) {
      const name = `${group}.${method}`;
      api[method] = async (...args) => {
        const d = pick(entry, args);
        const [values, query, body, parts] = await describe(name, d, args);
        const text = await core.call(d[1], d[2], values, query, body, parts);
        return text === undefined ? null : JSON.parse(text);
      };
    }
    client[group] = Object.freeze(api);
  }
  return Object.freeze(client);
}

/** Most pages {@link paginate} requests before it stops (a bound against a list that never ends). */
const MAX_PAGES = 10_000;

/**
 * Walks every page of a Backend API list call, yielding the items: `list(params)` is called with
 * `limit: pageSize` and an `offset` that advances by the items received, until a page comes back
 * short or `total_count` is reached. Handles bare-array answers and `{ data, total_count }` ones.
 */
export async function* paginate(list, params = {}, { pageSize = 100 } = {}) {
  if (typeof list !== 'function') throw invalid('paginate expects a list method');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) throw invalid('pageSize must be an integer from 1 to 500');
  let offset = params?.offset ?? 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await list({ ...params, limit: pageSize, offset });
    const items = Array.isArray(answer) ? answer : answer?.data;
    if (!Array.isArray(items)) {
      throw reasonError('backend-api-invalid-response', 'paginate: the list call did not answer a list');
    }
    yield* items;
    offset += items.length;
    const total = Array.isArray(answer) ? undefined : answer.total_count;
    if (items.length < pageSize || (typeof total === 'number' && offset >= total)) return;
  }
}
