//! YAML -> `serde_json::Value` (sorted maps), and the operation list.

use serde_json::{Map, Value};
use yaml_rust2::{Yaml, YamlLoader};

fn key(y: &Yaml) -> String {
    match y {
        Yaml::String(s) | Yaml::Real(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        Yaml::Null => "null".into(),
        other => panic!("unsupported YAML key {other:?}"),
    }
}

fn to_json(y: &Yaml) -> Value {
    match y {
        Yaml::Real(s) => s
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(s.clone())),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(a) => Value::Array(a.iter().map(to_json).collect()),
        Yaml::Hash(h) => {
            let mut m = Map::new();
            for (k, v) in h {
                m.insert(key(k), to_json(v));
            }
            Value::Object(m)
        }
        Yaml::Null => Value::Null,
        other => panic!("unsupported YAML node {other:?}"),
    }
}

/// One operation of the spec.
pub struct Operation {
    pub id: String,
    pub method: String,
    pub path: String,
    pub tag: String,
    pub op: Value,
}

/// The parsed spec.
pub struct Spec {
    pub root: Value,
    pub version: String,
    pub operations: Vec<Operation>,
}

impl Spec {
    /// Follows a `#/components/...` reference.
    pub fn deref<'a>(&'a self, v: &'a Value) -> &'a Value {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let mut cur = &self.root;
                for part in r.trim_start_matches("#/").split('/') {
                    cur = &cur[part];
                }
                assert!(!cur.is_null(), "dangling $ref {r}");
                self.deref(cur)
            }
            None => v,
        }
    }

    /// Component schemas, sorted by name.
    pub fn schemas(&self) -> &Map<String, Value> {
        self.root["components"]["schemas"]
            .as_object()
            .expect("components.schemas")
    }
}

/// Parses the spec text.
pub fn load(text: &str) -> Spec {
    let docs = YamlLoader::load_from_str(text).expect("valid YAML");
    let root = to_json(&docs[0]);
    let version = root["info"]["version"]
        .as_str()
        .expect("info.version")
        .to_string();
    let mut operations = Vec::new();
    let no_paths = Map::new();
    for (path, item) in root["paths"].as_object().unwrap_or(&no_paths) {
        for (method, op) in item.as_object().expect("path item") {
            if !matches!(
                method.as_str(),
                "get" | "put" | "post" | "delete" | "patch" | "head" | "options"
            ) {
                continue;
            }
            operations.push(Operation {
                id: op["operationId"].as_str().expect("operationId").to_string(),
                method: method.to_uppercase(),
                path: path.clone(),
                tag: op["tags"][0]
                    .as_str()
                    .unwrap_or("Miscellaneous")
                    .to_string(),
                op: op.clone(),
            });
        }
    }
    operations.sort_by(|a, b| a.id.cmp(&b.id));
    Spec {
        root,
        version,
        operations,
    }
}
