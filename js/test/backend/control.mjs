// Talks to the loopback Backend API's control endpoints from any runtime (plain fetch).

/** The loopback server seen from a test: its URL, fault queue and request log. */
export function control(base) {
  return {
    base,
    /** Queues faults for the next requests. */
    async fault(...faults) {
      const res = await fetch(`${base}/__control/faults`, { method: 'POST', body: JSON.stringify(faults) });
      await res.arrayBuffer();
    },
    /** The requests seen since the last call (and forgets them). */
    async seen() {
      return (await fetch(`${base}/__control/seen`)).json();
    },
  };
}

/** A request's JSON body. */
export const bodyOf = (seen) => JSON.parse(seen.body);
/** The values of a query parameter, in order. */
export const queryOf = (seen, name) => seen.query.filter(([k]) => k === name).map(([, v]) => v);
