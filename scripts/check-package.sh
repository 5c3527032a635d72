#!/usr/bin/env bash
# Installs the built package from the checkout into a scratch project and imports it by name.
set -euo pipefail
source "$(dirname "$0")/env.sh"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "$root/js" >/dev/null
cat >check.mjs <<'JS'
import { createClerkClient, parsePublishableKey, version } from 'clerk-edge';
const key = 'pk_live_' + Buffer.from('clerk.example.com$').toString('base64');
const parsed = parsePublishableKey(key);
if (parsed.frontendApi !== 'clerk.example.com' || parsed.instanceType !== 'production') {
  throw new Error('unexpected parse result: ' + JSON.stringify(parsed));
}
if (typeof createClerkClient({ secretKey: 'sk_test_x' }).users.getUser !== 'function') {
  throw new Error('createClerkClient().users.getUser is missing');
}
const { withAuth } = await import('clerk-edge');
const { clerkMiddleware, getAuth } = await import('clerk-edge/hono');
if (typeof withAuth !== 'function' || typeof clerkMiddleware !== 'function' || typeof getAuth !== 'function') {
  throw new Error('the adapters (withAuth, clerk-edge/hono) are missing');
}
console.log(`package: import 'clerk-edge' ${version()} from a scratch project works`);
JS
node check.mjs
