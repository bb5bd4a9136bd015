//! The rule registry: every check the validator runs is declared here or in its family's file,
//! with a stable id, the spec page or glossary entry it comes from, the products it applies to,
//! the fields it reads and where it reports, with which code and severity.
//!
//! Two kinds of rule:
//! - [`FieldRule`]s are the checks the walker makes of every field against its table (type,
//!   required, allowed values, bounds, format, unknown and deprecated fields). One id per kind
//!   of check, for every field (`field.required`, `field.enum`, ...): the field table says which
//!   field, the id says which check.
//! - [`Rule`]s tie fields together (conditional requirements, dates, policy). Each is one
//!   declaration plus one plain function beside it in its family's file, listed once in the
//!   family's [`rule_set!`]; the engine runs the family's rules, then the warning for retired
//!   products ([`super::retired`]) and the shared ones ([`super::common`]). A rule's `requires`
//!   is what `orderFields` shows as `requiredWhen`, so the condition is written once.
//!
//! Only what a call needs is in the wasm: each rule's id, products and function (run by direct
//! calls), and the top-level fields it hides (the walker reads but does not judge them); its
//! requirements are for `orderFields`, which the npm package carries as generated data, and
//! sources, the fields read and the declared reports are for the tests and RULES.md (a debug
//! build checks issues against the reports).
//!
//! Ids are stable: `tests/rules.rs` holds the list, and RULES.md (generated from this registry)
//! documents each one.

use super::Ctx;
use crate::products::{Family, Product};
use crate::report::{Code, Issue, Param, PathSeg, Severity};
use crate::value::Value;

/// The products a rule applies to.
#[derive(Clone, Copy, Debug)]
pub enum Applies {
    /// Every product.
    All,
    /// Every product of a family.
    Family(Family),
    /// Every product of a family except these.
    FamilyExcept(Family, &'static [Product]),
    /// Only these.
    Only(&'static [Product]),
}

impl Applies {
    pub fn includes(self, product: Product) -> bool {
        match self {
            Applies::All => true,
            Applies::Family(f) => product.family() == f,
            Applies::FamilyExcept(f, not) => product.family() == f && !not.contains(&product),
            Applies::Only(products) => products.contains(&product),
        }
    }
}

/// Where a rule reports: at the field `at` (a dotted path) or under it (a list's items), with
/// `code` and `severity`; `""` is the order itself (a retired product).
#[derive(Clone, Copy, Debug)]
pub struct Reports {
    pub at: &'static str,
    pub code: Code,
    pub severity: Severity,
}

impl Reports {
    pub const fn error(at: &'static str, code: Code) -> Reports {
        Reports {
            at,
            code,
            severity: Severity::Error,
        }
    }
    pub const fn warning(at: &'static str, code: Code) -> Reports {
        Reports {
            at,
            code,
            severity: Severity::Warning,
        }
    }
}

/// A requirement a rule enforces: the field at `field` (dotted) is required `when` (a phrase that
/// completes "Required ..."), or, with `None`, always on the rule's products.
#[derive(Clone, Copy, Debug)]
pub struct Requires {
    pub field: &'static str,
    pub when: Option<&'static str>,
}

/// A cross-field rule.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// Stable: `family.topic.what`.
    pub id: &'static str,
    /// The spec page or glossary entry it comes from ("page 002", "glossary, DCV methods").
    pub source: &'static str,
    pub applies: Applies,
    /// The fields (dotted paths) whose values decide the verdict.
    pub reads: &'static [&'static str],
    /// Every way it can report; a debug build checks each issue against this list.
    pub reports: &'static [Reports],
    /// The requirements it enforces, for `orderFields`.
    pub requires: &'static [Requires],
    /// Fields of the order (top level) CertCentral ignores on the rule's products: `orderFields`
    /// leaves them out and the walker does not judge them (the rule says they are ignored).
    pub hides: &'static [&'static str],
    pub(crate) check: fn(&mut Ctx, &Value),
}

