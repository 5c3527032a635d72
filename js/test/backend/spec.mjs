// Clerk's Backend API spec for the JS tests (a port of tests/support/bapi_spec.rs): loading,
// operation lookup, schema-shaped samples and request checks. Node only (reads the YAML file).
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** Where the spec lives: `../shared` next to the repository, as for the Rust tests (`BAPI_SPEC` overrides). */
export const SPEC_PATH =
  process.env.BAPI_SPEC || fileURLToPath(new URL('../../../../shared/clerk-openapi/bapi-2026-05-12.yml', import.meta.url));

/** A field every sampled object carries that the spec does not know (answers keep it). */
export const UNKNOWN_FIELD = 'x_not_in_spec';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Loads the spec, or returns `null` when it is absent (callers skip with a message). */
export function loadSpec(path = SPEC_PATH) {
  if (!existsSync(path)) return null;
  const root = parse(readFileSync(path, 'utf8'), { maxAliasCount: -1 });
  const ops = [];
  for (const [p, item] of Object.entries(root.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (METHODS.includes(method)) ops.push({ id: op.operationId, method: method.toUpperCase(), path: p, op });
    }
  }
  return new Spec(root, ops);
}

export class Spec {
  constructor(root, ops) {
    this.root = root;
    this.ops = ops;
  }

  /** Follows `$ref`s. */
  deref(v) {
    while (v && typeof v.$ref === 'string') {
      v = v.$ref.replace(/^#\//, '').split('/').reduce((cur, part) => cur?.[part], this.root);
    }
    return v;
  }

  /** The operation serving `method path` (literal segments win over `{params}`). */
  find(method, path) {
    const segs = path.replace(/^\/+|\/+$/g, '').split('/');
    let best = null;
    for (const o of this.ops) {
      if (o.method !== method) continue;
      const t = o.path.replace(/^\/+|\/+$/g, '').split('/');
      if (t.length !== segs.length) continue;
      let literal = 0;
      let ok = true;
      for (let i = 0; i < t.length; i++) {
        if (t[i].startsWith('{')) ok &&= segs[i] !== '';
        else if (t[i] === segs[i]) literal++;
        else ok = false;
      }
      if (ok && (!best || literal > best.literal)) best = { literal, op: o };
    }
    return best?.op ?? null;
  }

  /** `[properties, required]` of an object-like schema (merging `allOf`), or `null`. */
  object(schema) {
    const s = this.deref(schema);
    if (!s || typeof s !== 'object') return null;
    let props = {};
    const req = [];
    let found = false;
    for (const part of s.allOf ?? []) {
      const o = this.object(part);
      if (o) {
        Object.assign(props, o[0]);
        req.push(...o[1]);
        found = true;
      }
    }
    if (s.properties) {
      props = { ...props, ...s.properties };
      found = true;
    }
    req.push(...(s.required ?? []));
    return found ? [props, req] : null;
  }

  /** A value shaped like `schema`: every property set, plus UNKNOWN_FIELD on objects. */
  sample(schema, depth = 0) {
    const s = this.deref(schema) ?? {};
    if (depth > 16) return null;
    const obj = this.object(s);
    if (obj) {
      const out = {};
      for (const [k, p] of Object.entries(obj[0])) out[k] = this.sample(p, depth + 1);
      out[UNKNOWN_FIELD] = 'kept';
      return out;
    }
    for (const key of ['oneOf', 'anyOf', 'allOf']) if (s[key]?.length) return this.sample(s[key][0], depth + 1);
    if (s.enum?.length) return s.enum[0];
    switch (s.type) {
      case 'string': return 's';
      case 'integer': return 7;
      case 'number': return 1.5;
      case 'boolean': return true;
      case 'array': return [this.sample(s.items, depth + 1)];
      case 'object': return { k: 'v' };
      default: return 'any';
    }
  }

  /** `[status, body]` of the first success answer of `op`, shaped by its schema. */
  sampleResponse(op) {
    const [code, resp] = Object.entries(op.op.responses).find(([c]) => c.startsWith('2'));
    const schema = this.deref(resp)?.content?.['application/json']?.schema;
    return [Number(code), schema ? this.sample(schema) : undefined];
  }

  /** A request body for `op` with every property of its schema (for coverage calls). */
  sampleRequest(op) {
    const rb = op.op.requestBody && this.deref(op.op.requestBody);
    const json = rb?.content?.['application/json']?.schema;
    if (json) return this.sample(json);
    const multipart = rb?.content?.['multipart/form-data']?.schema;
    if (!multipart) return undefined;
    const out = {};
    for (const [k, p] of Object.entries(this.object(multipart)[0])) {
      out[k] = this.deref(p).format === 'binary' ? new Uint8Array([1, 2, 3]) : 's';
    }
    return out;
  }

  /** Required query parameters of `op` with sample values. */
  sampleQuery(op) {
    const out = {};
    for (const p of (op.op.parameters ?? []).map((x) => this.deref(x))) {
      if (p.in === 'query' && p.required) out[p.name] = this.sample(p.schema);
    }
    return out;
  }

  /** Problems of a request against `op`: required query parameters and the body's shape. */
  checkRequest(op, query, contentType, body) {
    const problems = [];
    for (const p of (op.op.parameters ?? []).map((x) => this.deref(x))) {
      if (p.in === 'query' && p.required && !query.some(([k]) => k === p.name)) {
        problems.push(`missing required query parameter ${p.name}`);
      }
    }
    const rb = op.op.requestBody && this.deref(op.op.requestBody);
    if (!rb) {
      if (body.length) problems.push('unexpected body');
      return problems;
    }
    const json = rb.content?.['application/json']?.schema;
    if (json) {
      if (!contentType.startsWith('application/json')) problems.push(`content-type ${contentType} is not JSON`);
      let v;
      try {
        v = JSON.parse(body.toString('utf8'));
      } catch {
        problems.push('body is not JSON');
        return problems;
      }
      this.checkValue(json, v, 'body', problems);
    } else if (rb.content?.['multipart/form-data']) {
      if (!contentType.startsWith('multipart/form-data; boundary=')) problems.push(`content-type ${contentType} is not multipart`);
      const [props, req] = this.object(rb.content['multipart/form-data'].schema);
      const text = body.toString('latin1');
      for (const name of Object.keys(props).filter((k) => req.includes(k))) {
        if (!text.includes(`name="${name}"`)) problems.push(`multipart part ${name} missing`);
      }
    }
    return problems;
  }

  checkValue(schema, v, at, problems) {
    const s = this.deref(schema) ?? {};
    if (v === null) return;
    const obj = this.object(s);
    if (obj) {
      if (typeof v !== 'object' || Array.isArray(v)) return void problems.push(`${at} is not an object`);
      for (const r of obj[1]) if (!(r in v)) problems.push(`${at}.${r} is required`);
      for (const [k, val] of Object.entries(v)) if (obj[0][k]) this.checkValue(obj[0][k], val, `${at}.${k}`, problems);
      return;
    }
    const ok = {
      string: () => typeof v === 'string',
      integer: () => Number.isInteger(v),
      number: () => typeof v === 'number',
      boolean: () => typeof v === 'boolean',
      array: () => {
        if (!Array.isArray(v)) return false;
        v.forEach((item, i) => this.checkValue(s.items, item, `${at}[${i}]`, problems));
        return true;
      },
      object: () => typeof v === 'object' && !Array.isArray(v),
    }[s.type];
    if (ok && !ok()) problems.push(`${at} has the wrong type`);
  }
}
