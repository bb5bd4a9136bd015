// Size budget: what a browser downloads for validation and the client (the wasm plus its JS),
// compressed with Node's zlib at level 9 (reproducible here; GNU gzip -9 packs the same files a
// little smaller, Brotli 11 ~15% smaller). Two measures, from the package as installed:
// - the files as shipped (a page that loads them unbundled, e.g. with an import map);
// - as a bundler ships them: the bundlers' entry (embedded.js, the wasm inside it as text) bundled
//   and minified by rolldown (vite's bundler); the same method bench/bench.mjs uses for ajv and zod.
// Set at the end of the size work (issue #6) from these measurements: files 63,298 bytes,
// bundled 60,850 (target: at most 60 KB = 61,440 bytes). The files were 77,199 before it.
// Growth past them needs a reason. The speed work that followed (this crate at opt-level "s",
// std at 2, orders and reports crossing as tapes with known keys: calls 1.6-2.7x faster) measured
// files 64,020 and bundled 61,271 after it had paid for most of its bytes (no JSON parser in the
// wasm, std's optimize_for_size): the files budget moved from 64,000 to 64,500; the bundled one,
// the target, stays. The start-up work after it (wasm-opt -ocimfs 30, the support JS
// inlined into the glue, fewer imports, the glue without its doc comments) brought the files to
// 61,797 and the bundle to 59,617: the files budget came down to 62,300 to keep that. The rule
// registry (a rule id on every issue, the rules as declarations, requiredWhen from them) measured
// files 63,598 (wasm +1,678, glue +109) and bundled 61,318 after keeping the declarations'
// documentation out of the wasm: the files budget moved to 63,700; the bundled one stays.
// Today's CertCentral rules (the dates table, DigiCert's caps beside the industry's, the
// Multi-year Plans and client-auth EKU rules, ignored fields) measured files 64,770 and bundled
// 62,490 (wasm +1,170): both budgets moved by that, to 64,800 and 62,500; the speed-and-size pass
// that follows the feature work is where the bundle goes back under 60 KB. The Secure Email
// family (three products, their field table with its help lines, nine rules and their messages)
// and the products' retirement data measured wasm +4,841 (files 69,611, bundled 67,331): the
// budgets moved to 69,700 and 67,400. The order lifecycle (nine client calls: order info and
// waiting with onStatus, downloads as bytes, the status-change and alternate-id lists, cancel,
// revoke, reissue with its rules, DCV checks; the rate budget; the recovery of an order whose
// answer was lost; the answers read by tables that keep unknown fields) measured wasm +19,135
// (files 89,143, bundled 86,780), after one promise state machine and one request loop for
// every call (-1.0 KB), no float formatting (-8 KB) and no new import signatures: the budgets
// moved to 89,200 and 86,800. The CSR inspector (the whole request read: the subject in six
// string types, the subjectAltName's DNS, e-mail and IP names, the signature algorithm, EdDSA
// and other curves told apart; `inspectCsr` and its JSON; five CSR rules) measured wasm +6,729
// (files 95,872, bundled 93,503), after IP addresses written without std::net's Display and the
// two names rules sharing one helper (-0.8 KB): the budgets moved to 95,900 and 93,600.
// orderSchema (the Standard Schema over validateOrder, and its JSON Schema made from
// orderFields in JS) measured glue +1,139 (files 97,017, bundled 94,444): the budgets moved to
// 97,100 and 94,500. Messages in the user's language (registerLocale, formatIssue and the
// `locale` option of validateOrder, orderFields, inspectCsr and orderSchema; the catalogs
// themselves are modules of their own, which an English page never loads) measured glue +1,257
// (files 98,296, bundled 95,390), and reading a catalog defensively (a getter that throws is no
// catalog) and a recommended field told from a required one +353 more (files 98,649, bundled
// 95,667): the budgets moved to 98,700 and 95,700. A page
// that only validates pays for all of it today; a validation-only entry with its own wasm is the
// next size pass's (issue #22's) to measure. Bundlers get the wasm inside the JS since issue #20
// (embedded.js: no top-level await and no .wasm asset, so Vite 6, esbuild, Rollup and a Node CJS
// bundle work with no configuration): measured on one wasm, bundled +1,083 (103,460 -> 104,543: the wasm as
// text gzips 367 bytes bigger than the .wasm, the decoder, and one gzip stream for the JS and the
// wasm's text instead of two), and files +9 (the glue's init() error where its default URL was,
// which web.js now passes): the bundled budget moved by that, to 96,800. Plain words from the
// package (issue #21: formatIssue's style "form", cleanValue and cleanOrder) measured on one wasm
// glue +4,125 (9,947 -> 14,072: the English form templates +2.7 KB, which English needs without
// loading a catalog, and their code +1.4 KB) and bundled +3,696 (100,981 -> 104,677): both
// budgets moved by that, to 102,900 and 100,500. The templates are a top-level constant of the
// glue that only formatIssue uses: a page bundled without formatIssue does not carry them (the
// last test below).
// Forms by product (issue #21: orderFields' control, autocomplete, prominent and value labels,
// the help that differs by product, and the validity presets, each found by validating an order
// that sets only it) measured wasm +4,170 (88,474 -> 92,644; files 107,127, bundled 104,725),
// after tables instead of string matches and presets' params without a BTreeMap (-3.5 KB): the
// budgets moved to 107,200 and 104,800. The validation-only page of issue #22 need not carry
// orderFields at all.
// The crate split (#20) measured files 106,725 on that wasm (-402 with -Zshare-generics). Then
// orderCertificate's onRetry (#21: a form says "busy, trying again in 2 s" while the client waits)
// measured files +510 (107,235) and bundled 104,907: the budgets moved to 107,300 and 105,000.
// Issue #22 asks for at most 45 KB (a page that only validates) and 60 KB (with the client).
// certcentral-orders/validate (validate.js: the binding crate built without its `client`
// feature, the same rules, its wasm inside) measured 69,293 bundled, against 104,918 for the
// whole package (-34 %); its budget is set at 69,400. What is left: the wasm is ~58 KB of it
// (the rules, the field tables with their help, orderFields, the CSR reader, the messages), the
// JS ~11 KB (the tape writer and report reader, the locales' resolver, the form templates).
// Neither target is met yet: the next step is the wasm itself (see the README's size section).
// The known keys as a constant (KNOWN_KEYS, written at compile time and generated into
// support.js, instead of made on the first call and sent to JS as text) measured files 107,454
// (wasm -164, glue +394), bundled 105,209 and the validation page 69,553: the first call in a
// fresh Node process 0.2 ms shorter (3.8 -> 3.6 ms, interleaved medians of 41). The budgets
// moved by that, to 107,500, 105,300 and 69,600. Dates written digit by digit instead of with
// `{:04}` and `{:02}` (a valid SSL order's two policy warnings: 11.5 -> 10.8 us a call) measured
// wasm +37: the files budget moved to 107,600. The order's CSR read once per order (not once per
// rule that reads it) and the wildcard rule skipping names without "*." measured wasm +52 and the
// validation page 69,645 for 2-3 % off the SSL and client orders: that budget moved to 69,700.
// The typo suggestion's edit distance computed in a band around the diagonal (the invalid SSL
// order 16.6 -> 15.5 us) and the field walk's messages written piece by piece instead of with
// `format!` (the three invalid orders 10-11 % faster: 15.5 -> 14.0, 11.1 -> 9.85, 15.5 -> 14.0
// us) measured together files 107,730 (+161), bundled 105,278 and the validation page 69,672:
// the files budget moved to 107,800.
// Then, each measured on its own (gzip of the wasm and the glue): the tape writer's buffer and
// position as arguments (valid orders 2-7 % faster; glue +77), the lifetime-cap and multi-year
// warnings written with Msg (the valid SSL order 10.2 -> 9.8 us; wasm +146), and the field rules'
// ids and the params' names sent by index (src/tape.rs, PARAM_NAMES: invalid orders 5-8 % faster,
// reportOf 1.87 -> 1.24 us for six issues; wasm +227, glue +232) measured files 108,375,
// bundled 105,911 and the validation page 70,253: the budgets moved to 108,400, 106,000 and
// 70,300.
// The tape writer's guard against a getter that validates another order mid-walk (both orders
// are then read step by step, never from a buffer the other rewrote) measured files 108,413
// (+38), bundled 105,936 and the validation page 70,281: the files budget moved to 108,500.
// The support code as declarations of the web glues' own module instead of one function scope
// (scripts/build-pkg.mjs, inlineSupportTop), so that a bundler drops what a page never reaches,
// measured a page importing only validateOrder from certcentral-orders/validate 67,614 -> 64,601
// (a new budget of 64,650, and a test that such a page carries no orderSchema, formatIssue,
// cleanOrder or error class), the same page from the main entry 103,201 -> 100,749, and, with
// no scope object to build, files 108,303, bundled 105,730 and the validation page 69,655: the
// budgets came down to 108,400, 105,800 and 69,700.
// The typo suggestion's edit distance setting aside the prefix the two names share (the invalid
// SSL order 12.9 -> 12.5 us) measured wasm +76 (validation) and +96 (whole): files 108,399,
// bundled 105,770, the validation page 69,723 and the page importing only validateOrder
// 64,691. The budgets moved to 108,500, 69,800 and 64,750, and the bundled one to 105,900 (30
// bytes above the measurement was less margin than a rebuild's variation).
// orderFields as data (src/js/data.js, generated from the field tables; each distinct field
// description once) instead of describing code in the wasm, its validity presets worked out in
// JS by validating each choice: the validation wasm 59,216 -> 51,708 and the whole one 93,251 ->
// 85,942, the main glue 14,807 -> 22,193 (the data, 5.3 KB, the labels and the presets' code). A page importing only
// validateOrder from certcentral-orders/validate 64,691 -> 58,444 (it carries the fields'
// labels, 1.3 KB, for localized reports, and no descriptions: the test below), the validation
// page 69,308, bundled 105,233, files 108,476 (+77: the main glue carries the data that its wasm
// no longer does). The budgets came down to 58,500, 69,400 and 105,300; the files one moved to
// 108,600 (the 24 bytes left under it were less than a rebuild's variation).
// products() as data too (src/js/data.js) and inspectCsr's details written by hand, so the
// validation wasm has no serde JSON writer: the validation wasm 51,708 -> 49,692, the whole one
// 85,942 -> 84,565; files 107,387, bundled 104,167, the validation page 67,574 and the page
// importing only validateOrder 56,658. The budgets came down to 107,500, 104,300, 67,700 and
// 56,750. The data without each description's path (its holder's and its name) and with each
// product's labelled paths as positions (src/js/data.js 55 -> 38 KB before gzip: less for Node to
// scan on import) measured files 106,645, bundled 103,403, the validation page 66,783 and the
// page importing only validateOrder 56,384: the budgets came down to 106,700, 103,500, 66,900
// and 56,450.
// The wasm's own allocator (wasm/src/alloc.rs: power-of-two blocks, a free list per size, in
// place of std's dlmalloc; no slower on the bench) measured the validation wasm 49,539 -> 46,860
// and the whole one 84,368 -> 81,609: files 103,889, bundled 100,494, the validation page
// 63,972 and the page importing only validateOrder 53,731. The budgets came down to 103,950,
// 100,600, 64,050 and 53,800. No build machine's path in the wasm (-Zlocation-detail=none) and
// two lists joined by the rules' own join instead of std's (an OID's arcs written digit by
// digit: no u64 Display either) measured the validation wasm 46,410 and the whole one 81,210:
// files 103,515, bundled 100,181, the validation page 63,601 and the page importing only
// validateOrder 53,353. The budgets came down to 103,600, 100,250, 63,700 and 53,400.
// Fewer generic instantiations: lists built by loops that push instead of iterator chains
// collected (each chain is a function of its own in the wasm: the CSR's names and e-mail
// addresses, a list field's strings, an issue's path, the organization's details, a directory
// string's characters, an IPv6 address's groups) measured the validation wasm 45,775 and the
// whole one 80,543: files 102,865, bundled 99,456, the validation page 62,863 and the page
// importing only validateOrder 52,675. The budgets came down to 102,950, 99,550, 62,950 and
// 52,750.
// No core::fmt in the validation wasm: messages written by one small function (`text!` and
// `fill` in src/report.rs: a template's `{}`s replaced by values that write themselves) instead
// of `format!`, and dates and numbers digit by digit, the words unchanged (a differential run
// of 40,000 orders against the previous package gave the same reports). The validation wasm
// 45,775 -> 44,120; the whole one, whose client still formats, 80,543 -> 80,548: files 102,885,
// bundled 99,441, the validation page 61,223 and the page importing only validateOrder 51,089.
// The budgets came down to 99,500, 61,300 and 51,150; the files one stays.
// The client's messages through the same function, and the JSON writer's integers digit by
// digit: no core::fmt in the whole wasm either, 80,548 -> 79,051: files 101,422, bundled 97,939,
// the validation page 61,187 and the page importing only validateOrder 51,048. The budgets came
// down to 101,500, 98,000, 61,250 and 51,100. The allocator's checks at the end of a 4 GiB
// memory (a loop instead of a recursion, sizes checked rather than wrapped) measured files
// 101,448, bundled 98,007 (+68, over its budget), the validation page 61,203 and the page
// importing only validateOrder 51,078: the budgets moved to 101,550, 98,100, 61,300 and 51,150,
// about 50-100 bytes above the measurements (less was less than a rebuild's variation).
// Integer bounds in the field tables as i32 (src/rules/mod.rs, Ty::Int; the values checked stay
// i64), so a field needs no 8-byte alignment (12 bytes less each): the validation wasm 44,158 ->
// 43,703, the whole one 79,084 -> 78,517; files 100,886, bundled 97,391, the validation page
// 60,776 and the page importing only validateOrder 50,647. The budgets came down to 100,950,
// 97,480, 60,850 and 50,720.
// No reader of JS values in either wasm: the package's JS writes every value as a tape, what
// JSON cannot carry and what throws marked where it is (src/js/support.js, putAny), so the
// wasm-bindgen validateOrder export and the client's step-by-step reader (wasm/src/host.rs)
// went: the validation wasm 43,703 -> 41,279, the whole one 78,517 -> 77,109, the glues about
// +0.5 KB; files 100,456, bundled 96,695, the validation page 58,717 and the page importing
// only validateOrder 48,636. The budgets came down to 100,530, 96,770, 58,790 and 48,710.
// The tape reader refusing an object that repeats a key (JS objects never do) instead of
// keeping the last value as JSON.parse does: the validation wasm 41,279 -> 40,738, the whole one
// 77,109 -> 76,586; files 99,919, bundled 96,080, the validation page 58,202 and the page
// importing only validateOrder 48,144. The budgets came down to 99,990, 96,150, 58,270 and
// 48,210.
// inspectCsr crossing as numbers too (support.js, fastInspect: the argument on a tape, the
// answer as a report's tape and its details' JSON text), so the validation wasm imports nothing
// from JS but the clock: its glue lost wasm-bindgen's string passing and exception handling.
// The validation wasm 40,738 -> 40,173, the whole one 76,586 -> 76,631; the validation page
// 58,202 -> 57,379 and the page importing only validateOrder 48,144 -> 47,052, but files 99,919
// -> 100,188 and bundled 96,080 -> 96,269 (fastInspect beside the client glue's own JS-value
// handling, which the client needs): those budgets moved to 100,260 and 96,340, the other two
// came down to 57,450 and 47,120. An order whose copy would pass 1 GiB reported as such (its
// own reason on the tape and message; it was reported as past the value limit) measured the
// validation wasm 40,219, the whole one 76,677; files 100,244, bundled 96,290, the validation
// page 57,398 and the page importing only validateOrder 47,085: the budgets moved to 100,320,
// 96,360, 57,470 and 47,150.
// The validation-only wasm without js-sys (the core's TypeScript declarations, tsify's, behind a
// feature only the client build turns on; the clock imported directly): js-sys's closure shims
// and wasm-bindgen's throw import went, the validation wasm 40,215 -> 39,949 and the page
// importing only validateOrder 47,045 -> 46,621. The labels a localized report names fields by
// asked of the wasm (src/rules/describe.rs, write_labels; support.js, fastLabels) instead of
// carried as data (FIELD_LABELS and FIELD_PATHS, 1.4 KB gzip alone): the wasm walk costs 0.9 KB
// of each wasm, so the page importing only validateOrder 46,621 -> 46,454 and every export of
// /validate 57,004 -> 56,940; files 100,245 and bundled 96,320. The budgets came down to 57,010
// and 46,520; the other two stay.
// The known keys' text read from the wasm on the first call (src/rules/mod.rs, KNOWN_KEYS_TEXT,
// made at compile time) instead of carried as a constant of the JS: the wasm +227 (its gzip
// finds most of the names in the field tables), the page importing only validateOrder 46,454 ->
// 46,162, every export of /validate 56,940 -> 56,888, files 100,021, bundled 96,195. The
// budgets came down to 100,100, 96,260, 56,950 and 46,230.
// formatIssue's labels for fields no product lists made with the label rule's own words, generated
// from Rust (NAMED_LABELS and LABEL_ACRONYMS; it had a copy of the acronyms and none of the named
// labels, so "zip" read "Zip" where orderFields says "Postal code"): files 100,163, bundled
// 96,291 and every export of /validate 56,982 (+83; the page that never imports formatIssue is
// unchanged). The budgets moved to 100,200, 96,330 and 57,020.
// inspectTape and labelsTape reading their text argument through one helper (text_call) measured
// the page importing only validateOrder 46,108, every export of /validate 56,934, bundled 96,286
// and files 100,116; the budgets stay.
// field.required's message without the field's form help ("certificate is required." and, for a
// closed set, its values; the help stays orderFields'), so the wasm's field tables carry no help
// text: the validation wasm 41,047 -> 39,083, the whole one 78,082 -> 76,091; the page importing
// only validateOrder 46,108 -> 44,366, every export of /validate 56,934 -> 55,040, bundled
// 96,286 -> 94,373, files 100,116 -> 98,125. The budgets came down to 98,250, 94,480, 55,150
// and 44,460 (the pass's target for a page that only validates is 45,000).
// The rules' requirements (what orderFields shows as `requiredWhen`) left out of the wasm's
// copy of the rules' descriptions too (src/rules/registry.rs, Rule::described: the walker reads
// only which fields a rule hides there): the validation wasm 39,083 -> 38,753, the whole one
// 76,091 -> 75,741; the page importing only validateOrder 44,366 -> 44,034, every export of
// /validate 55,040 -> 54,736, bundled 94,373 -> 94,045, files 98,125 -> 97,802. The budgets came
// down to 97,870, 94,110, 54,800 and 44,100.
// field.required's message for a set of one value says the value ("is required: sha256.", not
// "one of sha256."): files 97,837, bundled 94,092 (+47), every export of /validate 54,738, the
// page importing only validateOrder 44,023. The first two budgets moved to 97,900 and 94,150.
// formatIssue's label for a field no product lists asked of the wasm (labelTape: the label rule
// written once, in Rust, instead of again in support.js with its words generated), and the
// three text calls sharing one copy of text_call (a function pointer, not a generic): files
// 97,634, bundled 93,917, every export of /validate 54,583, the page importing only
// validateOrder 44,013. The budgets came down to 97,700, 93,980, 54,650 and 44,080.
// The registered locales shared by every entry of the package's version in a realm (a global
// keyed by the version: in a browser the main entry and /validate, which the react-hook-form
// resolver now uses, each kept a registry of their own): files 97,716 (+82), bundled 93,959,
// every export of /validate 54,638, the page importing only validateOrder 44,044. The files
// budget moved to 97,750.
// CertCentralClient refusing a baseUrl that is neither an http(s) URL nor a path (every request
// failed on it as a network error, after its retries) and naming the argument it could not read
// (a rate limit's entry, a download's target): the whole wasm +342 bytes with str's
// case-insensitive comparison and split, +142 checked byte by byte: files 97,858, bundled
// 94,064. The budgets moved to 97,900 and 94,100.
// A network error's message keeps what fetch said of why (Node names the cause: "connect
// ECONNREFUSED 127.0.0.1:443", "getaddrinfo ENOTFOUND ...", a TLS certificate refused by a
// proxy; before, every such failure read the same): the whole wasm +214, its glue +96 (support.js
// failureOf and a string result), files 98,168, bundled 94,340 (a JsValue result read with
// as_string instead was bigger still). The budgets moved to 98,200 and 94,380.
// A translated report names a format by the catalog's phrase for it ("un nombre de dominio,
// como example.com"), not by its id (dns_name): every export of /validate 54,667, the page
// importing only validateOrder 44,074 (+30). The budgets moved to 54,700 and 44,100.
// The baseUrl check refusing a backslash anywhere (a browser reads "/\host" as another host,
// which would get the key) and an http(s) URL whose host is missing ("https://?x"): files
// 98,277 (+109), bundled 94,471. The budgets moved to 98,300 and 94,500.
// A freed CertCentralClient's methods rejecting with a TypeError that says so (the glue's class
// guarded by the build; wasm-bindgen's glue threw "null pointer passed to rust"), and a second
// free() doing nothing: files 98,354 (+77), bundled 94,532. The budgets moved to 98,400 and
// 94,550.
// The page with the client, measured by make bench until then, got its own budget: 83,545
// bytes, budget 83,600.
// A network error's reason passed whole (not cut to 200 characters before the key was redacted:
// a key straddling the cut left its first part): files 98,356, bundled 94,536. One
// CertCentralError class per realm (bundled, the main entry's errors were not instances of
// /validate's class), and its fields empty when a test double leaves them out: files 98,417
// (+61), bundled 94,567, every export of /validate 54,700 (+33: the class is pure, the page
// importing only validateOrder is unchanged), the page with the client 83,566. The budgets moved
// to 98,450, 94,600 and 54,750.
// Text from the order shown safely (src/report.rs, push_shown: a value, a key the order made up
// and a CSR's names, in a message or a field's name, cut to 60 characters and every control
// character written as \u{..}, so an order cannot add a line to a log, colour or clear a
// terminal or turn the text around; a 10 MB key made a 10 MB message) and a hand-built Value
// nested past 32 levels reported instead of walked: validation wasm +326 (the guard +25), the
// page importing only validateOrder 44,387 (+313; matching the controls on their bytes rather
// than decoding characters, and reusing the existing character count, took it from +560), every
// export of /validate 54,967, files 98,718, bundled 94,878, the page with the client 83,938. The
// budgets moved to 44,400, 55,000, 98,750, 94,900 and 83,950.
// Date arithmetic kept within 0001-01-01 and 9999-12-31 (a count past them overflowed, or made
// 10000-01-01), a retry's jitter that is not a number counted as 0 (NaN retried at once) and an
// unknown order status redacted like the rest of an error: the page importing only
// validateOrder 44,430 (+43; the bounds as constants, not computed, took it from +95), every
// export of /validate 55,013, files 98,796, bundled 94,944, the page with the client 84,082.
// The budgets moved to 44,450, 55,050, 98,800, 94,950 and 84,100.
// A review's findings on the text shown: code signing's ship_info warning quoted the
// provisioning method raw, the words for a value JSON cannot carry (an object's own
// Symbol.toStringTag) went into messages raw, and U+061C (a bidi mark) was not escaped; a
// CertCentralError's fields stay empty when a test double passes undefined: the page importing
// only validateOrder 44,513 (+83), every export of /validate 55,089, files 98,890, bundled
// 95,003, the page with the client 84,166. The budgets moved to 44,550, 55,100, 98,900, 95,050
// and 84,200.
// A 429 without Retry-After waited out for the shortest rate window (CertCentral's own 429
// names no wait; the backoff's retries were refused again while another process on the key
// held the window full): files 99,010 (+120), bundled 95,116, the page with the client 84,333.
// The budgets moved to 99,050, 95,150 and 84,350.
// Printable ASCII within the limit shown without the full scan (every message passes its path
// through push_shown: the invalid orders' calls were 7-9 % slower than before the safe display,
// now 1-2 %, in interleaved runs against the package before it): the page importing only
// validateOrder 44,566 (+53), every export of /validate 55,115, files 99,029, bundled 95,151,
// the page with the client 84,367. The budgets moved to 44,600, 55,150, 95,200 and 84,400.
// The 429 wait's condition moved from the request loop into the policy (refusal_wait, natively
// tested) and Date's bounds derived from Date::MIN and Date::MAX: files 99,080 (+51; the whole
// wasm compresses a little worse), bundled 95,138 (-13), the page with the client 84,361. The
// files budget moved to 99,100.
// Fixes from reviews of the rules against the spec and of the client: TLS orders are plans of up
// to 3 years (the end-date check shared with code signing's), automatic renewal on a card
// warned of, a CSR's names read up to 1,000 and a warning listing ten of them (a pasted CSR of
// thousands of names cost 0.28 s a call): the validation wasm 39,230 -> 39,601, the page
// importing only validateOrder 44,918 (+352, of which the auto-renewal warning ~200; its
// closure-free end-date message took the first cut down from +508), every export of /validate
// 55,484. The client's share (whole wasm 76,801 -> 78,497): what a call that may have been
// applied says (an order, a reissue, a cancellation, a revocation), neither of the last two
// repeated after an unknown outcome, a 503 counted as one, a Retry-After over a minute ending
// the call with the wait named, a wait's later polls bounded by its deadline and its errors
// redacted, headers, key and baseUrl checked when the client is made, a reissue's key checked,
// a callback's rejected promise ignored, a 201 too big to read looked up, a redirect answered
// as such and not followed (the key would go with it): files 101,022, bundled 97,306, the page
// with the client 86,362. The budgets moved to 101,050, 97,350, 55,520, 44,950 and 86,400.
// A lost order found again only as the newest order under its alternative_order_id that can
// still be issued (an old canceled one was taken for it), and a download whose body is not what
// its format documents (a login page answered with 200 as a pem_all or a zip) refused: the whole
// wasm +418, files 101,440, bundled 97,750, the page with the client 86,804. The budgets moved
// to 101,500, 97,800 and 86,850.
// Secure Email's root validity_years and custom_expiration_date (as other clients send them)
// held to the 824-day cap, and client_auth under the default Strict profile warned of, with
// three messages made shorter to pay for them: the page importing only validateOrder 44,968
// (+50; still under #22's 45,000), every export of /validate 55,556. The budgets moved to
// 44,990 and 55,600.
// A TLS plan written as one order_validity object (changes-2025-2026.md §1, firm: DigiCert's
// current form, which validateOrder refused with validity_years "required"), the first
// certificate's certificate.cert_validity held to DigiCert's cap in force, and a warning where
// both forms of the plan are given: three rules, six fields. After sharing the plan's reading
// with code signing (one plan_lifetime, one conflict helper, one cap message for plans and
// certificates: -0.3 KB), the validation wasm +434, the page importing only validateOrder
// 45,368 (+400: over #22's 45,000 by 368, under 45 KiB), every export of /validate 56,268 (+712,
// the English form messages of the three rules with it), files 102,145, bundled 98,404, the page
// with the client 87,169. The budgets moved to 45,400, 56,300, 102,200, 98,450 and 87,200.
// products()' supersededBy (the flex product DigiCert sells in a Secure Site product's place)
// and the client's body written from the value the rules checked (JSON.stringify's \b and \f
// with it): every export of /validate 56,321, the page importing only validateOrder 45,384
// (+16). The /validate budget moved to 56,350.
// Fixes from a review of those: a certificate's end date more than a year out held to the cap
// (plan_lifetime bounded it by the one year cert_validity.years allows), the firm 199-day cap
// kept in force under the likely 99 days (firm_in_force: one loop of the dates table for both),
// and 250 dns_names beside another common name refused as the 251 names they are
// (ssl.names.count, now that the 250th entry is taken): the page importing only validateOrder
// 45,684 (+300), every export of /validate 56,732, files 102,531, bundled 98,747, the page with
// the client 87,438. The budgets moved to 45,700, 56,750, 102,550, 98,800 and 87,450.
// Then a plan's end date looked up before its bound is worked out (a call 1-3 % faster on the
// orders without one): the page importing only validateOrder 45,696, every export of /validate
// 56,766, files 102,546, bundled 98,768, the page with the client 87,447. The budgets moved to
// 45,720, 56,800, 102,600 and 87,500.
// A read-through (the plan's field lists written once, one DNS-name comparison, a plan's date
// passed as its path and reader): 45,619, 56,663, files 102,517, bundled 98,687, the client's
// page 87,358; the budgets stay.
// Then inspectCsr's details written straight from the CSR the reader cached (csr::inspect_into)
// instead of through a CsrInfo copy of every name (-440 on the validation wasm alone), the known
// keys handed to JS joined from the list the tape reader uses instead of a second copy of the
// names (-126), IPv6 text and dotted OIDs written without a list of groups or arcs (-195), and a
// subject attribute's text moved into its slot instead of cloned at five places (-119): the
// validation wasm 40,408 -> 39,522, the page importing only validateOrder 45,619 -> 44,866 (under
// #22's 45,000 again), every export of /validate 56,663 -> 55,786; the whole wasm 79,738 ->
// 78,893, files 101,673, bundled 97,843, the page with the client 87,358 -> 86,501. The budgets
// came down to 44,900, 55,820, 101,700, 97,880 and 86,530.
// A process's first validateOrder made by a getter while the client walks an order (its glue
// shared with the client: CommonJS, bundles) threw a TypeError; the layout is now asked for
// there too: +16 on the page importing only validateOrder (44,882), every export of /validate
// 55,804, files 101,693, bundled 97,870, the page with the client 86,517. The budgets stay.
// A read-through (check_plan_end without a result nobody read, inspect_into's unreadable text
// and non-text sharing one path): 44,837, 55,761, files 101,635, bundled 97,846, the client's
// page 86,499; the budgets stay.
// waitForIssuance's statusChanges (many waits share one status-change request per interval, and
// bulk --wait uses it: what the lists told, the request when one is due, the option): the whole
// wasm 78,591 -> 79,629 after its request's state machine was boxed out of the wait's (-81);
// then fixes from its review (the list given up with the wait that sent it, a failed list not
// breaking the run, waits reading again, once in two intervals, when no list came, a clock set
// back seen, no reach back past ten minutes, the list bounded by its wait's deadline): 79,916,
// files 102,976, bundled 99,220, the page with the client 87,927. The budgets moved to 103,050,
// 99,280 and 87,990. A read-through (the list's failures classified in the tested core, not
// in the request loop): 79,877, files 102,938, bundled 99,200, the page with the client 87,917. The validation wasm's functions are the same, byte for byte by name; its
// layout moved the page importing only validateOrder to 44,852 and every export of /validate
// to 55,773, under their budgets.
// An order never sent twice: after a POST whose outcome is unknown the client looks the order
// up at the retries' times instead of sending it again (CertCentral may create it late); a
// lookup's answer of another shape refused rather than read as "none"; a signal checked as a
// genuine AbortSignal and read through the platform's getter and methods (one that only passes
// instanceof, or a Proxy whose traps throw, crashed a Node process); rateLimits read by index,
// not iterated: the page with the client 87,917 -> 88,228, files 103,277, bundled 99,534. The
// budgets moved to 103,350, 99,610 and 88,300. The validation wasm is untouched.
// orderSchema's JSON Schema errors with a bounded message for any target and product (an
// unknown product's whole text, a BigInt's or a cycle's JSON.stringify threw): every export of
// /validate 55,773 -> 55,791, files 103,309, bundled 99,556; the budgets stay.
// Fixes from a second review: an error's sentences joined with a period, a 5xx too big to read
// taken as an unknown outcome (looked up), no second "look it up" after a 2xx too big to read:
// the whole wasm 80,100 -> 80,134, and the page with the client 88,228 -> 88,376 (the wasm
// inside it as base64 compresses the shifted layout less well), files 103,349, bundled 99,679.
// The budgets moved to 103,420, 99,750 and 88,450. A read-through (a 2xx too big to read told
// to the lookups as a flag, not found again in the error's text): the whole wasm 80,162, the
// page with the client 88,394, files 103,365, bundled 99,702; the budgets stay.
// certcentral-orders/web called before init() says so (one check where the first call asks the
// wasm for its layout): the validateOrder-only page 44,852 -> 44,885, every export of /validate
// 55,819, within their budgets. A client method called detached or on another object rejects
// with a TypeError that says how to call it (the freed client's guard, its message longer): the
// page with the client 88,422 -> 88,460, files 103,438, bundled 99,759. The budgets moved to
// 103,480, 99,800 and 88,500. Form-style messages that say which kind of value a field takes
// ("must be a whole number", through each catalog's words), how an internationalized domain name
// is written, and a server platform's ID instead of a list no form has: the English templates
// and words the glue carries, every export of /validate 55,819 -> 55,907, files 103,530, bundled
// 99,839 (a page with validateOrder alone carries none of it: 44,885). The budgets moved to
// 103,560, 99,860 and 55,930. Then a review's fixes: cleanOrder and formatIssue of /web before
// init() say so too (they answered silently), a field.type message without an `expected` still
// a sentence, and a client method called on a copy of a client (its pointer kept after free())
// rejected like a detached one (instanceof): every export of /validate 55,967, files 103,616,
// bundled 99,896, the page with the client 88,462. The budgets moved to 103,640, 99,920 and
// 55,990. A read-through (the signal getter looked up in one place): the page with the client
// 88,470, files 103,629, bundled 99,905; the budgets stay. The bundlers' entries and browser.js
// list Node's exports instead of `export *` (which passed on the glue's initSync, untyped), and
// browser.js ships without its comments: files 103,510, bundled 99,895, every export of /validate
// 55,957; the budgets stay. An emptied list row in form style reads "is required" (+27 on each
// page with formatIssue): files 103,537, bundled 99,920, every export of /validate 55,984.
// A type error in a catalog's language says its kinds in that language ("se esperaba un número
// entero", "an integer" before): the words for the four kinds a value can be besides those
// (null, a boolean, a number, an array) and their lookup in validateOrder's messages measured
// the page importing only validateOrder 44,903 (+18; the goal, 45,000, still met),
// every export of /validate 56,026 (+42), bundled 99,958 (+38), files 103,595 (+58), the page
// with the client 88,485 (+15). The budgets moved to 44,920, 56,030 and 99,960. The client
// refuses an API key with a plain-http base URL to another machine, where the key would cross
// the network in clear (the command line already did; the check shares is_base_url's walk of
// the URL): files 103,777 (+182), bundled 100,110 (+152), the page with the client 88,649
// (+164). The budgets moved to 103,780, 100,120 and 88,650. A CertCentralError says whether the
// failed call may have changed something (`outcomeUnknown`, set where the client's messages say
// so), and an order's 201 that cannot be read is looked up by its alternative id as a lost
// answer is (it was created; before, a caller that tried again placed it twice): the page with
// the client 88,985 (+336; a first version, with the order read once into an answer of its own
// type, +432), bundled 100,463, files 104,202, every export of /validate 56,042 (+16: the error
// class's default). The budgets moved to 89,000, 100,470, 104,210 and 56,050. A read-through
// (an order's lookup takes its alternative id from the match that decides it; an unreadable
// body too big to read and one that does not decode marked by one function): the page with the
// client 88,885, bundled 100,336, files 104,198; the budgets stay. A request that never left
// (Node's fetch names a cause that failed while connecting: a refused connection, a name that
// did not resolve) is retried whatever the call and is no longer "may have been created"
// (support.js unsent, Outcome::Unsent), and CertCentralClient refuses an option of another
// name (a misspelt `apikey` sent every request without the key): the whole wasm +290 (+160 and
// +128; a first version that suggested the option meant, through the rules' `closest`, took a
// second copy of the edit distance and cost +770), the page with the client 89,375 (+490),
// bundled 100,845, files 104,600. The JSON Schema's anyOf alternatives name their required
// fields in `properties` (ajv's strict mode refused them): every export of /validate 56,063
// (+21). The budgets moved to 89,375, 100,845, 104,600 and 56,063. An order whose lookups
// after an unknown outcome never left says so without their "not sent", which read as the
// order's: the page with the client 89,381, bundled 100,848, files 104,654. The budgets moved
// there. A call aborted while under way keeps outcomeUnknown true (the retry step's setting of
// it overwrote an abort's): the page with the client 89,388, bundled 100,851, files 104,660. The
// budgets moved there. An abort while waiting to try again (after a 429 or a refused
// connection, which applied nothing) says nothing was applied: the page with the client 89,365,
// bundled 100,837, files 104,655; the budgets stay. The list of an order's reissues
// (`listReissues`, lifecycle.md §8: the command line tells its own pending reissue from another's
// by it), after the calls' boolean options were read by one helper: the page with the client
// 89,775 (+410), bundled 101,230, files 104,994. The budgets moved there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { app } from './helpers.mjs';

