//! The Backend API tests' fixture (`tests/fixtures/bapi/<spec>.facts.json`): only the facts of the
//! spec that the loopback servers and the tests check — each operation's method and path, its
//! required query parameters, its request body and first success answer, and the shapes of the
//! schemas these reach — so the tests run in a checkout without the spec.
//!
//! A shape keeps what the tests read and nothing else (no descriptions, examples or formats):
//! - `{"ref": "User"}` names a shape in `schemas`;
//! - `{"properties": {..}, "required": [..]}` is an object (its `allOf` parts already merged);
//! - `"string"` (a bare JSON type name) is `{"type": "string"}`;
//! - otherwise `{"type"?, "items"?, "first"?, "enum"?}`: the JSON type, the item shape of an
//!   array, the first alternative of `oneOf`/`anyOf`/`allOf` (what a sample takes) and the
//!   first `enum` value (what a sample takes when there is no alternative).
//!
//! Each operation is one line, `id`, `method` and `path` first.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use crate::spec::{Operation, Spec};

const SCHEMA_REF: &str = "#/components/schemas/";

/// Walks the spec, collecting the named schemas the shapes refer to.
struct Facts<'a> {
    spec: &'a Spec,
    named: BTreeSet<String>,
}

impl Facts<'_> {
    /// Properties and required names of an object-like schema, merging `allOf` (as the tests did
    /// on the spec itself); `None` when neither it nor any `allOf` part has `properties`.
    fn object(&self, schema: &Value) -> Option<(Map<String, Value>, Vec<String>)> {
        let s = self.spec.deref(schema);
        let mut props = Map::new();
        let mut required = Vec::new();
        let mut found = false;
        for part in s
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some((p, r)) = self.object(part) {
                props.extend(p);
                required.extend(r);
                found = true;
            }
        }
        if let Some(p) = s.get("properties").and_then(Value::as_object) {
            props.extend(p.clone());
            found = true;
        }
        for r in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let r = r.as_str().expect("required names are strings").to_string();
            if !required.contains(&r) {
                required.push(r);
            }
        }
        found.then_some((props, required))
    }

    /// The shape of `schema` (see the module docs).
    fn shape(&mut self, schema: &Value) -> Value {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let name = r
                .strip_prefix(SCHEMA_REF)
                .expect("schemas refer to component schemas");
            self.named.insert(name.to_string());
            return json!({ "ref": name });
        }
        if let Some((props, required)) = self.object(schema) {
            let props: Map<String, Value> = props
                .iter()
                .map(|(k, p)| (k.clone(), self.shape(p)))
                .collect();
            let mut out = json!({ "properties": props });
            if !required.is_empty() {
                out["required"] = json!(required);
            }
            return out;
        }
        let mut out = Map::new();
        let ty = schema.get("type").and_then(Value::as_str);
        if let Some(t) = ty {
            out.insert("type".into(), json!(t));
        }
        if ty == Some("array") {
            out.insert("items".into(), self.shape(&schema["items"]));
        }
        let first = ["oneOf", "anyOf", "allOf"].iter().find_map(|k| {
            schema
                .get(*k)
                .and_then(Value::as_array)
                .and_then(|a| a.first())
        });
        if let Some(first) = first {
            out.insert("first".into(), self.shape(first));
        } else if let Some(e) = schema
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|a| a.first())
        {
            out.insert("enum".into(), e.clone());
        }
        match (ty, out.len()) {
            (Some(t), 1) => json!(t),
            _ => Value::Object(out),
        }
    }

    /// `{name: "binary" | "text"}` and the required names of a multipart body.
    fn multipart(&self, schema: &Value) -> Value {
        let (props, mut required) = self.object(schema).expect("multipart bodies are objects");
        required.retain(|r| props.contains_key(r));
        let fields: Map<String, Value> = props
            .iter()
            .map(|(k, p)| {
                let binary = self.spec.deref(p).get("format") == Some(&json!("binary"));
                (k.clone(), json!(if binary { "binary" } else { "text" }))
            })
            .collect();
        json!({ "fields": fields, "required": required })
    }

    /// One operation's facts.
    fn operation(&mut self, op: &Operation) -> Value {
        let mut out = json!({ "id": op.id, "method": op.method, "path": op.path });
        let mut query = Map::new();
        for p in op.op["parameters"].as_array().into_iter().flatten() {
            let p = self.spec.deref(p);
            if p["in"] == "query" && p["required"] == true {
                let name = p["name"].as_str().expect("parameter name").to_string();
                let shape = self.shape(&p["schema"]);
                query.insert(name, shape);
            }
        }
        if !query.is_empty() {
            out["requiredQuery"] = Value::Object(query);
        }
        if let Some(rb) = op.op.get("requestBody").map(|r| self.spec.deref(r)) {
            out["body"] = if let Some(s) = rb["content"]["application/json"].get("schema") {
                json!({ "json": self.shape(s) })
            } else if let Some(s) = rb["content"]["multipart/form-data"].get("schema") {
                json!({ "multipart": self.multipart(s) })
            } else {
                panic!("{}: request body is neither JSON nor multipart", op.id);
            };
        }
        let responses = op.op["responses"].as_object().expect("responses");
        let (code, resp) = responses
            .iter()
            .find(|(c, _)| c.starts_with('2'))
            .unwrap_or_else(|| panic!("{}: no success response", op.id));
        out["status"] = json!(code.parse::<u16>().expect("numeric status"));
        if let Some(s) = self.spec.deref(resp)["content"]["application/json"].get("schema") {
            out["answer"] = self.shape(s);
        }
        out
    }
}