impl Rule {
    /// A rule with nothing to require or hide (fill those in with struct update syntax).
    pub(crate) const fn new(
        id: &'static str,
        source: &'static str,
        applies: Applies,
        reads: &'static [&'static str],
        reports: &'static [Reports],
        check: fn(&mut Ctx, &Value),
    ) -> Rule {
        Rule {
            id,
            source,
            applies,
            reads,
            reports,
            requires: &[],
            hides: &[],
            check,
        }
    }
}

/// A check the walker makes of each field against its table.
#[derive(Clone, Copy, Debug)]
pub struct FieldRule {
    pub id: &'static str,
    pub source: &'static str,
    pub code: Code,
    pub severity: Severity,
    /// One line for the rule reference.
    pub what: &'static str,
}

const fn field_rule(
    id: &'static str,
    code: Code,
    severity: Severity,
    what: &'static str,
) -> FieldRule {
    FieldRule {
        id,
        source: "the product's field table (spec pages 002-004, glossary)",
        code,
        severity,
        what,
    }
}

pub const PRODUCT_UNKNOWN: FieldRule = FieldRule {
    id: "product.unknown",
    source: "glossary, Product identifiers",
    code: Code::UnknownProduct,
    severity: Severity::Error,
    what: "The product id is one of the products this library knows.",
};
pub const FIELD_REQUIRED: FieldRule = field_rule(
    "field.required",
    Code::Required,
    Severity::Error,
    "A field the table marks required is present.",
);
pub const FIELD_TYPE: FieldRule = field_rule(
    "field.type",
    Code::Type,
    Severity::Error,
    "A value has its field's JSON type (string, integer, true/false, object, list).",
);
pub const FIELD_ENUM: FieldRule = field_rule(
    "field.enum",
    Code::Enum,
    Severity::Error,
    "A value is one of its field's allowed values (a closed list).",
);
pub const FIELD_KNOWN_VALUE: FieldRule = field_rule(
    "field.known_value",
    Code::Enum,
    Severity::Warning,
    "A value is one of its field's known values (a list not known to be complete: glossary, \"must not reject a value only because it is missing\").",
);
pub const FIELD_RANGE: FieldRule = field_rule(
    "field.range",
    Code::Range,
    Severity::Error,
    "An integer is within its field's bounds.",
);
pub const FIELD_LENGTH: FieldRule = field_rule(
    "field.length",
    Code::Length,
    Severity::Error,
    "A string's characters or a list's entries are within its field's bounds.",
);
pub const FIELD_FORMAT: FieldRule = field_rule(
    "field.format",
    Code::Format,
    Severity::Error,
    "A string has its field's format: a DNS name, an e-mail address, a date, a PEM CSR, ...",
);
pub const FIELD_UNKNOWN: FieldRule = field_rule(
    "field.unknown",
    Code::UnknownField,
    Severity::Warning,
    "A field is in the product's request table (a near miss names the field meant).",
);
pub const FIELD_DEPRECATED: FieldRule = FieldRule {
    id: "field.deprecated",
    source: "spec page 002 (the newest page wins over 000 and 001)",
    code: Code::Deprecated,
    severity: Severity::Warning,
    what: "A field the newest spec page deprecates is named with what replaces it.",
};
pub const FIELD_LIMITS: FieldRule = FieldRule {
    id: "field.limits",
    source: "the readers' limits (depth, string length, entries, values)",
    code: Code::Length,
    severity: Severity::Error,
    what: "The order is within what the readers read: nesting depth, string length, list entries, values in all.",
};
/// A typed model that serde could not turn into JSON (native `validate_model` only).
pub const ORDER_READABLE: FieldRule = FieldRule {
    id: "order.readable",
    source: "the typed models (src/models)",
    code: Code::Type,
    severity: Severity::Error,
    what: "A typed model serializes to a JSON order.",
};

/// The options of a call (`validateOrder(product, order, options)` in JavaScript) are an object.
pub const OPTIONS_TYPE: FieldRule = FieldRule {
    id: "options.type",
    source: "the package's options (README, validateOrder)",
    code: Code::Type,
    severity: Severity::Error,
    what: "The call's options are an object whose fields can be read.",
};
/// `options.today` is a real date.
pub const OPTIONS_TODAY: FieldRule = FieldRule {
    id: "options.today",
    source: "the package's options (README, validateOrder)",
    code: Code::Format,
    severity: Severity::Error,
    what: "options.today is a real date as YYYY-MM-DD.",
};

