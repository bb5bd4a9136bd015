//! No arrow back up: the crate's modules depend on each other in one direction only (models and
//! reports at the bottom, then the rules, then the tape and transport; the binding crate's above
//! them all), with no import cycles. Read from the sources: every `crate::<module>` a module's
//! code (not its comments nor its `#[cfg(test)]` module) names.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The top-level modules, each with the files that make it up.
fn modules() -> BTreeMap<String, Vec<std::path::PathBuf>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out: BTreeMap<String, Vec<std::path::PathBuf>> = BTreeMap::new();
    for entry in std::fs::read_dir(&src).expect("src/") {
        let path = entry.expect("an entry").path();
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        if path.is_dir() {
            let files = std::fs::read_dir(&path)
                .expect("a module directory")
                .map(|e| e.expect("an entry").path())
                .filter(|p| p.extension().is_some_and(|e| e == "rs"))
                .collect::<Vec<_>>();
            if !files.is_empty() {
                out.insert(name, files);
            }
        } else if path.extension().is_some_and(|e| e == "rs") && name != "lib" {
            out.entry(name).or_default().push(path);
        }
    }
    out
}

/// The modules a file's code names as `crate::<module>`.
fn uses(file: &Path, names: &BTreeSet<String>) -> BTreeSet<String> {
    let text = std::fs::read_to_string(file).expect("a source file");
    // The unit tests at the end of a file may use anything.
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    let mut out = BTreeSet::new();
    for line in code.lines().map(str::trim).filter(|l| !l.starts_with("//")) {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if names.contains(&name) {
                out.insert(name);
            }
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    modules
        .iter()
        .map(|(name, files)| {
            let mut deps: BTreeSet<String> = files.iter().flat_map(|f| uses(f, &names)).collect();
            deps.remove(name);
            (name.clone(), deps)
        })
        .collect()
}

#[test]
fn no_module_depends_on_a_module_above_it() {
    // Lower layers first; a module may use only modules of its own layer or below.
    let layers: &[&[&str]] = &[
        &[
            "date", "value", "formats", "csr", "products", "report", "json", "models",
        ],
        &["rules"],
        &["tape"],
        &["transport"],
        // Above them all, in the binding crate (wasm/): the host's reader, the fetch loop and
        // the bindings.
    ];
    let layer_of = |m: &str| layers.iter().position(|l| l.contains(&m));
    for (module, deps) in graph() {
        let Some(own) = layer_of(&module) else {
            panic!("src/{module}: add it to a layer of this test");
        };
        for dep in deps {
            let theirs = layer_of(&dep).unwrap_or(usize::MAX);
            assert!(
                theirs <= own,
                "src/{module} uses crate::{dep}, a layer above it"
            );
        }
    }
}

#[test]
fn no_import_cycles() {
    let graph = graph();
    // Depth-first search for a back edge.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        open: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if done.contains(m) {
            return;
        }
        if let Some(i) = open.iter().position(|o| o == m) {
            panic!("import cycle: {} -> {m}", open[i..].join(" -> "));
        }
        open.push(m.to_owned());
        for dep in graph.get(m).into_iter().flatten() {
            visit(dep, graph, open, done);
        }
        open.pop();
        done.insert(m.to_owned());
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        visit(m, &graph, &mut Vec::new(), &mut done);
    }
}
