//! `orderFields(product)`: the field tables the rules check, described for a form. Generated from
//! the very tables [`super::validate`] walks, so a new field or allowed value shows up in a form
//! without touching the form's code.

use super::{fmt_name, order_fields, registry, Field, Fmt, Req, Ty};
use crate::products::Product;
use serde::Serialize;

/// One field of a product's request, for building a form.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct FieldInfo {
    /// The dotted path, as in `Issue.field`; list items end in `.*` (`certificate.dns_names.*`).
    pub path: String,
    /// The API's name for the field (the last step of `path`; `*` for list items).
    pub name: &'static str,
    /// A label for a form control: "DNS names", "Organization ID", "Address line 1".
    pub label: String,
    pub kind: FieldKind,
    /// Always required.
    pub required: bool,
    /// When a conditional requirement applies ("when cs_provisioning_method is client_app or not
    /// given"): the `requires` phrases of the registry's rules for this product, joined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required_when: Option<String>,
    /// One line of help for the form.
    pub help: &'static str,
    /// The allowed values of an enumerated field.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "(string | number)[]"))]
    pub allowed: Option<Vec<Allowed>>,
    /// True when values outside `allowed` are only warned about (the list is not known to be complete).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub open: bool,
    /// Integer bounds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// String length bounds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    /// List length bounds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<usize>,
    /// The string's format: `dns_name`, `email`, `yyyy-MM-dd`, `dd MMM YYYY`, `csr_pem`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<&'static str>,
    /// What to use instead, when the field is deprecated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<&'static str>,
    /// An object's fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<FieldInfo>>,
    /// Alternative sets of an object's fields, of which one is given (the organization: an
    /// existing `id`, or a new organization's details).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<Choice>>,
    /// A list's item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<FieldInfo>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    String,
    Integer,
    Boolean,
    Object,
    List,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Allowed {
    Str(&'static str),
    Int(i64),
}

/// One alternative of a `oneOf`: a label and the names of its fields.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Choice {
    pub label: &'static str,
    pub fields: Vec<&'static str>,
}

impl FieldInfo {
    /// Writes the JSON serde writes for this field (`serde_json::to_string`; a test holds the
    /// two equal for every product), without serde's generic code: `orderFields` in the wasm
    /// build, measured 0.4 KB gzip smaller.
    pub fn write_json(&self, out: &mut String) {
        use crate::json::write_escaped as text;
        fn key(out: &mut String, name: &str) {
            out.push_str(if out.ends_with('{') { "\"" } else { ",\"" });
            out.push_str(name);
            out.push_str("\":");
        }
        fn int(out: &mut String, name: &str, n: Option<i64>) {
            if let Some(n) = n {
                key(out, name);
                out.push_str(&n.to_string());
            }
        }
        fn size(out: &mut String, name: &str, n: Option<usize>) {
            int(out, name, n.map(|n| i64::try_from(n).unwrap_or(i64::MAX)));
        }
        fn opt_text(out: &mut String, name: &str, s: Option<&str>) {
            if let Some(s) = s {
                key(out, name);
                crate::json::write_escaped(out, s);
            }
        }
        out.push('{');
        key(out, "path");
        text(out, &self.path);
        key(out, "name");
        text(out, self.name);
        key(out, "label");
        text(out, &self.label);
        key(out, "kind");
        text(out, self.kind.name());
        key(out, "required");
        out.push_str(if self.required { "true" } else { "false" });
        opt_text(out, "requiredWhen", self.required_when.as_deref());
        key(out, "help");
        text(out, self.help);
        if let Some(allowed) = &self.allowed {
            key(out, "allowed");
            out.push('[');
            for (i, a) in allowed.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                match a {
                    Allowed::Str(s) => text(out, s),
                    Allowed::Int(n) => out.push_str(&n.to_string()),
                }
            }
            out.push(']');
        }
        if self.open {
            key(out, "open");
            out.push_str("true");
        }
        int(out, "min", self.min);
        int(out, "max", self.max);
        size(out, "minLength", self.min_length);
        size(out, "maxLength", self.max_length);
        size(out, "minItems", self.min_items);
        size(out, "maxItems", self.max_items);
        opt_text(out, "format", self.format);
        opt_text(out, "deprecated", self.deprecated);
        if let Some(fields) = &self.fields {
            key(out, "fields");
            write_list(out, fields);
        }
        if let Some(choices) = &self.one_of {
            key(out, "oneOf");
            out.push('[');
            for (i, c) in choices.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str("{\"label\":");
                text(out, c.label);
                out.push_str(",\"fields\":[");
                for (j, f) in c.fields.iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    text(out, f);
                }
                out.push_str("]}");
            }
            out.push(']');
        }
        if let Some(item) = &self.items {
            key(out, "items");
            item.write_json(out);
        }
        out.push('}');
    }
}

