// clerk-edge through its workerd entry. ?cache=1 leaves the verified-token cache on.
import { verifyToken } from '../../js/entry/workerd.mjs';
import { benchHandler } from './harness.mjs';

const fresh = benchHandler((token, jwtKey) => verifyToken(token, { jwtKey, skipVerifiedTokenCache: true }));
const cached = benchHandler((token, jwtKey) => verifyToken(token, { jwtKey }));

export default {
  fetch(request) {
    return new URL(request.url).searchParams.get('cache') === '1' ? cached.fetch(request) : fresh.fetch(request);
  },
};
