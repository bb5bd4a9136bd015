//! Files generated from Rust and checked in (RULES.md, src/js/data.js, the locales' source list,
//! ...): each test makes the file's text and holds the checked-in copy to it, or, with its update
//! variable set, writes it.

/// Holds `file` (relative to the repository) equal to `want`, or writes it when the environment
/// variable `update` is set; `test` is the test binary that makes it (for the message).
pub fn check(file: &str, want: &str, update: &str, test: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    if std::env::var_os(update).is_some() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        }
        std::fs::write(&path, want).unwrap_or_else(|e| panic!("{file}: {e}"));
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{file} is stale: run `{update}=1 cargo test --test {test}` and commit it"
    );
}
