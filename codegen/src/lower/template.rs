//! Templates (a path, a server URL): literal pieces and `{variables}`.

/// A piece of a template (a path, a server URL).
pub(super) enum Segment<'t> {
    Literal(&'t str),
    /// A `{name}`.
    Variable(&'t str),
    /// A `{` without its `}`: nothing after it is read.
    Unclosed,
}

/// The pieces of a template, in order.
pub(super) fn segments(template: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        if start > 0 {
            out.push(Segment::Literal(&rest[..start]));
        }
        let Some(len) = rest[start..].find('}') else {
            out.push(Segment::Unclosed);
            return out;
        };
        out.push(Segment::Variable(&rest[start + 1..start + len]));
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        out.push(Segment::Literal(rest));
    }
    out
}
