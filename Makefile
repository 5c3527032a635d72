# clerk-edge — the README's commands. Every target installs what it needs first (idempotent).
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help setup build build-js build-worker run test bench bench-soak fuzz fuzz-smoke clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

setup: ## install the toolchain pieces (rust target, cargo tools, node_modules) if missing
	@bash scripts/setup.sh

build: setup build-js build-worker ## build the npm package into js/ and the Worker into build/

build-js: setup ## build the npm package (js/pkg) with wasm-pack
	@bash scripts/build-js.sh

build-worker: setup ## build the guard Worker (build/) with worker-build
	@bash scripts/build-worker.sh

run: setup ## run the guard Worker in workerd on the demo config (Ctrl-C stops everything)
	@bash scripts/run-demo.sh

test: setup ## run every test: lints, native, wasm, JS in Node/Deno/edge-runtime/workerd, Worker e2e
	@bash scripts/test.sh

bench: build ## run the benchmarks (ratios vs @clerk/backend and jose)
	@bash scripts/bench.sh

bench-soak: build-worker ## load soak of the guard (wrk, 100 connections, 60 s; BENCH_SOAK_DURATION/_CONNECTIONS)
	@bash scripts/bench-soak.sh

fuzz: ## run every cargo-fuzz target for FUZZ_SECONDS (default 60) each; installs cargo-fuzz (nightly only for FUZZ_SANITIZER=address)
	@bash scripts/fuzz.sh

fuzz-smoke: ## a short fuzz run: every target for FUZZ_SECONDS (default 5) each
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-5} bash scripts/fuzz.sh

clean: ## remove build outputs (keeps installed tools and node_modules)
	rm -rf target build js/pkg .wrangler fuzz/target
