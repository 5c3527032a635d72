//! bapi-gen: writes clerk-edge's `src/backend/generated/` from Clerk's Backend API OpenAPI spec.
//!
//! Usage: `cargo run --manifest-path tools/bapi-gen/Cargo.toml -- <spec.yml> <out dir> [<js out dir> [<fixture.json>]]`
//!
//! Output: one file per API tag (`<tag>.rs`), `models.rs` (component schemas) and `mod.rs`
//! (re-exports, `ClerkClient` accessors, the `OPERATIONS` table, test dispatch). Output is
//! deterministic (maps are sorted) and formatted with `rustfmt --edition 2021`.
//! With a JS out dir, also the npm package's `backend-ops.mjs` (the operation table behind
//! `createClerkClient`) and `backend.d.ts` (its TypeScript declarations). With a fixture path,
//! also the tests' fixture (`tests/fixtures/bapi/<spec>.facts.json`, see `fixture.rs`).
//!
//! `--webhooks <webhooks spec.yml> <rust out dir> <js out dir>` instead writes the webhook event
//! types: `mod.rs` (payload models and the `WebhookEventData` enum) and `webhooks.d.ts`.

mod emit;
mod fixture;
mod js;
mod js_names;
mod names;
mod ops;
mod schema;
mod spec;
mod ts;
mod webhooks;

use std::path::Path;
use std::process::Command;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--webhooks") {
        return write_webhooks(&args[2..]);
    }
    if !(3..=5).contains(&args.len()) {
        eprintln!("usage: bapi-gen <spec.yml> <out dir> [<js out dir> [<fixture.json>]]");
        std::process::exit(2);
    }
    let spec_path = Path::new(&args[1]);
    let out_dir = Path::new(&args[2]);
    let text = std::fs::read_to_string(spec_path).expect("read spec");
    let spec = spec::load(&text);
    let spec_file = spec_path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("spec.yml")
        .to_string();
    let models = schema::component_models(&spec);
    let tags = ops::collect(&spec);
    let files = emit::generate(&spec, &spec_file, &models, &tags);
    std::fs::create_dir_all(out_dir).expect("create out dir");
    // Remove stale generated files so a dropped tag does not linger.
    for entry in std::fs::read_dir(out_dir).expect("read out dir").flatten() {
        let p = entry.path();
        if p.extension().is_some_and(|e| e == "rs") {
            std::fs::remove_file(&p).expect("remove stale file");
        }
    }
    let mut paths = Vec::new();
    for (name, code) in &files {
        let p = out_dir.join(name);
        std::fs::write(&p, code).expect("write file");
        paths.push(p);
    }
    let status = Command::new("rustfmt")
        .args(["--edition", "2021"])
        .args(&paths)
        .status()
        .expect("run rustfmt");
    assert!(status.success(), "rustfmt failed on generated code");
    if let Some(js_dir) = args.get(3).map(Path::new) {
        write_js(js_dir, &spec_file, &spec, &models, &tags);
    }
    if let Some(fixture) = args.get(4).map(Path::new) {
        if let Some(dir) = fixture.parent() {
            std::fs::create_dir_all(dir).expect("create fixture dir");
        }
        std::fs::write(fixture, fixture::facts_json(&spec_file, &spec)).expect("write fixture");
        eprintln!("bapi-gen: wrote {}", fixture.display());
    }
    let lines: usize = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap().lines().count())
        .sum();
    eprintln!(
        "bapi-gen: wrote {} files ({} lines) to {}",
        paths.len(),
        lines,
        out_dir.display()
    );
}

/// Writes the npm package's generated files into `dir` (replacing them).
fn write_js(
    dir: &Path,
    spec_file: &str,
    spec: &spec::Spec,
    models: &schema::Sink,
    tags: &[ops::TagOps],
) {
    std::fs::create_dir_all(dir).expect("create js out dir");
    let files = [
        (
            "backend-ops.mjs",
            js::operations_module(spec_file, &spec.version, tags),
        ),
        (
            "backend.d.ts",
            ts::declarations(spec_file, &spec.version, models, tags),
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("write js file");
    }
    eprintln!(
        "bapi-gen: wrote backend-ops.mjs and backend.d.ts to {}",
        dir.display()
    );
}

/// `--webhooks <spec.yml> <rust out dir> <js out dir>`: the webhook event types.
fn write_webhooks(args: &[String]) {
    let [spec_path, rust_dir, js_dir] = args else {
        eprintln!("usage: bapi-gen --webhooks <webhooks spec.yml> <rust out dir> <js out dir>");
        std::process::exit(2);
    };
    let spec_path = Path::new(spec_path);
    let text = std::fs::read_to_string(spec_path).expect("read spec");
    let spec = spec::load(&text);
    let spec_file = spec_path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("webhooks.yml")
        .to_string();
    let (sink, events) = webhooks::collect(&spec);
    std::fs::create_dir_all(rust_dir).expect("create rust out dir");
    std::fs::create_dir_all(js_dir).expect("create js out dir");
    let rust_path = Path::new(rust_dir).join("mod.rs");
    std::fs::write(&rust_path, webhooks::rust(&spec_file, &sink, &events)).expect("write mod.rs");
    let status = Command::new("rustfmt")
        .args(["--edition", "2021"])
        .arg(&rust_path)
        .status()
        .expect("run rustfmt");
    assert!(status.success(), "rustfmt failed on generated code");
    let dts = webhooks::declarations(&spec_file, &sink, &events);
    std::fs::write(Path::new(js_dir).join("webhooks.d.ts"), dts).expect("write webhooks.d.ts");
    eprintln!(
        "bapi-gen --webhooks: {} events, {} models -> {} and {}/webhooks.d.ts",
        events.len(),
        sink.defs.len(),
        rust_path.display(),
        js_dir
    );
}