/// Writes `fields` as a JSON array ([`FieldInfo::write_json`]).
pub fn write_list(out: &mut String, fields: &[FieldInfo]) {
    out.push('[');
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        f.write_json(out);
    }
    out.push(']');
}

impl FieldKind {
    /// The name serde writes.
    pub fn name(self) -> &'static str {
        match self {
            FieldKind::String => "string",
            FieldKind::Integer => "integer",
            FieldKind::Boolean => "boolean",
            FieldKind::Object => "object",
            FieldKind::List => "list",
        }
    }
}

/// The request fields of `product`, in the order a form shows them.
pub fn describe(product: Product) -> Vec<FieldInfo> {
    order_fields(product)
        .iter()
        .filter(|f| !registry::hidden(product, f.name))
        .map(|f| describe_field(product, f, ""))
        .collect()
}

/// A form label from an API name: words split at `_`, the first capitalized, acronyms in capitals.
pub fn label(name: &str) -> String {
    match name {
        "addr1" => return "Address line 1".to_owned(),
        "addr2" | "address2" => return "Address line 2".to_owned(),
        "zip" => return "Postal code".to_owned(),
        "cs_provisioning_method" => return "Provisioning method".to_owned(),
        "common_name" => return "Common name".to_owned(),
        _ => {}
    }
    let mut out = String::new();
    // The words between `_`s (a plain loop: `split`'s iterator is 0.4 KB of wasm on its own).
    let mut rest = name;
    let mut i = 0;
    while !rest.is_empty() {
        let (word, tail) = rest.split_once('_').unwrap_or((rest, ""));
        rest = tail;
        if word.is_empty() {
            continue;
        }
        if i > 0 {
            out.push(' ');
        }
        i += 1;
        match word {
            "dns" | "csr" | "id" | "ct" | "cr" | "dcv" | "cs" | "url" | "ev" => {
                out.push_str(&word.to_ascii_uppercase())
            }
            // Field names are ASCII; `char::to_uppercase` would bring Unicode's case tables
            // (13 KB) into the wasm.
            _ if i == 1 => match word.split_at_checked(1) {
                Some((first, rest)) => {
                    out.push_str(&first.to_ascii_uppercase());
                    out.push_str(rest);
                }
                None => out.push_str(word),
            },
            _ => out.push_str(word),
        }
    }
    out
}

fn describe_field(product: Product, field: &Field, parent: &str) -> FieldInfo {
    let path = if parent.is_empty() {
        field.name.to_owned()
    } else {
        format!("{parent}.{}", field.name)
    };
    // A conditional field's requirement is the registry's: required on this product outright, or
    // when its rules say.
    let (required, when) = match field.req {
        Req::Yes => (true, None),
        Req::No => (false, None),
        Req::Cond => match registry::requirement(product, &path) {
            Some(None) => (true, None),
            Some(when) => (false, when),
            None => (false, None),
        },
    };
    let mut info = describe_ty(product, &field.ty, path, field.name, field.help);
    info.required = required;
    info.required_when = when;
    info.deprecated = field.deprecated;
    if field.name == "organization" {
        info.one_of = Some(vec![
            Choice {
                label: "Existing organization",
                fields: vec!["id"],
            },
            Choice {
                label: "New organization",
                fields: super::common::ORGANIZATION
                    .iter()
                    .map(|f| f.name)
                    .filter(|n| *n != "id")
                    .collect(),
            },
        ]);
    }
    info
}

