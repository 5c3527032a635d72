// The guard Worker module (`clerk-edge/guard`): `export { default } from 'clerk-edge/guard';`
// is a whole Worker, configured with Clerk's env names (see the README, "Configuring the guard").

/** The `ctx` a Workers runtime passes to `fetch`. */
export interface GuardExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

/** The guard's module default export: a Workers `fetch` handler. */
declare const guard: {
  fetch(request: Request, env: Record<string, unknown>, ctx: GuardExecutionContext): Promise<Response>;
};
export default guard;
