//! `js/generated/backend.d.ts`: models, parameters and the `ClerkClient` interface for TypeScript.

use std::collections::BTreeMap;

use crate::js_names::{camel_param, js_names};
use crate::ops::{Body, Op, TagOps};
use crate::schema::{Def, Sink, Ty};

/// A doc comment body: one line, no `*/`, rustdoc escapes undone.
fn doc(s: &str) -> String {
    s.replace("*/", "*\\/")
        .replace("\\[", "[")
        .replace("\\]", "]")
        .replace("\\<", "<")
        .replace("\\>", ">")
}

pub fn ts(ty: &Ty) -> String {
    match ty {
        Ty::Str => "string".into(),
        Ty::I64 | Ty::F64 => "number".into(),
        Ty::Bool => "boolean".into(),
        Ty::Value => "unknown".into(),
        Ty::Map => "Record<string, unknown>".into(),
        Ty::File => "BinaryInput".into(),
        Ty::Unit => "null".into(),
        Ty::Named(n) => n.clone(),
        Ty::Vec(t) => match **t {
            Ty::Named(_) | Ty::Str | Ty::I64 | Ty::F64 | Ty::Bool | Ty::Value => {
                format!("{}[]", ts(t))
            }
            _ => format!("Array<{}>", ts(t)),
        },
    }
}

fn prop(name: &str) -> String {
    let ident = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if ident {
        name.to_string()
    } else {
        serde_json::to_string(name).expect("string")
    }
}

/// Declarations of `defs` inside the namespace.
pub fn render_defs(defs: &BTreeMap<String, Def>, out: &mut String) {
    for def in defs.values() {
        match def {
            Def::Alias { name, doc: d, ty } => {
                out.push_str(&format!("  /** {} */\n", doc(d.as_deref().unwrap_or(name))));
                out.push_str(&format!("  export type {name} = {};\n", ts(ty)));
            }
            Def::Struct {
                name,
                doc: d,
                fields,
            } => {
                out.push_str(&format!("  /** {} */\n", doc(d.as_deref().unwrap_or(name))));
                out.push_str(&format!("  export interface {name} {{\n"));
                for f in fields {
                    if let Some(d) = &f.doc {
                        out.push_str(&format!("    /** {} */\n", doc(d)));
                    }
                    let null = if f.nullable { " | null" } else { "" };
                    let opt = if f.required { "" } else { "?" };
                    out.push_str(&format!(
                        "    {}{opt}: {}{null};\n",
                        prop(&f.wire),
                        ts(&f.ty)
                    ));
                }
                out.push_str("    [field: string]: unknown;\n  }\n");
            }
        }
    }
}

/// Whether a JSON body type has required fields (then the params object is required).
fn body_required(ty: &str, defs: &[&BTreeMap<String, Def>]) -> bool {
    defs.iter().any(|d| match d.get(ty) {
        Some(Def::Struct { fields, .. }) => fields.iter().any(|f| f.required),
        _ => false,
    })
}

/// The params type of `op` (query parameters and body fields in one object) and whether it is required.
fn params_type(
    op: &Op,
    defs: &[&BTreeMap<String, Def>],
    out: &mut String,
) -> Option<(String, bool)> {
    let name = format!("{}Params", crate::names::pascal(&op.raw.id));
    let mut fields = String::new();
    let mut required = false;
    for q in &op.query {
        if let Some(d) = &q.doc {
            fields.push_str(&format!("    /** {} */\n", doc(d)));
        }
        let opt = if q.required { "" } else { "?" };
        required |= q.required;
        fields.push_str(&format!("    {}{opt}: {};\n", prop(&q.wire), ts(&q.ty)));
    }
    let base = match &op.body {
        Body::None => None,
        Body::Json(t) if t.starts_with('[') => {
            let item = t.trim_start_matches('[').trim_end_matches(']');
            let item = if item.contains('<') {
                "Record<string, unknown>"
            } else {
                item
            };
            return Some((format!("BackendApi.{item}[]"), true));
        }
        Body::Json(t) if t.contains('<') => Some("Record<string, unknown>".to_string()),
        Body::Json(t) => {
            required |= body_required(t, defs);
            Some(t.clone())
        }
        Body::Multipart(_, parts) => {
            for (wire, _, file, req) in parts {
                let opt = if *req { "" } else { "?" };
                required |= req;
                let t = if *file { "BinaryInput" } else { "string" };
                fields.push_str(&format!("    {}{opt}: {t};\n", prop(wire)));
            }
            None
        }
    };
    if fields.is_empty() && base.is_none() {
        return None;
    }
    out.push_str(&format!(
        "  /** Parameters of `{}`: query parameters and body fields in one object (snake_case, as on the wire; top-level camelCase keys are converted). */\n",
        op.raw.id
    ));
    let ext = base.map(|b| format!(" extends {b}")).unwrap_or_default();
    let ext = if ext.contains("Record<") {
        String::new()
    } else {
        ext
    };
    out.push_str(&format!(
        "  export interface {name}{ext} {{\n{fields}    [field: string]: unknown;\n  }}\n"
    ));
    Some((format!("BackendApi.{name}"), required))
}