fn describe_ty(
    product: Product,
    ty: &Ty,
    path: String,
    name: &'static str,
    help: &'static str,
) -> FieldInfo {
    let mut info = FieldInfo {
        path,
        name,
        label: label(name),
        kind: FieldKind::String,
        required: false,
        required_when: None,
        help,
        allowed: None,
        open: false,
        min: None,
        max: None,
        min_length: None,
        max_length: None,
        min_items: None,
        max_items: None,
        format: None,
        deprecated: None,
        fields: None,
        one_of: None,
        items: None,
    };
    match ty {
        Ty::Str { min, max, fmt } => {
            info.min_length = (*min > 0).then_some(*min);
            info.max_length = (*max < crate::value::MAX_STRING_LEN).then_some(*max);
            info.format = (*fmt != Fmt::Any).then(|| fmt_name(*fmt));
        }
        Ty::Int { min, max } => {
            info.kind = FieldKind::Integer;
            info.min = Some(*min);
            info.max = (*max != i64::MAX).then_some(*max);
        }
        Ty::IntEnum(values) => {
            info.kind = FieldKind::Integer;
            info.allowed = Some(values.iter().map(|v| Allowed::Int(*v)).collect());
        }
        Ty::Enum(values) => {
            info.allowed = Some(values.iter().map(|v| Allowed::Str(v)).collect());
        }
        Ty::OpenEnum(values, fmt) => {
            info.allowed = Some(values.iter().map(|v| Allowed::Str(v)).collect());
            info.open = true;
            info.format = Some(fmt_name(*fmt));
        }
        Ty::Bool => info.kind = FieldKind::Boolean,
        Ty::Object(fields) => {
            info.kind = FieldKind::Object;
            let parent = info.path.clone();
            info.fields = Some(
                fields
                    .iter()
                    .map(|f| describe_field(product, f, &parent))
                    .collect(),
            );
        }
        Ty::List { item, min, max } => {
            info.kind = FieldKind::List;
            info.min_items = (*min > 0).then_some(*min);
            info.max_items = Some(*max);
            let item_path = format!("{}.*", info.path);
            let mut entry = describe_ty(product, item, item_path, "*", "");
            entry.label = info.label.clone();
            info.items = Some(Box::new(entry));
        }
    }
    info
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_written_json_is_serdes() {
        for p in crate::products::Product::ALL {
            let fields = describe(p);
            let mut out = String::new();
            write_list(&mut out, &fields);
            let ours: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(ours, serde_json::to_value(&fields).unwrap(), "{p:?}");
            // Same text too (key order), as serde writes it.
            assert_eq!(out, serde_json::to_string(&fields).unwrap(), "{p:?}");
        }
    }

    fn find<'a>(fields: &'a [FieldInfo], path: &str) -> Option<&'a FieldInfo> {
        fields.iter().find_map(|f| {
            if f.path == path {
                Some(f)
            } else {
                f.fields
                    .as_deref()
                    .and_then(|inner| find(inner, path))
                    .or_else(|| {
                        f.items
                            .as_deref()
                            .and_then(|i| find(std::slice::from_ref(i), path))
                    })
            }
        })
    }

    #[test]
    fn describes_the_tables_the_rules_check() {
        let ssl = describe(Product::SslSecureSite);
        let years =
            find(&ssl, "validity_years").map(|f| (f.kind, f.min, f.max, f.required_when.is_some()));
        assert_eq!(years, Some((FieldKind::Integer, Some(1), Some(2), true)));
        let names = find(&ssl, "certificate.dns_names.*").map(|f| f.format);
        assert_eq!(names, Some(Some("dns_name")));
        let csr = find(&ssl, "certificate.csr").map(|f| f.required);
        assert_eq!(csr, Some(true));
        let org = find(&ssl, "organization").and_then(|f| f.one_of.as_ref().map(Vec::len));
        assert_eq!(org, Some(2));
        let cs = describe(Product::CodeSigningEv);
        assert!(find(&cs, "validity_years").is_some_and(|f| f.deprecated.is_some()));
        let method = find(&cs, "cs_provisioning_method")
            .map(|f| (f.open, f.required, f.required_when.clone()));
        assert_eq!(method, Some((true, true, None)));
        assert!(
            find(&cs, "subject").is_none(),
            "EV code signing ignores subject"
        );
        let ov = describe(Product::CodeSigning);
        let method =
            find(&ov, "cs_provisioning_method").map(|f| (f.required, f.required_when.clone()));
        assert_eq!(method, Some((false, None)));
        assert!(find(&ov, "subject.email").is_some());
        assert_eq!(
            find(&ssl, "certificate.dns_names").map(|f| f.label.as_str()),
            Some("DNS names")
        );
        assert_eq!(
            find(&ssl, "organization.id").map(|f| f.label.as_str()),
            Some("ID")
        );
        assert_eq!(label("metadata_id"), "Metadata ID");
        assert_eq!(label("disable_ct"), "Disable CT");
    }
}
