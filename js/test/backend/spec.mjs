// The facts of Clerk's Backend API spec the JS tests check (a port of tests/support/bapi_spec.rs):
// operation lookup, schema-shaped samples and request checks. They come from the committed fixture
// tests/fixtures/bapi/bapi-2026-05-12.facts.json, which tools/bapi-gen derives from the spec
// (its shapes are described in tools/bapi-gen/src/fixture.rs). Node only (reads the file).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The fixture, in the repository. */
export const FIXTURE_PATH = fileURLToPath(new URL('../../../tests/fixtures/bapi/bapi-2026-05-12.facts.json', import.meta.url));

/** A field every sampled object carries that the spec does not know (answers keep it). */
export const UNKNOWN_FIELD = 'x_not_in_spec';

/** Loads the fixture. */
export function loadSpec(path = FIXTURE_PATH) {
  const facts = JSON.parse(readFileSync(path, 'utf8'));
  const ops = facts.operations.map((op) => ({ id: op.id, method: op.method, path: op.path, op }));
  return new Spec(facts.version, ops, facts.schemas);
}

export class Spec {
  constructor(version, ops, schemas) {
    this.version = version;
    this.ops = ops;
    this.schemas = schemas;
  }

  /** Follows `ref`s to named shapes; a bare type name `"string"` is `{ type: "string" }`. */
  deref(shape) {
    while (shape && typeof shape.ref === 'string') shape = this.schemas[shape.ref];
    return typeof shape === 'string' ? { type: shape } : (shape ?? {});
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

  /** A value shaped like `shape`: every property set, plus UNKNOWN_FIELD on objects. */
  sample(shape, depth = 0) {
    const s = this.deref(shape);
    if (depth > 16) return null;
    if (s.properties) {
      const out = {};
      for (const [k, p] of Object.entries(s.properties)) out[k] = this.sample(p, depth + 1);
      out[UNKNOWN_FIELD] = 'kept';
      return out;
    }
    if (s.first) return this.sample(s.first, depth + 1);
    if ('enum' in s) return s.enum;
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
    return [op.op.status, op.op.answer ? this.sample(op.op.answer) : undefined];
  }

  /** A request body for `op` with every property of its schema (for coverage calls). */
  sampleRequest(op) {
    const body = op.op.body;
    if (body?.json) return this.sample(body.json);
    if (!body?.multipart) return undefined;
    const out = {};
    for (const [k, kind] of Object.entries(body.multipart.fields)) {
      out[k] = kind === 'binary' ? new Uint8Array([1, 2, 3]) : 's';
    }
    return out;
  }

  /** Required query parameters of `op` with sample values. */
  sampleQuery(op) {
    const out = {};
    for (const [name, shape] of Object.entries(op.op.requiredQuery ?? {})) out[name] = this.sample(shape);
    return out;
  }

  /** Problems of a request against `op`: required query parameters and the body's shape. */
  checkRequest(op, query, contentType, body) {
    const problems = [];
    for (const name of Object.keys(op.op.requiredQuery ?? {})) {
      if (!query.some(([k]) => k === name)) problems.push(`missing required query parameter ${name}`);
    }
    const rb = op.op.body;
    if (!rb) {
      if (body.length) problems.push('unexpected body');
      return problems;
    }
    if (rb.json) {
      if (!contentType.startsWith('application/json')) problems.push(`content-type ${contentType} is not JSON`);
      let v;
      try {
        v = JSON.parse(body.toString('utf8'));
      } catch {
        problems.push('body is not JSON');
        return problems;
      }
      this.checkValue(rb.json, v, 'body', problems);
    } else {
      if (!contentType.startsWith('multipart/form-data; boundary=')) problems.push(`content-type ${contentType} is not multipart`);
      const text = body.toString('latin1');
      for (const name of rb.multipart.required) {
        if (!text.includes(`name="${name}"`)) problems.push(`multipart part ${name} missing`);
      }
    }
    return problems;
  }

  checkValue(shape, v, at, problems) {
    const s = this.deref(shape);
    if (v === null) return;
    if (s.properties) {
      if (typeof v !== 'object' || Array.isArray(v)) return void problems.push(`${at} is not an object`);
      for (const r of s.required ?? []) if (!(r in v)) problems.push(`${at}.${r} is required`);
      for (const [k, val] of Object.entries(v)) if (s.properties[k]) this.checkValue(s.properties[k], val, `${at}.${k}`, problems);
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
