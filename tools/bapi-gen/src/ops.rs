//! The operation model shared by the Rust, JS and `.d.ts` emitters: parameters, body, response.

use serde_json::Value;

use std::collections::BTreeMap;

use crate::names::{ident, method_names, pascal, snake, tag_module};
use crate::schema::{doc_line, object_parts, render, resolve, Sink, Ty};
use crate::spec::{Operation, Spec};

/// A query parameter.
pub struct QueryParam {
    pub wire: String,
    pub ident: String,
    pub ty: Ty,
    pub required: bool,
    pub doc: Option<String>,
}

/// The request body of an operation.
pub enum Body {
    None,
    /// JSON; the Rust parameter type (`&T` or `&[T]`).
    Json(String),
    /// `multipart/form-data`: struct name and (wire, ident, is_file, required) fields.
    Multipart(String, Vec<(String, String, bool, bool)>),
}

/// Everything needed to emit one operation.
pub struct Op<'a> {
    pub raw: &'a Operation,
    pub fn_name: String,
    pub method_name: String,
    pub path_params: Vec<(String, String)>,
    pub query: Vec<QueryParam>,
    pub body: Body,
    pub response: Ty,
    pub deprecated: bool,
    pub doc: String,
}

/// `{name}` segments of a path template: `(wire name, Rust identifier)`.
pub fn path_params(path: &str) -> Vec<(String, String)> {
    path.split('{')
        .skip(1)
        .map(|s| {
            let name = s.split('}').next().unwrap().to_string();
            let id = ident(&name);
            (name, id)
        })
        .collect()
}

/// The type of the first 2xx answer (`Unit` without a JSON body).
pub fn response_ty(spec: &Spec, op: &Operation, sink: &mut Sink) -> Ty {
    let responses = op.op["responses"].as_object().expect("responses");
    let Some((_, resp)) = responses.iter().find(|(code, _)| code.starts_with('2')) else {
        return Ty::Unit;
    };
    let resp = spec.deref(resp);
    match resp.get("content").and_then(|c| c.get("application/json")) {
        Some(c) => match c.get("schema") {
            Some(s) => resolve(spec, s, &format!("{}Response", pascal(&op.id)), sink),
            None => Ty::Value,
        },
        None => Ty::Unit,
    }
}

/// The request body (JSON or multipart).
pub fn body(spec: &Spec, op: &Operation, sink: &mut Sink) -> Body {
    let Some(rb) = op.op.get("requestBody") else {
        return Body::None;
    };
    let rb = spec.deref(rb);
    let content = &rb["content"];
    let name = format!("{}Body", pascal(&op.id));
    if let Some(schema) = content
        .get("application/json")
        .and_then(|c| c.get("schema"))
    {
        return Body::Json(match resolve(spec, schema, &name, sink) {
            Ty::Vec(t) => format!("[{}]", render(&t)),
            t => render(&t),
        });
    }
    if let Some(schema) = content
        .get("multipart/form-data")
        .and_then(|c| c.get("schema"))
    {
        let (props, req) = object_parts(spec, schema).expect("multipart object");
        let fields = props
            .iter()
            .map(|(wire, p)| {
                let file = p.get("format").and_then(Value::as_str) == Some("binary");
                (wire.clone(), ident(wire), file, req.contains(wire))
            })
            .collect();
        return Body::Multipart(name, fields);
    }
    panic!("{}: unsupported request body", op.id)
}

/// Query parameters, sorted by wire name.
pub fn query(spec: &Spec, op: &Operation, sink: &mut Sink) -> Vec<QueryParam> {
    let mut out = Vec::new();
    for p in op.op["parameters"].as_array().into_iter().flatten() {
        let p = spec.deref(p);
        if p["in"] != "query" {
            continue;
        }
        let wire = p["name"].as_str().unwrap().to_string();
        let hint = format!("{}{}", pascal(&op.id), pascal(&wire));
        let ty = resolve(spec, &p["schema"], &hint, sink);
        assert!(
            matches!(&ty, Ty::Str | Ty::I64 | Ty::F64 | Ty::Bool)
                || ty == Ty::Vec(Box::new(Ty::Str)),
            "{}: unsupported query type {ty:?}",
            op.id
        );
        out.push(QueryParam {
            ident: ident(&wire),
            wire,
            ty,
            required: p["required"] == true,
            doc: doc_line(p),
        });
    }
    out.sort_by(|a, b| a.wire.cmp(&b.wire));
    // `frontendApi` next to `frontend_api`: the one spelled as on the wire keeps the plain name.
    let plain: Vec<String> = out
        .iter()
        .filter(|q| q.wire == q.ident)
        .map(|q| q.ident.clone())
        .collect();
    for q in &mut out {
        if q.wire != q.ident && plain.contains(&q.ident) {
            q.ident = format!("{}_camel", q.ident);
        }
    }
    out
}

/// The operations of one tag and the inline types they introduce.
pub struct TagOps<'a> {
    pub tag: String,
    pub ops: Vec<Op<'a>>,
    pub sink: Sink,
}

/// Every operation of `spec`, grouped by tag (tags sorted, operations by id).
pub fn collect(spec: &Spec) -> Vec<TagOps<'_>> {
    let ids: Vec<(String, String)> = spec
        .operations
        .iter()
        .map(|o| (o.id.clone(), tag_module(&o.tag)))
        .collect();
    let methods = method_names(&ids);
    let mut by_tag: BTreeMap<String, Vec<&Operation>> = BTreeMap::new();
    for o in &spec.operations {
        by_tag.entry(o.tag.clone()).or_default().push(o);
    }
    by_tag
        .into_iter()
        .map(|(tag, raw_ops)| {
            let mut sink = Sink::default();
            let ops = raw_ops
                .into_iter()
                .map(|raw| Op {
                    raw,
                    fn_name: snake(&raw.id),
                    method_name: methods[&raw.id].clone(),
                    path_params: path_params(&raw.path),
                    query: query(spec, raw, &mut sink),
                    body: body(spec, raw, &mut sink),
                    response: response_ty(spec, raw, &mut sink),
                    deprecated: raw.op["deprecated"] == true,
                    doc: doc_line(&raw.op).unwrap_or_else(|| raw.id.clone()),
                })
                .collect();
            TagOps { tag, ops, sink }
        })
        .collect()
}
