//! Clerk's Backend API spec for tests: loading, operation lookup, schema-shaped samples, request checks.
#![allow(dead_code)]

use serde_json::{Map, Value};
use yaml_rust2::{Yaml, YamlLoader};

/// Where the spec lives, relative to the crate root.
pub const SPEC_PATH: &str = "../shared/clerk-openapi/bapi-2026-05-12.yml";

/// A field every sampled object carries that the spec does not know (to check `extra`).
pub const UNKNOWN_FIELD: &str = "x_not_in_spec";

fn to_json(y: &Yaml) -> Value {
    match y {
        Yaml::Real(s) => s.parse::<f64>().map(Value::from).unwrap_or(Value::Null),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(a) => Value::Array(a.iter().map(to_json).collect()),
        Yaml::Hash(h) => Value::Object(
            h.iter()
                .map(|(k, v)| {
                    let k = match k {
                        Yaml::String(s) | Yaml::Real(s) => s.clone(),
                        Yaml::Integer(i) => i.to_string(),
                        other => format!("{other:?}"),
                    };
                    (k, to_json(v))
                })
                .collect(),
        ),
        _ => Value::Null,
    }
}

/// One operation of the spec.
#[derive(Debug, Clone)]
pub struct SpecOp {
    pub id: String,
    pub method: String,
    pub path: String,
    pub op: Value,
}

/// The parsed spec.
pub struct Spec {
    pub root: Value,
    pub ops: Vec<SpecOp>,
}

/// Loads the spec, or prints a note and returns `None` when it is absent.
pub fn load() -> Option<Spec> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SPEC_PATH);
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!(
            "note: {} not found; skipping spec-driven backend tests",
            path.display()
        );
        return None;
    };
    let root = to_json(&YamlLoader::load_from_str(&text).expect("spec is YAML")[0]);
    let mut ops = Vec::new();
    for (path, item) in root["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if matches!(method.as_str(), "get" | "post" | "put" | "patch" | "delete") {
                ops.push(SpecOp {
                    id: op["operationId"].as_str().unwrap().to_string(),
                    method: method.to_uppercase(),
                    path: path.clone(),
                    op: op.clone(),
                });
            }
        }
    }
    Some(Spec { root, ops })
}

