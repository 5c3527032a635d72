#!/usr/bin/env python3
"""Writes fuzz/seeds/<target>/ from the test fixtures (run from anywhere; rewrites the seed dirs)."""
import base64
import json
import pathlib
import shutil

fuzz = pathlib.Path(__file__).resolve().parent
fixtures = fuzz.parent / "tests" / "fixtures"
keys = fixtures / "keys"
seeds = fuzz / "seeds"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def write(target: str, items):
    out = seeds / target
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for i, item in enumerate(items):
        data = item.encode() if isinstance(item, str) else item
        (out / f"seed-{i:02d}").write_bytes(data)


vectors = json.loads((fixtures / "tokens" / "vectors.json").read_text())
by_name = {v["name"]: v for v in vectors}
picked = [v["token"] for v in vectors[:: max(1, len(vectors) // 8)]][:8]
write("token_parse", picked + [
    b64url(b'{"alg":"RS256","cat":"cl_B7d4PD111AAA"}') + "." + b64url(b'{"sub":"u","exp":1}') + ".c2ln",
    b64url(b'{"alg":"ES256","typ":"application/jwt"}') + "." + b64url(b'{"a":1,"a":2}') + ".c2ln",
])

payloads = []
for v in vectors[:: max(1, len(vectors) // 6)][:6]:
    payload = v["token"].split(".")[1]
    payloads.append(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode())
write("token_claims", [f"1767225600\nhttps://app.example.com\n{p}" for p in payloads] + [
    '1767225600\n\n{"sub":"user_1","exp":1767225700,"v":2,"o":{"id":"org_1","rol":"admin","per":"read,manage","fpm":"3"},"fea":"o:reports,u:beta","pla":"u:pro"}',
    '1767225600\n\n{"sub":"user_1","exp":1767225700,"org_id":"org_1","org_role":"org:admin","org_permissions":["org:x:read"],"act":{"sub":"user_2"},"fva":[1,-1]}',
])

write("jwt_key", [
    (keys / name).read_text() for name in [
        "rsa2048.spki.pem", "rsa2048.pkcs1.pem", "rsa2048.bare.txt", "rsa2048.jwk.json",
        "p256.spki.pem", "p256.jwk.json", "ed25519.spki.pem", "ed25519.jwk.json",
        "p256.compressed.spki.pem", "x25519.spki.pem",
    ]
] + ['"' + (keys / "ed25519.spki.pem").read_text().replace("\n", "\\n") + '"'])

write("jwks", [(keys / n).read_bytes() for n in ["jwks-clerk.json", "jwks-mixed.json"]] + [
    '{"keys":[' + (keys / "ed25519.jwk.json").read_text() + "," + (keys / "ed25519.jwk.json").read_text() + "]}",
    '{"keys":[]}',
    '{"keys":[{"kty":"oct","k":"c2VjcmV0"},{"kty":"EC","crv":"P-256","x":"","y":""}]}',
])

write("request_headers", [
    "l2OS3d9k\nauthorization: Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln\ncookie: __session=abc",
    "l2OS3d9k\ncookie: a=1; __session_l2OS3d9k=t1; __session=t2\nCookie: __session_l2OS3d9k=t1",
    "\ncookie: __session=\"q.u.o\"; =x; novalue; b = two ;\tc=\nCOOKIE: __session=other",
    "sfx\nAuthorization: bearer  dG9rZW4=\nauthorization: Basic dXNlcjpwdw==",
    "sfx\nAuthorization: Bearer a b\ncookie: __session=t",
])

write("routes", [
    "/**\n/, /public/**, GET /health, /assets/*.css, /blog/*/comments, POST /webhooks/clerk\nGET\n/public/x/../y",
    "/**\n/public/**\nGET\n/public/%2e%2e/admin",
    "/docs/internal/**\n/docs/**\nPOST\n/docs/./internal/../a?x=/../b#c",
    "\n/**\nHEAD\n/public/..;/admin",
    "/admin\nGET /img/*.png, /a/*-*/b\nGET\n/img/logo.png",
])

def pk(prefix, host):
    return prefix + base64.b64encode(host.encode()).decode()

write("publishable_key", [
    pk("pk_test_", "clerk.example.com$"), pk("pk_live_", "clerk.acme.io$"),
    pk("pk_test_", "a.bc$"), "pk_test_YS5iYyQ=\n", pk("pk_test_", "https://clerk.example.com$"),
    pk("pk_live_", "Included-Hare-42.clerk.accounts.dev$"), "pk_test_***",
])

write("backend_error", [
    '422\n3\nray1\n{"errors":[{"code":"form_param_missing","message":"m","long_message":"l","meta":{"param_name":"x"}}],"clerk_trace_id":"t1"}',
    '429\n20\n\n{"errors":[]}',
    '200\n\n\n{"object":"user","id":"user_1"}',
    '200\n\n\n  \n',
    '502\nsoon\nray2\n<html>bad gateway sk_live_abc eyJhbGciOi.x.y</html>',
    '200\n\n\nnot json sk_test_123',
    '200\n\n\n{"n":1e999}',
])
