//! OpenAPI schemas -> Rust types (structs, aliases) and their rendering.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::names::{ident, pascal};
use crate::spec::Spec;

/// A Rust type for a schema.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    Str,
    I64,
    F64,
    Bool,
    Value,
    Map,
    File,
    Unit,
    Named(String),
    Vec(Box<Ty>),
}

/// A struct field.
pub struct Field {
    pub wire: String,
    pub ident: String,
    pub ty: Ty,
    pub required: bool,
    pub nullable: bool,
    pub doc: Option<String>,
}

/// A generated type definition.
pub enum Def {
    Struct {
        name: String,
        doc: Option<String>,
        fields: Vec<Field>,
    },
    Alias {
        name: String,
        doc: Option<String>,
        ty: Ty,
    },
}

impl Def {
    pub fn name(&self) -> &str {
        match self {
            Def::Struct { name, .. } | Def::Alias { name, .. } => name,
        }
    }
}

/// Collects definitions produced while resolving schemas.
#[derive(Default)]
pub struct Sink {
    pub defs: BTreeMap<String, Def>,
}

/// First line of a description, safe for a doc comment.
pub fn doc_line(v: &Value) -> Option<String> {
    let d = v
        .get("summary")
        .or_else(|| v.get("description"))?
        .as_str()?;
    let line = d.lines().map(str::trim).find(|l| !l.is_empty())?;
    let mut s = String::new();
    let mut in_code = false;
    for c in line.chars() {
        if c == '`' {
            in_code = !in_code;
        }
        if !in_code && matches!(c, '[' | ']' | '<' | '>') {
            s.push('\\');
        }
        s.push(c);
    }
    if in_code {
        s = s.replace('`', "'");
    }
    Some(s)
}

/// Properties and required names of an object-like schema (merging `allOf`).
pub fn object_parts(spec: &Spec, schema: &Value) -> Option<(Map<String, Value>, BTreeSet<String>)> {
    let schema = spec.deref(schema);
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        if parts.len() > 1 || schema.get("properties").is_some() {
            let mut props = Map::new();
            let mut req = BTreeSet::new();
            for p in parts {
                let (pp, pr) = object_parts(spec, p)?;
                props.extend(pp);
                req.extend(pr);
            }
            if let Some((pp, pr)) = own_props(schema) {
                props.extend(pp);
                req.extend(pr);
            }
            return Some((props, req));
        }
        return object_parts(spec, &parts[0]);
    }
    own_props(schema)
}

fn own_props(schema: &Value) -> Option<(Map<String, Value>, BTreeSet<String>)> {
    let props = schema.get("properties")?.as_object()?;
    if props.is_empty() {
        return None;
    }
    let req = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();
    Some((props.clone(), req))
}

/// The Rust type of `schema`; inline objects become structs named `hint` in `sink`.
pub fn resolve(spec: &Spec, schema: &Value, hint: &str, sink: &mut Sink) -> Ty {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return Ty::Named(pascal(r.rsplit('/').next().unwrap()));
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(parts) = schema.get(key).and_then(Value::as_array) {
            if parts.len() == 1 && schema.get("properties").is_none() {
                return resolve(spec, &parts[0], hint, sink);
            }
            if key == "allOf" {
                return make_struct(spec, schema, hint, sink);
            }
            if schema.get("properties").is_none() {
                return Ty::Value;
            }
        }
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("string") if schema.get("format").and_then(Value::as_str) == Some("binary") => {
            Ty::File
        }
        Some("string") => Ty::Str,
        Some("integer") => Ty::I64,
        Some("number") => Ty::F64,
        Some("boolean") => Ty::Bool,
        Some("array") => {
            let items = schema.get("items").cloned().unwrap_or(Value::Null);
            Ty::Vec(Box::new(resolve(
                spec,
                &items,
                &format!("{hint}Item"),
                sink,
            )))
        }
        Some("object") | None if own_props(schema).is_some() => {
            make_struct(spec, schema, hint, sink)
        }
        Some("object") => Ty::Map,
        _ => Ty::Value,
    }
}

fn make_struct(spec: &Spec, schema: &Value, name: &str, sink: &mut Sink) -> Ty {
    let Some((props, required)) = object_parts(spec, schema) else {
        return Ty::Map;
    };
    let mut fields = Vec::new();
    let mut idents = BTreeSet::new();
    for (wire, prop) in &props {
        let ty = resolve(spec, prop, &format!("{name}{}", pascal(wire)), sink);
        let mut id = ident(wire);
        while !idents.insert(id.clone()) || id == "extra" {
            id.push('_');
        }
        fields.push(Field {
            wire: wire.clone(),
            ident: id,
            ty,
            required: required.contains(wire),
            nullable: prop.get("nullable").and_then(Value::as_bool) == Some(true),
            doc: doc_line(prop),
        });
    }
    let def = Def::Struct {
        name: name.to_string(),
        doc: doc_line(schema),
        fields,
    };
    if let Some(old) = sink.defs.insert(name.to_string(), def) {
        panic!("type name clash: {}", old.name());
    }
    Ty::Named(name.to_string())
}

