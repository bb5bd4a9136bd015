// The package's browser entry uses top-level await (the wasm is ready once imported), which
// needs an es2022 target.
export default { build: { target: 'es2022' } };
