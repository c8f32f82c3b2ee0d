//! Spec text -> rustdoc-safe Markdown.
//!
//! Descriptions in real documents contain things rustdoc would compile or warn about:
//! indented or unlabelled code blocks (compiled as doctests), `[x]` (broken intra-doc
//! links), `<T>` (unclosed HTML tags), bare URLs. They are neutralised here so that the
//! generated crate documents and tests cleanly.

/// Cleans a description; `None` when nothing is left.
pub(crate) fn clean_doc(text: &str) -> Option<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out: Vec<String> = Vec::new();
    let mut in_fence: Option<String> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let fence = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f));
        if let Some(f) = fence {
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
        // Indented code blocks would be doctests: cap the indentation at 3 spaces.
        let indent = line.len() - trimmed.len();
        let line = if indent >= 4 {
            format!("   {trimmed}")
        } else {
            line.to_owned()
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
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            'h' if starts_with_url(&chars[i..])
                && (i == 0 || !matches!(chars[i - 1], '(' | '<' | '"' | '\'')) =>
            {
                let end = chars[i..]
                    .iter()
                    .position(|c| c.is_whitespace() || *c == ')' || *c == '>')
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
    fn empty_is_none() {
        assert_eq!(clean_doc("  \n \n"), None);
        assert_eq!(clean_doc("\nx  \n\n"), Some("x".into()));
    }
}
