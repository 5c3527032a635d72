// Errors raised on the JS side carry the same shape as the wasm core's: name, .reason, .message.

/** An Error named `ClerkEdgeError` with a stable `.reason` code. */
export function reasonError(reason, message) {
  const err = new Error(message);
  err.name = 'ClerkEdgeError';
  err.reason = reason;
  return err;
}