const FILES_BUDGET = 104_994;
const BUNDLED_BUDGET = 101_230;
const VALIDATE_BUDGET = 56_063;
const VALIDATE_ONLY_BUDGET = 44_920;
const CLIENT_PAGE_BUDGET = 89_775;
const FILES = ['certcentral_orders_bg.wasm', 'certcentral_orders.js', 'browser.js'];
const dir = join(app, 'node_modules', 'certcentral-orders');
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const bundleOpts = { platform: 'browser', write: false, output: { minify: true, format: 'esm' }, logLevel: 'silent' };
/** `input` bundled and minified by rolldown (vite's bundler), as a portal's build ships it. */
async function bundle(input) {
  const { build } = await import('rolldown');
  const out = await build({ input, ...bundleOpts });
  return out.output.filter((c) => c.type === 'chunk').map((c) => c.code).join('');
}
/** A page of the scratch app (`file`, its `code`), bundled. */
async function bundlePage(file, code) {
  const page = join(app, 'size-pages');
  mkdirSync(page, { recursive: true });
  writeFileSync(join(page, file), code);
  return bundle(join(page, file));
}
/** Text of an English form template between its first two placeholders: it survives minifying. */
const formSample = (form, rule) => form[rule].split('{')[1].split('}')[1].trim().slice(0, 20);

