# certcentral-orders: `make demo` shows it working, `make test` is everything CI checks.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

NAME    := certcentral_orders
# The package's wasm is the binding crate's (wasm/: the core crate at the root and the JS
# bindings); wasm-bindgen names its files $(NAME) all the same.
# It is built with std rebuilt for panic=immediate-abort, which drops all panic
# formatting: measured 65.8 KB -> 57.5 KB gzip, and with std's optimize_for_size feature (its
# smaller formatting and searching code; no slower on the bench): -0.9 KB more. -Zbuild-std
# needs the rust-src component and, on a stable toolchain, RUSTC_BOOTSTRAP=1. -Zshare-generics:
# the binding crate uses the core crate's copies of generic code instead of making its own
# (measured with the split into two crates: 89,196 -> 88,444 bytes gzip -9; the one crate before
# the split was 88,898). Its own target
# dir keeps these flags from invalidating the cache of the ordinary builds and tests.
PKG_TARGET := target/pkg
# -Zlocation-detail=none: no file names in the wasm (a panic aborts at once, so nothing would
# print them; one std path was left in a data segment): -85 bytes gzip.
PKG_RUSTFLAGS := -Zunstable-options -Cpanic=immediate-abort -Zshare-generics=y -Zlocation-detail=none
WASM    := $(PKG_TARGET)/wasm32-unknown-unknown/release/certcentral_orders_wasm.wasm
# The validation-only wasm (certcentral-orders/validate): the same crates without the binding
# crate's `client` feature, so the same rules and no fetch, retry or lifecycle code. Its own
# target dir: a feature change would otherwise rebuild the other one each time.
PKG_VALIDATE_TARGET := target/pkg-validate
VALIDATE_WASM := $(PKG_VALIDATE_TARGET)/wasm32-unknown-unknown/release/certcentral_orders_wasm.wasm
SOURCES := $(shell find src wasm/src -name '*.rs' -o -name '*.js') Cargo.toml wasm/Cargo.toml Cargo.lock

.PHONY: pkg test demo bench profile bench-rules fuzz lint test-rust test-wasm test-js test-e2e test-fuzz clean

## pkg: build the npm package into pkg/
pkg: pkg/package.json

pkg/package.json: $(SOURCES) $(wildcard pkg-template/*) $(wildcard pkg-template/locales/*) $(wildcard scripts/*.mjs) package-lock.json Makefile
	@scripts/setup.sh rust node
	RUSTC_BOOTSTRAP=1 RUSTFLAGS="$(PKG_RUSTFLAGS)" \
		cargo build --release --lib -p certcentral-orders-wasm --target wasm32-unknown-unknown --target-dir $(PKG_TARGET) \
		-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size
	wasm-bindgen --target web    --out-dir build/web  --out-name $(NAME) $(WASM)
	wasm-bindgen --target nodejs --out-dir build/node --out-name $(NAME) $(WASM)
	RUSTC_BOOTSTRAP=1 RUSTFLAGS="$(PKG_RUSTFLAGS)" \
		cargo build --release --lib -p certcentral-orders-wasm --no-default-features --target wasm32-unknown-unknown --target-dir $(PKG_VALIDATE_TARGET) \
		-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size
	wasm-bindgen --target web --out-dir build/validate-web --out-name $(NAME)_validate $(VALIDATE_WASM)
	node scripts/build-pkg.mjs

## test: formatting, lints, native tests, wasm tests in Node and Chromium, JS tests of the packed package
test: lint test-rust test-wasm test-js test-e2e test-fuzz

# The crate as a Rust user builds it (no features: missing docs and dead code show there; the
# tests turn `__internals` on), then everything with the tests, natively and for wasm (the
# binding crate too), and the documentation without a warning.
lint:
	@scripts/setup.sh rust
	cargo fmt --all -- --check
	cargo fmt --manifest-path fuzz/Cargo.toml -- --check
	cargo clippy -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --all-targets -- -D warnings
	cargo clippy --workspace --all-targets --target wasm32-unknown-unknown -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps

# The native tests and doc tests (the README's Rust example among them), then the crate as
# crates.io would get it: `cargo package` lists what it ships and builds it from the package
# alone (--allow-dirty: before a commit too; CI's clone is clean anyway).
test-rust:
	cargo test -- --nocapture
	cargo package --allow-dirty

# Each wasm/tests/wasm_*.rs picks its host: wasm_node.rs runs in Node, wasm_browser.rs in headless
# Chromium (webdriver.json holds the flags). Never pass -q here: the runner rejects it.
test-wasm:
	@scripts/setup.sh rust chromium
	CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p certcentral-orders-wasm --test wasm_node --test wasm_browser -- --nocapture

test-js: pkg
	@scripts/setup.sh node chromium
	scripts/test-js.sh

## test-e2e: the demo portal in headless Chromium, against the same server make demo runs
test-e2e: pkg
	@scripts/setup.sh node chromium
	node --test --test-reporter=spec tests/e2e/

## test-fuzz: a smoke run of every cargo-fuzz target: 20,000 inputs each from a fixed seed, so
## every machine tries exactly the same inputs (120 s is only a cap)
test-fuzz:
	FUZZ_ARGS="-seed=1 -runs=20000" fuzz/run.sh 120

## fuzz: every cargo-fuzz target for FUZZ_SECONDS (default 120) each
fuzz:
	fuzz/run.sh $(or $(FUZZ_SECONDS),120)

## demo: the order portal: installs the packed package into www/ and serves it on 127.0.0.1 with
## a local CertCentral sandbox (Ctrl-C stops both)
demo: pkg
	@scripts/setup.sh node
	www/setup.sh --no-build
	node www/server.mjs

## bench: validateOrder vs ajv and zod, download size, start-up (BENCH_ARGS=--quick for a short run)
bench: pkg
	@scripts/setup.sh node
	node bench/bench.mjs $(BENCH_ARGS)

## profile: where a validateOrder call's time goes, by part, from V8's profiler (the package
## rebuilt into build/pkg-profile with the wasm's function names kept)
profile: pkg
	CC_PKG_DIR=build/pkg-profile CC_KEEP_NAMES=1 node scripts/build-pkg.mjs
	node bench/profile.mjs $(PROFILE_ARGS)

## bench-rules: the Rust rules alone, natively (run after `make bench` to compare with Node)
bench-rules:
	cargo bench --bench rules

clean:
	rm -rf pkg build tests/.scratch tests/consumers/node_modules target/wasm32-unknown-unknown target/pkg target/pkg-validate www/.pack www/node_modules
