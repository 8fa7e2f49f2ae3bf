//! Markdown from case files, rendered so that a case can never run code in the page.
//!
//! Briefings, prompts, hints and debriefs are written by instructors and shared
//! between strangers, so they are untrusted. `pulldown-cmark` parses the Markdown;
//! before HTML is written, raw HTML blocks and inline HTML become plain text
//! (escaped), link targets are limited to http(s), mailto and in-page anchors, and
//! images become their alt text with the address shown, because loading a remote
//! image would also leak the trainee's presence to another origin.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

/// Renders Markdown to HTML that contains no raw HTML from the input.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Image { dest_url, .. }) => {
            Some(Event::Text(CowStr::from(format!("[image: {dest_url}] "))))
        }
        Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Some(Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        })),
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// Keeps only link targets that cannot run script.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let allowed = lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:")
        || lower.starts_with('#');
    if allowed {
        url
    } else {
        CowStr::from("#")
    }
}

#[cfg(test)]
mod tests {
    use super::render;

    fn check(input: &str, expected: &str) {
        assert_eq!(render(input), expected, "{input}");
    }

    #[test]
    fn markdown_is_rendered() {
        check(
            "**bold** and `code`",
            "<p><strong>bold</strong> and <code>code</code></p>\n",
        );
        check("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
    }

    #[test]
    fn html_is_shown_as_text() {
        check(
            "<script>alert(1)</script>",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
        );
        check(
            "hi <img src=x onerror=alert(1)> there",
            "<p>hi &lt;img src=x onerror=alert(1)&gt; there</p>\n",
        );
        check("[x](javascript:alert(1))", "<p><a href=\"#\">x</a></p>\n");
        check(
            "[x](https://example.org/a)",
            "<p><a href=\"https://example.org/a\">x</a></p>\n",
        );
        check(
            "![alt](https://example.org/p.png)",
            "<p>[image: https://example.org/p.png] alt</p>\n",
        );
    }
}