test(`size: the browser files (wasm + JS, zlib level 9) stay within ${FILES_BUDGET} bytes`, () => {
  const sizes = Object.fromEntries(FILES.map((f) => [f, gz(readFileSync(join(dir, f)))]));
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  console.log(`browser files, zlib level 9: ${total} bytes`, sizes);
  assert.ok(total <= FILES_BUDGET, `${total} bytes > budget ${FILES_BUDGET}: ${JSON.stringify(sizes)}`);
});

test(`size: bundled and minified (rolldown), the wasm inside, stays within ${BUNDLED_BUDGET} bytes`, async () => {
  const js = await bundle(join(dir, 'embedded.js'));
  // The bundle must really hold the glue (not an empty chunk that would pass any budget).
  assert.match(js, /validateOrder/);
  assert.match(js, /orderToTape|CertCentralError/);
  // ...and the wasm (its text is most of the bundle).
  assert.ok(js.length > readFileSync(join(dir, 'certcentral_orders_bg.wasm')).length, 'the bundle holds the wasm');
  const sizes = { js: gz(Buffer.from(js)) };
  const total = sizes.js;
  console.log(`bundled, zlib level 9: ${total} bytes`, sizes);
  assert.ok(total <= BUNDLED_BUDGET, `${total} bytes > budget ${BUNDLED_BUDGET}: ${JSON.stringify(sizes)}`);
});

