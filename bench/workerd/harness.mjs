// Shared fetch handler of the benchmark workers. The tokens and key come from a generated module
// (bench/.build/tokens.mjs, written by bench/workerd-verify.mjs), so requests carry only
//   ?start=S&count=K[&mode=seq|par|repeat]
// and verify tokens[S .. S+K) one at a time (seq), all at once with Promise.all (par), or
// tokens[0] K times (repeat). workerd freezes the clock inside a request, so timing is done outside.
import { jwtKey, tokens } from '../.build/tokens.mjs';

const SUB = 'user_demo2fTqBWk7u9wG5sNq';

/** `verify(token, jwtKey)` resolves to claims (an object with `sub`) or rejects. */
export function benchHandler(verify) {
  return {
    async fetch(request) {
      const url = new URL(request.url);
      const start = Number(url.searchParams.get('start') ?? 0);
      const count = Number(url.searchParams.get('count') ?? 1);
      const mode = url.searchParams.get('mode') ?? 'seq';
      let ok = 0;
      try {
        if (mode === 'par') {
          const all = await Promise.all(tokens.slice(start, start + count).map((t) => verify(t, jwtKey)));
          for (const c of all) if (c.sub === SUB) ok++;
        } else {
          for (let i = 0; i < count; i++) {
            const c = await verify(mode === 'repeat' ? tokens[0] : tokens[start + i], jwtKey);
            if (c.sub === SUB) ok++;
          }
        }
      } catch (err) {
        return new Response(`verify failed: ${err?.reason ?? ''} ${err?.message ?? err}`, { status: 500 });
      }
      if (ok !== count) return new Response(`only ${ok}/${count} verified`, { status: 500 });
      return new Response(String(ok));
    },
  };
}