/// Every field rule, in a fixed order.
pub const FIELD_RULES: &[FieldRule] = &[
    PRODUCT_UNKNOWN,
    FIELD_REQUIRED,
    FIELD_TYPE,
    FIELD_ENUM,
    FIELD_KNOWN_VALUE,
    FIELD_RANGE,
    FIELD_LENGTH,
    FIELD_FORMAT,
    FIELD_UNKNOWN,
    FIELD_DEPRECATED,
    FIELD_LIMITS,
    ORDER_READABLE,
    OPTIONS_TYPE,
    OPTIONS_TODAY,
];

/// What a running rule's issues carry: its id and, in debug builds, its declared reports.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Running {
    pub id: &'static str,
    #[cfg(debug_assertions)]
    pub reports: &'static [Reports],
}

/// What issues carry before any rule runs: nothing reports then (a debug build would stop at
/// an issue with no declared reports).
pub(crate) const NOT_A_RULE: Running = Running {
    id: "",
    #[cfg(debug_assertions)]
    reports: &[],
};

/// What `orderFields` needs of a rule.
#[derive(Clone, Copy, Debug)]
pub struct Described {
    pub applies: Applies,
    pub requires: &'static [Requires],
    pub hides: &'static [&'static str],
    /// Every report of the rule is a warning: what it requires is recommended, not required.
    pub warns_only: bool,
}

impl Rule {
    pub(crate) const fn running(&self) -> Running {
        Running {
            id: self.id,
            #[cfg(debug_assertions)]
            reports: self.reports,
        }
    }

    pub const fn described(&self) -> Described {
        let mut warns_only = true;
        let mut i = 0;
        while i < self.reports.len() {
            if !matches!(self.reports[i].severity, crate::report::Severity::Warning) {
                warns_only = false;
            }
            i += 1;
        }
        Described {
            applies: self.applies,
            // Read only by `orderFields` (`requirement`): the package's wasm, whose walker reads
            // `hides` here, leaves them out.
            requires: if super::PACKAGE_WASM {
                &[]
            } else {
                self.requires
            },
            hides: self.hides,
            warns_only,
        }
    }
}

impl FieldRule {
    /// What an issue of this rule carries (for `Ctx::here`, in a `const` block, so the
    /// documentation stays out of the wasm).
    pub(crate) const fn kind(&self) -> FieldIssue {
        FieldIssue {
            id: self.id,
            code: self.code,
            severity: self.severity,
        }
    }
}

/// A field rule's id, code and severity.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FieldIssue {
    pub id: &'static str,
    pub code: Code,
    pub severity: Severity,
}

impl FieldIssue {
    /// This rule's issue at `path`.
    pub(crate) fn issue(
        self,
        path: Vec<PathSeg>,
        message: String,
        params: Vec<(&'static str, Param)>,
    ) -> Issue {
        Issue {
            path,
            code: self.code,
            rule: self.id,
            severity: self.severity,
            message,
            params,
        }
    }
}

/// Declares a family's rules, in the order they run, once: the `RULES` the registry lists, the
/// `DESCRIBED` part `orderFields` reads, and `check`, which calls each rule that applies to the
/// order's product directly. `check` is `#[inline(never)]`: V8 compiles a wasm function whole on
/// its first call, so a first call compiles only the rules of the family it checks (measured:
/// 38 KB of code instead of 42 for an SSL order).
macro_rules! rule_set {
    (check: $($rule:path),* $(,)?) => {
        /// Runs the rules listed that apply to the order's product.
        #[inline(never)]
        pub(crate) fn check(ctx: &mut $crate::rules::Ctx, order: &$crate::value::Value) {
            $(
                // Each part in a `const` block: only it, not the declaration's documentation,
                // goes into the wasm.
                if const { $rule.applies }.includes(ctx.product) {
                    ctx.rule = const { $rule.running() };
                    (const { $rule.check })(ctx, order);
                }
            )*
        }
    };
    ($($rule:ident),* $(,)?) => {
        /// This family's rules, in the order they run.
        pub(crate) const RULES: &[$crate::rules::registry::Rule] = &[$($rule),*];

        /// What `orderFields` reads of [`RULES`].
        pub(crate) const DESCRIBED: &[$crate::rules::registry::Described] =
            &[$($rule.described()),*];

        $crate::rules::registry::rule_set!(check: $($rule),*);
    };
}
pub(crate) use rule_set;

/// Every cross-field rule, family by family, then the shared ones: the order the engine runs them.
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    super::code_signing::RULES
        .iter()
        .chain(super::client::RULES)
        .chain(super::ssl::RULES)
        .chain(super::secure_email::RULES)
        .chain(super::retired::RULES)
        .chain(super::common::RULES)
}