test(`size: certcentral-orders/validate bundled and minified (rolldown), its wasm inside, stays within ${VALIDATE_BUDGET} bytes`, async () => {
  const js = await bundle(join(dir, 'validate.js'));
  // It validates (the glue and its fast path into the wasm are there) and holds no client.
  assert.match(js, /validateOrder/);
  assert.match(js, /validateTape/);
  assert.doesNotMatch(js, /CertCentralClient/);
  const total = gz(Buffer.from(js));
  console.log(`certcentral-orders/validate bundled, zlib level 9: ${total} bytes`);
  assert.ok(total <= VALIDATE_BUDGET, `${total} bytes > budget ${VALIDATE_BUDGET}`);
});

// The support code is declarations of the web glues' own module (scripts/build-pkg.mjs,
// inlineSupportTop), so a bundler keeps only what a page reaches: a page that imports just
// validateOrder from certcentral-orders/validate carries neither orderSchema's JSON Schema nor
// formatIssue's form messages nor the client's error class nor orderFields' descriptions, and
// weighs that much less.
test(`size: a page importing only validateOrder from certcentral-orders/validate stays within ${VALIDATE_ONLY_BUDGET} bytes and carries nothing else`, async () => {
  const only = await bundlePage('validate-only.mjs', "import { validateOrder } from 'certcentral-orders/validate';\nconsole.log(validateOrder('ssl_securesite', {}));\n");
  const every = await bundlePage('validate-every.mjs', "import * as api from 'certcentral-orders/validate';\nglobalThis.api = api;\n");
  for (const js of [only, every]) {
    assert.match(js, /validateTape/, 'the page holds the glue');
    assert.ok(js.length > readFileSync(join(dir, 'certcentral_orders_validate_bg.wasm')).length, 'the bundle holds the wasm');
  }
  // Text that survives minifying (string and regex literals), one sample of each part's code.
  const englishForm = (await import(join(dir, 'locales', 'en.js'))).default.form;
  // A person's words for a code the API takes (provisioning method ship_token): only in orderFields' data.
  const { orderFields } = await import(join(dir, 'node.mjs'));
  const valueLabel = orderFields('code_signing_ev').find((f) => f.path === 'cs_provisioning_method').allowedLabels[0];
  for (const [what, text] of [
    ["orderFields' descriptions", valueLabel],
    ["orderSchema's JSON Schema", 'json-schema.org'],
    ["formatIssue's form messages", formSample(englishForm, 'ssl.validity.multi_year_plan')],
    ["cleanOrder's and cleanValue's code", 'mailto:'],
    ['the error class', 'CertCentralError'],
  ]) {
    assert.ok(text.length >= 7, `${what}: a sample of at least 7 characters (${JSON.stringify(text)})`);
    assert.ok(every.includes(text), `a page importing every export carries ${what} (${JSON.stringify(text)})`);
    assert.ok(!only.includes(text), `the page carries ${what} (${JSON.stringify(text)})`);
  }
  const total = gz(Buffer.from(only));
  console.log(`a page importing only validateOrder from certcentral-orders/validate, zlib level 9: ${total} bytes`);
  assert.ok(total <= VALIDATE_ONLY_BUDGET, `${total} bytes > budget ${VALIDATE_ONLY_BUDGET}`);
});

