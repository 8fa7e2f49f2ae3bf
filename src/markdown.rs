//! Markdown from case files, rendered so that a case can never run code in the page.
//!
//! Briefings, prompts, hints and debriefs are written by instructors and shared
//! between strangers, so they are untrusted. `pulldown-cmark` parses the Markdown;
//! before HTML is written, raw HTML blocks and inline HTML become plain text
//! (escaped), link targets are limited to http(s), mailto and in-page anchors, and
//! images become their alt text with the address shown, because loading a remote
//! image would also leak the trainee's presence to another origin.
//!
//! A web link opens in a new tab (`target="_blank"`), so following it never
//! replaces TraceLab and the work in it, with `rel="noopener noreferrer"`, so the
//! other site gets no handle on the page and no referrer. Its host is written after
//! the link text and the full address is its tooltip: a trainee sees where a link
//! goes before clicking it (a link text can say anything; the host is what counts,
//! and `https://bank.example@evil.example/` goes to evil.example).

use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::investigation::export::escape;

/// Renders Markdown to HTML that contains no raw HTML from the input.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    // For each link open: the HTML that closes it, when it is a web link written
    // by hand here (`None`: pulldown-cmark writes it).
    let mut open: Vec<Option<String>> = Vec::new();
    let events = Parser::new_ext(markdown, options).filter_map(move |event| match event {
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
        }) => match web_host(&dest_url) {
            Some(host) => {
                let url = escape(dest_url.trim());
                // An autolink's text is its address already.
                open.push(Some(if host.is_empty() || link_type == LinkType::Autolink {
                    "</a>".to_string()
                } else {
                    format!("</a> <span class=\"link-host\">({})</span>", escape(host))
                }));
                Some(Event::InlineHtml(CowStr::from(format!(
                    "<a href=\"{url}\" target=\"_blank\" rel=\"noopener noreferrer\" title=\"{url}\">"
                ))))
            }
            None => {
                open.push(None);
                Some(Event::Start(Tag::Link {
                    link_type,
                    dest_url: safe_url(dest_url),
                    title,
                    id,
                }))
            }
        },
        Event::End(TagEnd::Link) => match open.pop().flatten() {
            Some(close) => Some(Event::InlineHtml(CowStr::from(close))),
            None => Some(Event::End(TagEnd::Link)),
        },
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// The host of an http(s) address (empty if it has none), `None` for any other
/// link. The host is what follows the scheme and any user name, up to the port,
/// path, query or fragment.
fn web_host(url: &str) -> Option<&str> {
    let url = url.trim();
    let scheme = ["http://", "https://"].into_iter().find(|s| {
        url.get(..s.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(s))
    })?;
    let rest = &url[scheme.len()..];
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    Some(match host.strip_prefix('[') {
        // An IPv6 address: up to its closing bracket.
        Some(v6) => &host[..v6.find(']').map_or(host.len(), |i| i + 2)],
        None => &host[..host.find(':').unwrap_or(host.len())],
    })
}

/// Keeps only link targets that cannot run script (web links are written by
/// `render` itself).
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let allowed = lower.starts_with("mailto:") || lower.starts_with('#');
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
            "[x](mailto:a@example.org)",
            "<p><a href=\"mailto:a@example.org\">x</a></p>\n",
        );
        check("[x](#objectives)", "<p><a href=\"#objectives\">x</a></p>\n");
        check(
            "![alt](https://example.org/p.png)",
            "<p>[image: https://example.org/p.png] alt</p>\n",
        );
    }

    /// A link out of TraceLab opens in a new tab, without telling the other site
    /// where it came from, and says where it goes before anyone clicks it.
    #[test]
    fn web_links_open_elsewhere_and_show_their_host() {
        let attrs = "target=\"_blank\" rel=\"noopener noreferrer\"";
        check(
            "[x](https://example.org/a)",
            &format!("<p><a href=\"https://example.org/a\" {attrs} title=\"https://example.org/a\">x</a> <span class=\"link-host\">(example.org)</span></p>\n"),
        );
        // The host is what follows any user name: here evil.example, not the bank.
        check(
            "[your bank](http://bank.example:pw@evil.example:8080/login?a=1#top)",
            &format!("<p><a href=\"http://bank.example:pw@evil.example:8080/login?a=1#top\" {attrs} title=\"http://bank.example:pw@evil.example:8080/login?a=1#top\">your bank</a> <span class=\"link-host\">(evil.example)</span></p>\n"),
        );
        // Quotes and angle brackets in a URL stay inside the attributes.
        check(
            "[x](<https://e.example/\"onmouseover='a'>)",
            &format!("<p><a href=\"https://e.example/&quot;onmouseover=&#39;a&#39;\" {attrs} title=\"https://e.example/&quot;onmouseover=&#39;a&#39;\">x</a> <span class=\"link-host\">(e.example)</span></p>\n"),
        );
        // An autolink shows its address already: no host after it.
        check(
            "<https://example.org/b>",
            &format!("<p><a href=\"https://example.org/b\" {attrs} title=\"https://example.org/b\">https://example.org/b</a></p>\n"),
        );
        check(
            "[x](http://[::1]:8080/)",
            &format!("<p><a href=\"http://[::1]:8080/\" {attrs} title=\"http://[::1]:8080/\">x</a> <span class=\"link-host\">([::1])</span></p>\n"),
        );
        check(
            "[**bold** x](HTTPS://Example.ORG)",
            &format!("<p><a href=\"HTTPS://Example.ORG\" {attrs} title=\"HTTPS://Example.ORG\"><strong>bold</strong> x</a> <span class=\"link-host\">(Example.ORG)</span></p>\n"),
        );
    }
}
