//! What rendered case Markdown may contain, checked on every output of
//! `markdown::render` the fuzzer produces.
//!
//! The renderer escapes every `<` of the text, so each `<` in its output opens a
//! tag it wrote itself. The check is an allow-list of those tags and attributes
//! (what `pulldown-cmark` writes with tables and strikethrough) rather than a
//! deny-list of known attacks: anything new is a finding. The named invariants
//! are the ones that matter most (no script, no event handler, no link that runs
//! script, nothing that loads from another origin); the allow-lists catch the rest.

use crate::catch::Broken;

/// Tags `pulldown-cmark` writes for Markdown with tables and strikethrough.
const TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "a",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "blockquote",
    "hr",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    // Where a web link goes, shown after it (`markdown::render`).
    "span",
];
/// Attributes it writes: link target and title, list start, table cell alignment,
/// a code block's language; and a web link's new tab (`target`, `rel`).
const ATTRIBUTES: &[&str] = &["href", "title", "start", "style", "class", "target", "rel"];
/// Link targets `markdown::safe_url` keeps.
const SCHEMES: &[&str] = &["http://", "https://", "mailto:", "#"];

fn broken(invariant: &'static str, detail: String) -> Result<(), Broken> {
    Err(Broken { invariant, detail })
}

/// Checks every tag of `html`.
pub fn check(html: &str) -> Result<(), Broken> {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let end = after.find('>').unwrap_or(after.len());
        tag(&after[..end])?;
        rest = after.get(end + 1..).unwrap_or("");
    }
    Ok(())
}

/// One tag's text between `<` and `>`.
fn tag(inner: &str) -> Result<(), Broken> {
    let body = inner.strip_prefix('/').unwrap_or(inner);
    let name_len = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    let name = body[..name_len].to_ascii_lowercase();
    match name.as_str() {
        "" => return broken("markdown-escapes-angle-brackets", format!("<{inner}>")),
        "script" => return broken("markdown-no-script", format!("<{inner}>")),
        "img" | "iframe" => return broken("markdown-no-remote-load", format!("<{inner}>")),
        n if !TAGS.contains(&n) => return broken("markdown-known-tags", format!("<{inner}>")),
        _ => {}
    }
    let mut attrs = body[name_len..].trim_start_matches('/');
    loop {
        attrs = attrs.trim_start_matches([' ', '/']);
        if attrs.is_empty() {
            return Ok(());
        }
        let name_len = attrs.find(['=', ' ', '/']).unwrap_or(attrs.len());
        let attr = attrs[..name_len].to_ascii_lowercase();
        attrs = &attrs[name_len..];
        let value = match attrs.strip_prefix("=\"") {
            Some(quoted) => {
                let close = quoted.find('"').unwrap_or(quoted.len());
                attrs = quoted.get(close + 1..).unwrap_or("");
                &quoted[..close]
            }
            None => "",
        };
        if attr.starts_with("on") {
            return broken("markdown-no-event-handlers", format!("<{inner}>"));
        }
        if !ATTRIBUTES.contains(&attr.as_str()) {
            return broken("markdown-known-attributes", format!("<{inner}>"));
        }
        let lower = value.trim().to_ascii_lowercase();
        if attr == "href" && !SCHEMES.iter().any(|s| lower.starts_with(s)) {
            return broken("markdown-safe-links", format!("<{inner}>"));
        }
        // A page opened in a new tab must not get a handle on TraceLab's.
        if attr == "target" && !inner.contains("rel=\"noopener noreferrer\"") {
            return broken("markdown-new-tab-noopener", format!("<{inner}>"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invariant(html: &str) -> Option<&'static str> {
        check(html).err().map(|b| b.invariant)
    }

    #[test]
    fn the_renderers_own_output_passes() {
        let md = "# T\n\n**b** [x](https://a.b/?q=\"1\") [y](javascript:z)\n\n```rust\nx\n```\n\n| a |\n|:-:|\n| b |\n\n3. c\n\n<img src=x onerror=alert(1)>";
        assert_eq!(check(&tracelab::markdown::render(md)), Ok(()));
    }

    #[test]
    fn what_must_never_come_out_is_named() {
        assert_eq!(invariant("<script>x</script>"), Some("markdown-no-script"));
        assert_eq!(
            invariant("<p><IMG src=x></p>"),
            Some("markdown-no-remote-load")
        );
        assert_eq!(
            invariant("<a href=\"#\" onclick=\"x\">"),
            Some("markdown-no-event-handlers")
        );
        assert_eq!(
            invariant("<a href=\" javascript:x\">"),
            Some("markdown-safe-links")
        );
        assert_eq!(invariant("<svg>"), Some("markdown-known-tags"));
        assert_eq!(
            invariant("<p data-x=\"1\">"),
            Some("markdown-known-attributes")
        );
        assert_eq!(invariant("a < b"), Some("markdown-escapes-angle-brackets"));
        assert_eq!(
            invariant("<code class=\"language-x&quot; onclick=&quot;y\">"),
            None
        );
    }
}