// Issue #22's second kind of page: one that validates and places orders (the page make bench
// measures). Its goal (60 KB) is not met while the client is Rust in the wasm (the README's
// "Download size" gives the measured floor); the budget was set at 83,600 when the page was
// 83,545 bytes, to hold it there, and moved since as the header above says.
test(`size: a page importing validateOrder and CertCentralClient stays within ${CLIENT_PAGE_BUDGET} bytes`, async () => {
  const js = await bundlePage('client-page.mjs', "import { validateOrder, CertCentralClient } from 'certcentral-orders';\nglobalThis.api = { validateOrder, CertCentralClient };\n");
  // The page really holds the client and the whole wasm (its text is most of the bundle).
  assert.match(js, /CertCentralClient/);
  assert.match(js, /validateTape/);
  assert.ok(js.length > readFileSync(join(dir, 'certcentral_orders_bg.wasm')).length, 'the bundle holds the wasm');
  const total = gz(Buffer.from(js));
  console.log(`a page importing validateOrder and CertCentralClient, zlib level 9: ${total} bytes`);
  assert.ok(total <= CLIENT_PAGE_BUDGET, `${total} bytes > budget ${CLIENT_PAGE_BUDGET}`);
});

// orderFields' help and `requiredWhen` are the package's JS data (src/js/data.js, generated from
// the field tables and the rules): no message quotes them, so neither wasm carries them
// (src/rules/mod.rs, Field::new; src/rules/registry.rs, Rule::described), and a page that only
// validates downloads none of them.
test('size: neither wasm carries the form help or the requiredWhen of orderFields', async () => {
  const { orderFields, products } = await import(join(dir, 'node.mjs'));
  const help = new Set();
  const walk = (fields) => {
    for (const f of fields ?? []) {
      if (f.help.length >= 20) help.add(f.help);
      // Each rule's phrase (a field two rules require joins theirs with ", or "); not the
      // shortest, "for a new organization", which a message says too.
      for (const when of f.requiredWhen?.split(', or ') ?? []) if (when.length >= 30) help.add(when);
      walk(f.fields);
      if (f.items) walk([f.items]);
    }
  };
  for (const { id } of products()) walk(orderFields(id));
  assert.ok(help.size > 50, `orderFields gives help texts (${help.size})`);
  for (const file of ['certcentral_orders_validate_bg.wasm', 'certcentral_orders_bg.wasm']) {
    const wasm = readFileSync(join(dir, file));
    for (const text of help) assert.ok(!wasm.includes(Buffer.from(text)), `${file} holds ${JSON.stringify(text)}`);
  }
});

