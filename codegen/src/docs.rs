//! Spec text -> rustdoc-safe Markdown.
//!
//! Descriptions in real documents contain things rustdoc would compile or warn about:
//! indented or unlabelled code blocks (compiled as doctests), `[x]` (broken intra-doc
//! links), `<T>` (unclosed HTML tags), bare URLs. They are neutralised here so that the
//! generated crate documents and tests cleanly.

/// Cleans a description; `None` when nothing is left.
pub(crate) fn clean_doc(text: &str) -> Option<String> {
    let text: std::borrow::Cow<'_, str> = if text.contains(['\r', '\t']) {
        text.replace("\r\n", "\n")
            .replace('\r', "\n")
            .replace('\t', "    ")
            .into()
    } else {
        text.into()
    };
    let mut out: Vec<String> = Vec::new();
    let mut in_fence: Option<String> = None;
    // Content column of the list item being continued (`- a` -> 2, `10. a` -> 4), and
    // whether a blank line came after it.
    let mut list: Option<usize> = None;
    let mut blank_in_list = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let fence = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f));
        if let Some(f) = fence {
            list = None;
            match &in_fence {
                Some(open) if trimmed.starts_with(open.as_str()) => {
                    in_fence = None;
                    out.push(trimmed.trim_end().to_owned());
                }
                Some(_) => out.push(line.trim_end().to_owned()),
                None => {
                    let lang = trimmed[f.len()..].trim();
                    let lang = if lang.is_empty() || lang == "rust" || lang.starts_with("rust,") {
                        "text"
                    } else {
                        lang
                    };
                    in_fence = Some(f.to_owned());
                    out.push(format!("{f}{lang}"));
                }
            }
            continue;
        }
        if in_fence.is_some() {
            out.push(line.trim_end().to_owned());
            continue;
        }
        if trimmed.is_empty() {
            blank_in_list = list.is_some();
            out.push(String::new());
            continue;
        }
        let line = if let Some(width) = list_marker(trimmed) {
            // A list item: its own indentation is kept (nesting), capped below a code block.
            let indent = indent.min(3);
            list = Some(indent + width);
            blank_in_list = false;
            format!("{}{trimmed}", " ".repeat(indent))
        } else if let Some(column) =
            list.filter(|_| !ends_list(trimmed) && (!blank_in_list || indent > 0))
        {
            // A continuation of the list item: indented exactly to its content, neither lazily
            // (clippy `doc_lazy_continuation`) nor over-indented (a code block).
            format!("{}{trimmed}", " ".repeat(column))
        } else {
            list = None;
            // Indented code blocks would be doctests: cap the indentation at 3 spaces.
            if indent >= 4 {
                format!("   {trimmed}")
            } else {
                line.to_owned()
            }
        };
        out.push(inline(&line).trim_end().to_owned());
    }
    if in_fence.is_some() {
        out.push("```".into());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    if out.is_empty() {
        None
    } else {
        Some(out.join("\n"))
    }
}

/// The width of a list marker and the space after it (`- `, `* `, `+ `, `1. `, `2) `).
fn list_marker(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    match bytes {
        [b'-' | b'*' | b'+', b' ', ..] => Some(2),
        _ => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            match bytes.get(digits..digits + 2) {
                Some([b'.' | b')', b' ']) if (1..=9).contains(&digits) => Some(digits + 2),
                _ => None,
            }
        }
    }
}

/// Lines that end a list instead of continuing its last item (headings, rules).
fn ends_list(line: &str) -> bool {
    line.starts_with("# ")
        || line.starts_with("## ")
        || line.starts_with("### ")
        || line == "#"
        || ["---", "***", "___"].iter().any(|r| {
            line.starts_with(r)
                && line
                    .chars()
                    .all(|c| c == r.as_bytes()[0] as char || c == ' ')
        })
}