fn signatures(op: &Op, params: &Option<(String, bool)>, out: &mut String) {
    let ret = match op.response {
        Ty::Unit => "null".to_string(),
        _ => qualified(&op.response),
    };
    let mut head = format!(
        "    /** {} (`{} {}`, `{}`).",
        doc(op.doc.trim_end_matches('.')),
        op.raw.method,
        op.raw.path,
        op.raw.id
    );
    if op.deprecated {
        head += " @deprecated deprecated in the Backend API spec";
    }
    head += " */\n";
    let positional: Vec<String> = op
        .path_params
        .iter()
        .map(|(w, _)| format!("{}: string", camel_param(w)))
        .collect();
    let p = match params {
        Some((t, true)) => vec![format!("params: {t}")],
        Some((t, false)) => vec![format!("params?: {t}")],
        None => vec![],
    };
    let mut args = positional.clone();
    args.extend(p);
    out.push_str(&head);
    out.push_str(&format!(
        "    {{NAME}}({}): Promise<{ret}>;\n",
        args.join(", ")
    ));
    if !positional.is_empty() {
        let keys: Vec<String> = op
            .path_params
            .iter()
            .map(|(w, _)| format!("{}: string", camel_param(w)))
            .collect();
        let obj = format!("{{ {} }}", keys.join("; "));
        let t = match params {
            Some((t, _)) if !t.ends_with("[]") => format!("{obj} & {t}"),
            _ => obj,
        };
        out.push_str(&head);
        out.push_str(&format!("    {{NAME}}(params: {t}): Promise<{ret}>;\n"));
    }
}

/// A type outside the namespace: named models qualified with `BackendApi.`.
fn qualified(ty: &Ty) -> String {
    match ty {
        Ty::Named(n) => format!("BackendApi.{n}"),
        Ty::Vec(t) => match **t {
            Ty::Named(_) => format!("{}[]", qualified(t)),
            _ => format!("Array<{}>", qualified(t)),
        },
        other => ts(other),
    }
}

/// The whole `.d.ts`.
pub fn declarations(spec_file: &str, spec_version: &str, models: &Sink, tags: &[TagOps]) -> String {
    let names = js_names(tags);
    let mut out = format!("// @generated by tools/bapi-gen from {spec_file} — do not edit.\n\n");
    out += "/** File input of upload endpoints: a `Blob`/`File`, or raw bytes. */\n";
    out += "export type BinaryInput = Blob | ArrayBuffer | Uint8Array;\n\n";
    out += &format!(
        "/** Models and parameters of Clerk's Backend API `{spec_version}`, in the API's JSON shape (snake_case). */\nexport declare namespace BackendApi {{\n"
    );
    render_defs(&models.defs, &mut out);
    let mut all_defs = vec![&models.defs];
    for t in tags {
        render_defs(&t.sink.defs, &mut out);
        all_defs.push(&t.sink.defs);
    }
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for t in tags {
        for op in &t.ops {
            let params = params_type(op, &all_defs, &mut out);
            let mut sig = String::new();
            signatures(op, &params, &mut sig);
            let (g, m) = &names[&op.raw.id];
            groups
                .entry(g.clone())
                .or_default()
                .push(sig.replace("{NAME}", m));
        }
    }
    out += "}\n\n";
    out += "/** The Backend API resource groups of `createClerkClient` (every operation of the spec). */\nexport interface ClerkClient {\n";
    for (g, sigs) in &groups {
        out += &format!("  {g}: {{\n");
        for s in sigs {
            out += s;
        }
        out += "  };\n";
    }
    out += "}\n";
    out
}