// The English form-style messages (src/js/form-en.js) are formatIssue's alone: a bundler drops
// them from a page that never imports formatIssue, and keeps them for one that does.
test('size: a page bundled without formatIssue carries no English form templates', async () => {
  const englishForm = (await import(join(dir, 'locales', 'en.js'))).default.form;
  const sample = ['field.deprecated', 'ssl.validity.multi_year_plan'].map((rule) => formSample(englishForm, rule));
  const validates = await bundlePage('validates.js', "import { validateOrder, orderFields, cleanOrder } from 'certcentral-orders';\nconsole.log(validateOrder('ssl_securesite', {}), orderFields('ssl_securesite'), cleanOrder('ssl_securesite', {}));\n");
  const formats = await bundlePage('formats.js', "import { formatIssue } from 'certcentral-orders';\nconsole.log(formatIssue({ rule: 'field.required', message: 'm' }, { style: 'form' }));\n");
  assert.match(validates, /validateTape|orderToTape/, 'the page holds the glue');
  for (const phrase of sample) {
    assert.ok(phrase.length > 10, phrase);
    assert.ok(formats.includes(phrase), `a page with formatIssue has "${phrase}"`);
    assert.ok(!validates.includes(phrase), `a page without formatIssue has "${phrase}"`);
  }
});
