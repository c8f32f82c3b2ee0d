//! [`Text`]: a generated file's text, built item by item from token streams, each parsed,
//! printed by prettyplease and spaced like hand-written code.

use proc_macro2::TokenStream;

/// Parses and pretty-prints a file, then separates items with blank lines (prettyplease
/// prints them back to back).
#[cfg(test)]
pub(crate) fn format_file(tokens: TokenStream) -> Result<String, syn::Error> {
    let mut text = Text::default();
    text.push(tokens)?;
    Ok(text.out)
}

/// A type as prettyplease prints it (`Option<Vec<Pet>>`), for text written without it.
pub(crate) fn type_text(ty: &TokenStream) -> String {
    let item: syn::File = syn::parse_quote! { type T = #ty; };
    let printed = prettyplease::unparse(&item);
    printed
        .trim()
        .trim_start_matches("type T = ")
        .trim_end_matches(';')
        .to_owned()
}

/// A file's text, built item by item: each piece of tokens is parsed and printed as soon as it
/// is pushed, so only one item's syntax tree is alive at a time (memory stays proportional to
/// the output, and the parser's working set stays in cache).
#[derive(Default)]
pub(crate) struct Text {
    pub(super) out: String,
    /// Where the last line starts in `out`.
    last: usize,
}

impl Text {
    /// Appends items (and, at the start, inner attributes), formatted.
    pub(crate) fn push(&mut self, tokens: TokenStream) -> Result<(), syn::Error> {
        let file: syn::File = syn::parse2(tokens)?;
        let printed = prettyplease::unparse(&file);
        drop(file);
        self.push_str(&printed);
        Ok(())
    }

    /// Appends formatted text, with a blank line wherever one item ends and another starts.
    pub(super) fn push_str(&mut self, text: &str) {
        self.out.reserve(text.len() + text.len() / 16);
        for line in text.lines() {
            if self.last < self.out.len() {
                let prev = self.out[self.last..].trim_end_matches('\n');
                if needs_blank(prev, line) {
                    self.out.push('\n');
                }
            }
            self.last = self.out.len();
            self.out.push_str(line);
            self.out.push('\n');
        }
    }

    /// Appends another piece of text made apart (already spaced within itself).
    pub(crate) fn push_text(&mut self, other: Text) {
        if self.out.is_empty() {
            *self = other;
            return;
        }
        let Some(first) = other.out.lines().next() else {
            return;
        };
        if needs_blank(self.out[self.last..].trim_end_matches('\n'), first) {
            self.out.push('\n');
        }
        let offset = self.out.len();
        self.out.push_str(&other.out);
        self.last = offset + other.last;
    }

    /// A file's text so far: the generated-file `header` (one line, ending with a newline)
    /// and a blank line.
    pub(crate) fn with_header(header: &str) -> Text {
        let mut out = String::with_capacity(header.len() + 1);
        out.push_str(header);
        out.push('\n');
        // The last line so far is the blank one after the header: nothing is spaced from it.
        let last = out.len();
        Text { out, last }
    }

    /// A whole file: the generated-file `header`, a blank line, `head` (the `use` lists, known
    /// only once the items are made) and the `items`. The text is allocated once at its final
    /// size, and each piece is freed as soon as it is copied, so assembling a file needs
    /// little more memory than the pieces already take.
    pub(crate) fn file(header: &str, head: Text, items: Vec<Text>) -> String {
        let pieces = head.out.len() + items.iter().map(|t| t.out.len() + 1).sum::<usize>();
        let mut file = Text::with_header(header);
        file.out.reserve_exact(pieces);
        file.push_text(head);
        for item in items {
            file.push_text(item);
        }
        file.out
    }
}

fn needs_blank(prev: &str, cur: &str) -> bool {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let ci = indent(cur);
    // Only items (at the top level or in an `impl`) are separated; most lines are neither.
    if ci != 0 && ci != 4 {
        return false;
    }
    let pi = indent(prev);
    let (p, c) = (prev.trim(), cur.trim());
    if c.is_empty() || p.is_empty() || c.starts_with('}') || c.starts_with(')') {
        return false;
    }
    let item_start = |l: &str| {
        [
            "pub ", "fn ", "impl", "#[", "///", "const ", "type ", "struct ", "enum ", "mod ",
            "use ", "crate::",
        ]
        .iter()
        .any(|k| l.starts_with(k))
    };
    // `use` lines run together, and so do `mod` lines; one group is spaced from the other.
    let group = |l: &str| {
        let l = l.strip_prefix("pub ").unwrap_or(l);
        if l.starts_with("use ") {
            Some("use")
        } else if l.starts_with("mod ") {
            Some("mod")
        } else {
            None
        }
    };
    match (pi, ci) {
        (0, 0) => {
            if p.starts_with("//!") {
                return !c.starts_with("//!");
            }
            // After the crate's inner attributes.
            if p.starts_with("#![") {
                return !c.starts_with("#![");
            }
            // `}`, or a whole item on one line (`impl Error for E {}`, `pub struct S {}`,
            // `pub type T = U;`), which prettyplease does not space from the next.
            let ends_item = p == "}"
                || p.ends_with("{}")
                || p.ends_with("};")
                || (p.ends_with(';') && !p.starts_with("#"));
            ends_item && !(group(p).is_some() && group(p) == group(c))
        }
        // (`};`: the end of an associated `const` with a block, `const INFO: .. = { .. };`.)
        (4, 4) => {
            let ends = ["}", "};", "];", ");"].contains(&p);
            (ends || (p.ends_with("{}") && item_start(p))) && item_start(c)
        }
        // The end of a chain an associated `const` was broken into (`.with_security(..);`).
        (8, 4) => p.starts_with('.') && p.ends_with(';') && item_start(c),
        _ => false,
    }
}
