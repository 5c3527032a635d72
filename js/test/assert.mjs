// Minimal assertions that run unchanged in Node, Deno, workerd and edge-runtime (no node:assert there).

export class AssertionError extends Error {}

function show(v) {
  try { return JSON.stringify(v); } catch { return String(v); }
}

/** Fails unless `actual === expected`. */
export function equal(actual, expected, what = 'value') {
  if (actual !== expected) throw new AssertionError(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

/** Fails unless both values serialise to the same JSON. */
export function deepEqual(actual, expected, what = 'value') {
  if (show(actual) !== show(expected)) throw new AssertionError(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

/** Fails unless `value` is truthy. */
export function ok(value, what = 'condition') {
  if (!value) throw new AssertionError(`${what}: expected truthy, got ${show(value)}`);
}

/** Runs `fn` (sync or async) and returns the error it throws; fails if it does not throw. */
export async function rejects(fn, what = 'call') {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new AssertionError(`${what}: expected an error, none was thrown`);
}

/** Like `rejects`, and checks the error's `.reason`. */
export async function rejectsWithReason(fn, reason, what = 'call') {
  const err = await rejects(fn, what);
  equal(err && err.reason, reason, `${what}: error.reason (message: ${err && err.message})`);
  return err;
}
