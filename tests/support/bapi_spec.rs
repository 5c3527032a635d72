//! The facts of Clerk's Backend API spec the tests check, from the committed fixture
//! `tests/fixtures/bapi/bapi-2026-05-12.facts.json` (derived from the spec by `tools/bapi-gen`;
//! its shapes are described in `tools/bapi-gen/src/fixture.rs`): operation lookup, schema-shaped
//! samples, request checks.
#![allow(dead_code)]

use serde_json::{Map, Value};

/// Where the fixture lives, relative to the crate root.
pub const FIXTURE_PATH: &str = "tests/fixtures/bapi/bapi-2026-05-12.facts.json";

/// A field every sampled object carries that the spec does not know (to check `extra`).
pub const UNKNOWN_FIELD: &str = "x_not_in_spec";

/// One operation: its id, method, path template and facts (`requiredQuery`, `body`, `status`, `answer`).
#[derive(Debug, Clone)]
pub struct SpecOp {
    pub id: String,
    pub method: String,
    pub path: String,
    pub facts: Value,
}

/// The fixture: the spec's version, its operations and the named shapes they refer to.
pub struct Spec {
    pub version: String,
    pub ops: Vec<SpecOp>,
    pub schemas: Map<String, Value>,
}

/// Loads the fixture (it is committed, so a missing or broken one fails the test).
pub fn load() -> Spec {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE_PATH);
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let mut facts: Value = serde_json::from_str(&text).expect("the fixture is JSON");
    let ops = facts["operations"]
        .as_array()
        .expect("operations")
        .iter()
        .map(|op| SpecOp {
            id: op["id"].as_str().expect("id").to_string(),
            method: op["method"].as_str().expect("method").to_string(),
            path: op["path"].as_str().expect("path").to_string(),
            facts: op.clone(),
        })
        .collect();
    Spec {
        version: facts["version"].as_str().expect("version").to_string(),
        ops,
        schemas: facts["schemas"]
            .as_object_mut()
            .map(std::mem::take)
            .expect("schemas"),
    }
}

/// A shape with its `ref`s followed and a bare type name (`"string"`) spelled `{"type": "string"}`.
enum Shape<'a> {
    Object(&'a Map<String, Value>, Vec<&'a str>),
    Other {
        ty: Option<&'a str>,
        items: Option<&'a Value>,
        first: Option<&'a Value>,
        first_enum: Option<&'a Value>,
    },
}

impl Spec {
    fn shape<'a>(&'a self, v: &'a Value) -> Shape<'a> {
        if let Some(name) = v.get("ref").and_then(Value::as_str) {
            return self.shape(&self.schemas[name]);
        }
        if let Some(t) = v.as_str() {
            return Shape::Other {
                ty: Some(t),
                items: None,
                first: None,
                first_enum: None,
            };
        }
        if let Some(props) = v.get("properties").and_then(Value::as_object) {
            let req = v["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str);
            return Shape::Object(props, req.collect());
        }
        Shape::Other {
            ty: v.get("type").and_then(Value::as_str),
            items: v.get("items"),
            first: v.get("first"),
            first_enum: v.get("enum"),
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

    /// A value shaped like `shape`: every property set, plus [`UNKNOWN_FIELD`] on objects.
    pub fn sample(&self, shape: &Value, depth: usize) -> Value {
        if depth > 16 {
            return Value::Null;
        }
        match self.shape(shape) {
            Shape::Object(props, _) => {
                let mut m = Map::new();
                for (k, p) in props {
                    m.insert(k.clone(), self.sample(p, depth + 1));
                }
                m.insert(UNKNOWN_FIELD.into(), Value::from("kept"));
                Value::Object(m)
            }
            Shape::Other {
                first: Some(first), ..
            } => self.sample(first, depth + 1),
            Shape::Other {
                first_enum: Some(e),
                ..
            } => e.clone(),
            Shape::Other { ty, items, .. } => match ty {
                Some("string") => Value::from("s"),
                Some("integer") => Value::from(7),
                Some("number") => Value::from(1.5),
                Some("boolean") => Value::from(true),
                Some("array") => {
                    Value::Array(vec![self.sample(items.unwrap_or(&Value::Null), depth + 1)])
                }
                Some("object") => serde_json::json!({ "k": "v" }),
                _ => Value::from("any"),
            },
        }
    }

    /// `(status, body)` of the first success answer of `op`, shaped by its schema.
    pub fn sample_response(&self, op: &SpecOp) -> (u16, Option<Value>) {
        let status = op.facts["status"]
            .as_u64()
            .and_then(|s| u16::try_from(s).ok());
        let body = op.facts.get("answer").map(|s| self.sample(s, 0));
        (status.expect("status"), body)
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
        for name in op.facts["requiredQuery"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
        {
            if !query.iter().any(|(k, _)| k == name) {
                problems.push(format!("missing required query parameter {name}"));
            }
        }
        let Some(rb) = op.facts.get("body") else {
            if !body.is_empty() {
                problems.push("unexpected body".into());
            }
            return problems;
        };
        if let Some(schema) = rb.get("json") {
            if !content_type.starts_with("application/json") {
                problems.push(format!("content-type {content_type} is not JSON"));
            }
            match serde_json::from_slice::<Value>(body) {
                Ok(v) => self.check_value(schema, &v, "body", &mut problems),
                Err(_) => problems.push("body is not JSON".into()),
            }
        } else {
            if !content_type.starts_with("multipart/form-data; boundary=") {
                problems.push(format!("content-type {content_type} is not multipart"));
            }
            let text = String::from_utf8_lossy(body);
            for name in rb["multipart"]["required"].as_array().into_iter().flatten() {
                let name = name.as_str().unwrap_or_default();
                if !text.contains(&format!("name=\"{name}\"")) {
                    problems.push(format!("multipart part {name} missing"));
                }
            }
        }
        problems
    }

    fn check_value(&self, shape: &Value, v: &Value, at: &str, problems: &mut Vec<String>) {
        if v.is_null() {
            return;
        }
        let (ty, items) = match self.shape(shape) {
            Shape::Object(props, req) => {
                let Some(obj) = v.as_object() else {
                    problems.push(format!("{at} is not an object"));
                    return;
                };
                for r in req {
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
            Shape::Other { ty, items, .. } => (ty, items),
        };
        let ok = match ty {
            Some("string") => v.is_string(),
            Some("integer") => v.is_i64() || v.is_u64(),
            Some("number") => v.is_number(),
            Some("boolean") => v.is_boolean(),
            Some("array") => {
                for (i, item) in v.as_array().into_iter().flatten().enumerate() {
                    let items = items.unwrap_or(&Value::Null);
                    self.check_value(items, item, &format!("{at}[{i}]"), problems);
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