/// Every rule id, field rules first.
pub fn rule_ids() -> Vec<&'static str> {
    FIELD_RULES
        .iter()
        .map(|r| r.id)
        .chain(rules().map(|r| r.id))
        .collect()
}

/// The cross-field rules that apply to `product`.
pub fn rules_for(product: Product) -> impl Iterator<Item = &'static Rule> {
    rules().filter(move |r| r.applies.includes(product))
}

/// What `orderFields` says of the field at `path` (dotted) on `product`: required always (by a
/// rule for this product) or when (the rules' phrases joined), or nothing.
pub(crate) fn requirement(product: Product, path: &str) -> Option<Option<String>> {
    let mut when: Option<String> = None;
    for set in described(product) {
        for rule in set.iter().filter(|r| r.applies.includes(product)) {
            // A rule that only warns when the field is missing makes it recommended, not
            // required: a JSON Schema or a form must not refuse what validation accepts.
            for r in rule.requires.iter().filter(|r| r.field == path) {
                let w = match r.when {
                    Some(w) => w,
                    None if rule.warns_only => {
                        "as CertCentral most likely requires it (missing: a warning, not an error)"
                    }
                    None => return Some(None),
                };
                match &mut when {
                    None => when = Some(w.to_owned()),
                    Some(all) => {
                        all.push_str(", or ");
                        all.push_str(w);
                    }
                }
            }
        }
    }
    when.map(Some)
}

/// Whether a rule for `product` hides the (top-level) field `name` from `orderFields`.
pub(crate) fn hidden(product: Product, name: &str) -> bool {
    hidden_fields(product).contains(&name)
}

/// The top-level fields a rule for `product` declares meaningless there (`Rule::hides`): left
/// out of `orderFields`, and read but not judged by the walker (CertCentral ignores them; the
/// rule warns). At most one rule per product hides fields (tests/rules.rs).
pub(crate) fn hidden_fields(product: Product) -> &'static [&'static str] {
    for set in described(product) {
        for r in set.iter() {
            if !r.hides.is_empty() && r.applies.includes(product) {
                return r.hides;
            }
        }
    }
    &[]
}

/// The rule sets that can apply to `product`: its family's, the retired products' and the
/// shared one.
fn described(product: Product) -> [&'static [Described]; 3] {
    let family = match product.family() {
        Family::CodeSigning => super::code_signing::DESCRIBED,
        Family::Client => super::client::DESCRIBED,
        Family::Ssl => super::ssl::DESCRIBED,
        Family::SecureEmail => super::secure_email::DESCRIBED,
    };
    [family, super::retired::DESCRIBED, super::common::DESCRIBED]
}

/// Whether `path` (an issue's) is at or under the dotted `at`; `""` is the order itself, which
/// every path is under.
pub fn at_or_under(path: &[crate::report::PathSeg], at: &str) -> bool {
    if at.is_empty() {
        return true;
    }
    let mut segs = path.iter();
    at.split('.').all(|want| match segs.next() {
        Some(crate::report::PathSeg::Key(k)) => k == want,
        Some(crate::report::PathSeg::Index(i)) => want.parse() == Ok(*i),
        None => false,
    })
}