/// Escapes one line of prose (outside code spans).
fn inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut in_code = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' => {
                // Keep real Markdown links `[text](url)`; escape everything else.
                let close = chars[i..].iter().position(|&d| d == ']').map(|p| p + i);
                match close {
                    Some(j) if chars.get(j + 1) == Some(&'(') => out.push('['),
                    _ => out.push_str("\\["),
                }
            }
            ']' => {
                if chars.get(i + 1) == Some(&'(') {
                    out.push(']');
                } else {
                    out.push_str("\\]");
                }
            }
            '<' => {
                // An autolink `<https://...>` stays as it is.
                let end = chars[i..]
                    .iter()
                    .position(|&d| d == '>' || d.is_whitespace());
                match end {
                    Some(len) if chars[i + len] == '>' && starts_with_url(&chars[i + 1..]) => {
                        out.extend(&chars[i..=i + len]);
                        i += len + 1;
                        continue;
                    }
                    _ => out.push_str("&lt;"),
                }
            }
            '>' => out.push_str("&gt;"),
            // A bare URL becomes an autolink, except as the destination of `[text](url)`.
            'h' if starts_with_url(&chars[i..]) && !(i >= 2 && chars[i - 2..i] == [']', '(']) => {
                let end = chars[i..]
                    .iter()
                    .position(|c| {
                        c.is_whitespace() || matches!(c, ')' | '>' | '<' | '"' | '\'' | '`')
                    })
                    .map_or(chars.len(), |p| p + i);
                let mut url: String = chars[i..end].iter().collect();
                let mut trailing = String::new();
                while url.ends_with(['.', ',', ';', ':']) {
                    if let Some(t) = url.pop() {
                        trailing.insert(0, t);
                    }
                }
                out.push('<');
                out.push_str(&url);
                out.push('>');
                out.push_str(&trailing);
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn starts_with_url(chars: &[char]) -> bool {
    let s: String = chars.iter().take(8).collect();
    s.starts_with("http://") || s.starts_with("https://")
}

/// Splits text into `#[doc]` lines, each prefixed with a space (`/// text`).
pub(crate) fn doc_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_are_not_doctests() {
        assert_eq!(
            clean_doc("a\n```\nlet x;\n```").as_deref(),
            Some("a\n```text\nlet x;\n```")
        );
        assert_eq!(
            clean_doc("a\n```json\n{}\n```").as_deref(),
            Some("a\n```json\n{}\n```")
        );
        assert_eq!(
            clean_doc("a\n\n    indented code").as_deref(),
            Some("a\n\n   indented code")
        );
        assert_eq!(
            clean_doc("```\nunclosed").as_deref(),
            Some("```text\nunclosed\n```")
        );
    }

    #[test]
    fn brackets_html_and_urls() {
        assert_eq!(
            clean_doc("see [x] and [y](http://y)").as_deref(),
            Some("see \\[x\\] and [y](http://y)")
        );
        assert_eq!(
            clean_doc("List<String>").as_deref(),
            Some("List&lt;String&gt;")
        );
        assert_eq!(
            clean_doc("go to https://plex.tv.").as_deref(),
            Some("go to <https://plex.tv>.")
        );
        assert_eq!(clean_doc("`a<b>` [c]").as_deref(), Some("`a<b>` \\[c\\]"));
    }

    #[test]
    fn autolinks_and_link_destinations_are_kept() {
        assert_eq!(
            clean_doc("see <https://a.example.com/x> and [y](https://y.example.com)").as_deref(),
            Some("see <https://a.example.com/x> and [y](https://y.example.com)")
        );
        assert_eq!(
            clean_doc("<a href=\"https://a.example.com\">a</a>").as_deref(),
            Some("&lt;a href=\"<https://a.example.com>\"&gt;a&lt;/a&gt;")
        );
    }

    #[test]
    fn list_continuations_are_indented_to_the_item() {
        // Lazy continuation (clippy `doc_lazy_continuation`).
        assert_eq!(
            clean_doc("- a\nlazy\n- b").as_deref(),
            Some("- a\n  lazy\n- b")
        );
        // Over-indented continuation (clippy `doc_overindented_list_items`).
        assert_eq!(
            clean_doc("1. a\n        deep").as_deref(),
            Some("1. a\n   deep")
        );
        // A paragraph after the list is not part of it.
        assert_eq!(clean_doc("- a\n\nafter").as_deref(), Some("- a\n\nafter"));
        // Headings end the list.
        assert_eq!(clean_doc("- a\n# Title").as_deref(), Some("- a\n# Title"));
        assert_eq!(
            clean_doc("-1 is not a list\nnext").as_deref(),
            Some("-1 is not a list\nnext")
        );
    }

    #[test]
    fn tabs_become_spaces() {
        assert_eq!(
            clean_doc("a\tb\n\tcode").as_deref(),
            Some("a    b\n   code")
        );
    }

    #[test]
    fn empty_is_none() {
        assert_eq!(clean_doc("  \n \n"), None);
        assert_eq!(clean_doc("\nx  \n\n"), Some("x".into()));
    }
}