impl Spec {
    /// Follows `$ref`s.
    pub fn deref<'a>(&'a self, v: &'a Value) -> &'a Value {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let mut cur = &self.root;
                for part in r.trim_start_matches("#/").split('/') {
                    cur = &cur[part];
                }
                self.deref(cur)
            }
            None => v,
        }
    }

    /// The operation serving `method path` (literal segments win over `{params}`).
    pub fn find(&self, method: &str, path: &str) -> Option<&SpecOp> {
        let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
        self.ops
            .iter()
            .filter(|o| o.method == method)
            .filter_map(|o| {
                let t: Vec<&str> = o.path.trim_matches('/').split('/').collect();
                if t.len() != segs.len() {
                    return None;
                }
                let mut literal = 0;
                for (a, b) in t.iter().zip(&segs) {
                    if a.starts_with('{') {
                        if b.is_empty() {
                            return None;
                        }
                    } else if a == b {
                        literal += 1;
                    } else {
                        return None;
                    }
                }
                Some((literal, o))
            })
            .max_by_key(|(l, _)| *l)
            .map(|(_, o)| o)
    }

    /// Properties and required names of an object-like schema (merging `allOf`).
    pub fn object(&self, schema: &Value) -> Option<(Map<String, Value>, Vec<String>)> {
        let s = self.deref(schema);
        let mut props = Map::new();
        let mut req = Vec::new();
        let mut found = false;
        if let Some(parts) = s.get("allOf").and_then(Value::as_array) {
            for p in parts {
                if let Some((pp, pr)) = self.object(p) {
                    props.extend(pp);
                    req.extend(pr);
                    found = true;
                }
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
            req.push(r.as_str().unwrap_or_default().to_string());
        }
        found.then_some((props, req))
    }

    /// A value shaped like `schema`: every property set, plus [`UNKNOWN_FIELD`] on objects.
    pub fn sample(&self, schema: &Value, depth: usize) -> Value {
        let s = self.deref(schema);
        if depth > 16 {
            return Value::Null;
        }
        if let Some((props, _)) = self.object(s) {
            let mut m = Map::new();
            for (k, p) in &props {
                m.insert(k.clone(), self.sample(p, depth + 1));
            }
            m.insert(UNKNOWN_FIELD.into(), Value::from("kept"));
            return Value::Object(m);
        }
        for key in ["oneOf", "anyOf", "allOf"] {
            if let Some(first) = s.get(key).and_then(Value::as_array).and_then(|a| a.first()) {
                return self.sample(first, depth + 1);
            }
        }
        if let Some(first) = s
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|a| a.first())
        {
            return first.clone();
        }
        match s.get("type").and_then(Value::as_str) {
            Some("string") => Value::from("s"),
            Some("integer") => Value::from(7),
            Some("number") => Value::from(1.5),
            Some("boolean") => Value::from(true),
            Some("array") => Value::Array(vec![self.sample(&s["items"], depth + 1)]),
            Some("object") => serde_json::json!({ "k": "v" }),
            _ => Value::from("any"),
        }
    }

    /// `(status, body)` of the first success answer of `op`, shaped by its schema.
    pub fn sample_response(&self, op: &SpecOp) -> (u16, Option<Value>) {
        let responses = op.op["responses"].as_object().unwrap();
        let (code, resp) = responses
            .iter()
            .find(|(c, _)| c.starts_with('2'))
            .expect("a success response");
        let resp = self.deref(resp);
        let body = resp["content"]["application/json"]
            .get("schema")
            .map(|s| self.sample(s, 0));
        (code.parse().unwrap(), body)
    }

    /// Problems of a request against `op`: required query parameters and body shape.
    pub fn check_request(
        &self,
        op: &SpecOp,
        query: &[(String, String)],
        content_type: &str,
        body: &[u8],
    ) -> Vec<String> {
        let mut problems = Vec::new();
        for p in op.op["parameters"].as_array().into_iter().flatten() {
            let p = self.deref(p);
            let name = p["name"].as_str().unwrap();
            if p["in"] == "query" && p["required"] == true && !query.iter().any(|(k, _)| k == name)
            {
                problems.push(format!("missing required query parameter {name}"));
            }
        }
        let Some(rb) = op.op.get("requestBody").map(|r| self.deref(r)) else {
            if !body.is_empty() {
                problems.push("unexpected body".into());
            }
            return problems;
        };
        if let Some(schema) = rb["content"]["application/json"].get("schema") {
            if !content_type.starts_with("application/json") {
                problems.push(format!("content-type {content_type} is not JSON"));
            }
            match serde_json::from_slice::<Value>(body) {
                Ok(v) => self.check_value(schema, &v, "body", &mut problems),
                Err(_) => problems.push("body is not JSON".into()),
            }
        } else if rb["content"].get("multipart/form-data").is_some() {
            if !content_type.starts_with("multipart/form-data; boundary=") {
                problems.push(format!("content-type {content_type} is not multipart"));
            }
            let (props, req) = self
                .object(&rb["content"]["multipart/form-data"]["schema"])
                .unwrap();
            let text = String::from_utf8_lossy(body);
            for name in props.keys().filter(|k| req.contains(k)) {
                if !text.contains(&format!("name=\"{name}\"")) {
                    problems.push(format!("multipart part {name} missing"));
                }
            }
        }
        problems
    }

    fn check_value(&self, schema: &Value, v: &Value, at: &str, problems: &mut Vec<String>) {
        let s = self.deref(schema);
        if v.is_null() {
            return;
        }
        if let Some((props, req)) = self.object(s) {
            let Some(obj) = v.as_object() else {
                problems.push(format!("{at} is not an object"));
                return;
            };
            for r in &req {
                if !obj.contains_key(r) {
                    problems.push(format!("{at}.{r} is required"));
                }
            }
            for (k, val) in obj {
                if let Some(p) = props.get(k) {
                    self.check_value(p, val, &format!("{at}.{k}"), problems);
                }
            }
            return;
        }
        let ok = match s.get("type").and_then(Value::as_str) {
            Some("string") => v.is_string(),
            Some("integer") => v.is_i64() || v.is_u64(),
            Some("number") => v.is_number(),
            Some("boolean") => v.is_boolean(),
            Some("array") => {
                for (i, item) in v.as_array().into_iter().flatten().enumerate() {
                    self.check_value(&s["items"], item, &format!("{at}[{i}]"), problems);
                }
                v.is_array()
            }
            Some("object") => v.is_object(),
            _ => true,
        };
        if !ok {
            problems.push(format!("{at} has the wrong type"));
        }
    }
}

/// Drops `null`s (absent and `null` decode to the same `None`) for round-trip comparisons.
pub fn without_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}