/// Definitions for every component schema.
pub fn component_models(spec: &Spec) -> Sink {
    let mut sink = Sink::default();
    for (name, schema) in spec.schemas() {
        let rust = pascal(name);
        match resolve(spec, schema, &rust, &mut sink) {
            Ty::Named(n) if n == rust => {}
            ty => {
                let def = Def::Alias {
                    name: rust.clone(),
                    doc: doc_line(schema),
                    ty,
                };
                assert!(
                    sink.defs.insert(rust.clone(), def).is_none(),
                    "clash {rust}"
                );
            }
        }
    }
    sink
}

/// Names of struct fields that must be boxed to break recursive type cycles.
pub fn boxed_fields(defs: &BTreeMap<String, Def>) -> BTreeSet<(String, String)> {
    let direct = |ty: &Ty| match ty {
        Ty::Named(n) => Some(n.clone()),
        _ => None,
    };
    let mut edges: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for def in defs.values() {
        if let Def::Struct { name, fields, .. } = def {
            for f in fields {
                if let Some(t) = direct(&f.ty) {
                    edges
                        .entry(name.clone())
                        .or_default()
                        .push((f.ident.clone(), t));
                }
            }
        }
    }
    let reaches = |from: &str, to: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n.clone()) {
                for (_, t) in edges.get(&n).into_iter().flatten() {
                    stack.push(t.clone());
                }
            }
        }
        false
    };
    let mut out = BTreeSet::new();
    for (name, es) in &edges {
        for (field, target) in es {
            if reaches(target, name) {
                out.insert((name.clone(), field.clone()));
            }
        }
    }
    out
}

/// Renders a type.
pub fn render(ty: &Ty) -> String {
    match ty {
        Ty::Str => "String".into(),
        Ty::I64 => "i64".into(),
        Ty::F64 => "f64".into(),
        Ty::Bool => "bool".into(),
        Ty::Value => "serde_json::Value".into(),
        Ty::Map => "serde_json::Map<String, serde_json::Value>".into(),
        Ty::File => "FilePart".into(),
        Ty::Unit => "()".into(),
        Ty::Named(n) => n.clone(),
        Ty::Vec(t) => format!("Vec<{}>", render(t)),
    }
}

/// Renders definitions as serde structs (unknown fields kept in `extra`) and aliases.
pub fn render_defs(defs: &BTreeMap<String, Def>, boxed: &BTreeSet<(String, String)>) -> String {
    let mut out = String::new();
    for def in defs.values() {
        match def {
            Def::Alias { name, doc, ty } => {
                out += &format!("/// {}\n", doc.as_deref().unwrap_or(name));
                out += &format!("pub type {name} = {};\n\n", render(ty));
            }
            Def::Struct { name, doc, fields } => {
                out += &format!("/// {}\n", doc.as_deref().unwrap_or(name));
                out += "#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]\n";
                out += "#[serde(default)]\n";
                out += &format!("pub struct {name} {{\n");
                for f in fields {
                    if let Some(d) = &f.doc {
                        out += &format!("/// {d}\n");
                    }
                    let mut attrs = Vec::new();
                    if f.ident.trim_start_matches("r#") != f.wire {
                        attrs.push(format!("rename = {:?}", f.wire));
                    }
                    let mut ty = render(&f.ty);
                    if boxed.contains(&(name.clone(), f.ident.clone())) {
                        ty = format!("Box<{ty}>");
                    }
                    if !f.required || f.nullable {
                        ty = format!("Option<{ty}>");
                    }
                    if !f.required {
                        attrs.push("skip_serializing_if = \"Option::is_none\"".into());
                    }
                    if !attrs.is_empty() {
                        out += &format!("#[serde({})]\n", attrs.join(", "));
                    }
                    out += &format!("pub {}: {ty},\n", f.ident);
                }
                out += "/// Fields not in the spec, kept as received.\n";
                out +=
                    "#[serde(flatten)]\npub extra: serde_json::Map<String, serde_json::Value>,\n";
                out += "}\n\n";
                if let Some(item) = page_item(fields) {
                    out += &format!(
                        "impl crate::backend::Page for {name} {{\n\
                         type Item = {item};\n\
                         fn data(&self) -> &[{item}] {{ &self.data }}\n\
                         fn into_data(self) -> Vec<{item}> {{ self.data }}\n\
                         fn total_count(&self) -> Option<u64> {{ u64::try_from(self.total_count).ok() }}\n\
                         }}\n\n"
                    );
                }
            }
        }
    }
    out
}

/// The item type when a struct is a `{ data: [T], total_count }` page with both required.
fn page_item(fields: &[Field]) -> Option<String> {
    let data = fields
        .iter()
        .find(|f| f.wire == "data" && f.required && !f.nullable)?;
    let total = fields
        .iter()
        .find(|f| f.wire == "total_count" && f.required && !f.nullable)?;
    match (&data.ty, &total.ty) {
        (Ty::Vec(item), Ty::I64) => Some(render(item)),
        _ => None,
    }
}
