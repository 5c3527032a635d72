/** Kind of Clerk instance a key belongs to, as @clerk/backend names it. */
export type InstanceType = 'development' | 'production';

/** A parsed publishable key. */
export interface PublishableKey {
  /** Frontend API host, e.g. `clerk.example.com`. */
  frontendApi: string;
  /** `development` for `pk_test_…`, `production` for `pk_live_…`. */
  instanceType: InstanceType;
}

/** Errors thrown by clerk-edge carry a stable machine-readable `reason`. */
export interface ClerkEdgeError extends Error {
  name: 'ClerkEdgeError';
  /** Stable reason code, e.g. `publishable-key-invalid`. */
  reason: string;
}

/** Parses a Clerk publishable key; throws a {@link ClerkEdgeError} when malformed. */
export function parsePublishableKey(publishableKey: string): PublishableKey;

/** The version of the Rust core compiled into the wasm module. */
export function version(): string;
