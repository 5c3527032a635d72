# Sourced by every project script: tool paths and the offline overrides from TOOLCHAIN.md.
# Keeps builds away from GitHub; nothing here depends on the caller's shell.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="${HOME}/.cargo/bin:${root}/node_modules/.bin:${PATH}"
export WRANGLER_SEND_METRICS=false
export CLOUDFLARE_CF_FETCH_ENABLED=false
export WRANGLER_LOG_PATH="${root}/.wrangler/logs"
export DENO_NO_UPDATE_CHECK=1
export NO_UPDATE_NOTIFIER=1
# worker-build ignores PATH for these; point it at the installed / npm-provided binaries.
if command -v wasm-bindgen >/dev/null 2>&1; then
  WASM_BINDGEN_BIN="$(command -v wasm-bindgen)"
  export WASM_BINDGEN_BIN
fi
if [ -x "${root}/node_modules/binaryen/bin/wasm-opt" ]; then
  export WASM_OPT_BIN="${root}/node_modules/binaryen/bin/wasm-opt"
fi
if [ -x "${root}/node_modules/@esbuild/linux-x64/bin/esbuild" ]; then
  export ESBUILD_BIN="${root}/node_modules/@esbuild/linux-x64/bin/esbuild"
fi