/// The fixture's text: a header naming its source, then one operation and one schema a line.
pub fn facts_json(spec_file: &str, spec: &Spec) -> String {
    let mut facts = Facts {
        spec,
        named: BTreeSet::new(),
    };
    let mut ops: Vec<&Operation> = spec.operations.iter().collect();
    ops.sort_by(|a, b| (&a.path, a.method.to_lowercase()).cmp(&(&b.path, b.method.to_lowercase())));
    let ops: Vec<Value> = ops.iter().map(|op| facts.operation(op)).collect();
    // Shapes of named schemas, including the ones only other named schemas refer to.
    let mut schemas = Map::new();
    while let Some(name) = facts
        .named
        .iter()
        .find(|n| !schemas.contains_key(*n))
        .cloned()
    {
        let schema = &spec.schemas()[&name];
        let shape = facts.shape(schema);
        schemas.insert(name, shape);
    }
    let line = |v: &Value| serde_json::to_string(v).expect("JSON");
    let mut out = String::from("{\n");
    out += &format!(
        "  \"@generated\": {},\n",
        line(&json!(format!(
            "by tools/bapi-gen from {spec_file} — do not edit. Only the facts the Backend API \
             tests check (see tools/bapi-gen/src/fixture.rs), not the spec."
        )))
    );
    out += &format!("  \"version\": {},\n", line(&json!(spec.version)));
    out += "  \"operations\": [\n";
    out += &ops
        .iter()
        .map(|o| format!("    {}", operation_line(o)))
        .collect::<Vec<_>>()
        .join(",\n");
    out += "\n  ],\n  \"schemas\": {\n";
    out += &schemas
        .iter()
        .map(|(k, v)| format!("    {}: {}", line(&json!(k)), line(v)))
        .collect::<Vec<_>>()
        .join(",\n");
    out += "\n  }\n}\n";
    out
}

/// One operation as a JSON line with `id`, `method` and `path` first (the rest sorted).
fn operation_line(op: &Value) -> String {
    let head = ["id", "method", "path"];
    let mut parts: Vec<String> = head
        .iter()
        .map(|k| format!("{}:{}", json!(k), op[*k]))
        .collect();
    for (k, v) in op.as_object().expect("operation object") {
        if !head.contains(&k.as_str()) {
            parts.push(format!("{}:{}", json!(k), v));
        }
    }
    format!("{{{}}}", parts.join(","))
}
