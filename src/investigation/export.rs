//! What leaves the app: the graph's transactions as rows (for the table and CSV),
//! the graph as SVG, and a printable HTML report of the trail.
//!
//! All pure text generation, so it is tested natively and identical in the
//! browser. Everything taken from a case file or typed by the trainee is escaped:
//! a shared case or a note must never inject markup into a report someone opens.

use std::fmt::Write;

use super::{tag_colour_hex, Investigation, NODE_RADIUS};
use crate::address::shorten;
use crate::amount::{format_units, Amount};
use crate::ledger::Ledger;
use crate::px::Tenths;
use crate::time::{format_utc, UnixTime};

/// One flow on a shown edge: a line of the transactions table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxRow {
    pub tx: usize,
    pub time: Option<UnixTime>,
    pub from: String,
    pub to: String,
    pub asset: String,
    pub value: Amount,
}

/// Every flow behind the shown edges (filter applied), in ledger order. Rows name
/// the addresses that paid and were paid, also when they are merged into a
/// cluster's node; flows inside a cluster have no edge and no row.
pub fn tx_rows(inv: &Investigation, ledger: &Ledger) -> Vec<TxRow> {
    let mut rows = Vec::new();
    for tx in inv.shown_txs() {
        for flow in ledger.flows(tx) {
            let Some(from) = flow.from else { continue };
            let (Some(a), Some(b)) = (inv.node(&from), inv.node(&flow.to)) else {
                continue;
            };
            let shown = inv
                .edges()
                .any(|(x, y, e)| x.key == a.key && y.key == b.key && e.txs.contains(&tx));
            let asset_ok = inv.filter().asset.as_ref().is_none_or(|a| *a == flow.asset);
            if shown && asset_ok {
                rows.push(TxRow {
                    tx,
                    time: ledger.time(tx),
                    from,
                    to: flow.to,
                    asset: flow.asset,
                    value: flow.value,
                });
            }
        }
    }
    rows
}

/// The rows as CSV (RFC 4180 quoting), amounts exact in display units and in base
/// units, with the trainee's tags.
pub fn csv(inv: &Investigation, ledger: &Ledger) -> String {
    let mut out =
        String::from("time_utc,tx_id,from,to,asset,amount,amount_base_units,from_tag,to_tag\r\n");
    for r in tx_rows(inv, ledger) {
        let tag = |k: &str| inv.tag(k).map_or("", |t| t.as_str());
        let fields = [
            r.time.map(format_utc).unwrap_or_default(),
            ledger.tx(r.tx).id.clone(),
            ledger.display_address(&r.from).to_string(),
            ledger.display_address(&r.to).to_string(),
            ledger.symbol(&r.asset).to_string(),
            format_units(r.value, ledger.decimals(&r.asset)),
            r.value.0.to_string(),
            tag(&r.from).to_string(),
            tag(&r.to).to_string(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// "+2 merged" for a node that stands for 3 addresses; nothing for a plain node.
pub fn merged_label(inv: &Investigation, key: &str) -> Option<String> {
    let more = inv.stands_for(key).saturating_sub(1);
    (more > 0).then(|| format!("+{more} merged"))
}

fn csv_field(f: &str) -> String {
    // A leading = + - @ would make a spreadsheet evaluate the cell.
    let f = if f.starts_with(['=', '+', '-', '@']) {
        format!("'{f}")
    } else {
        f.to_string()
    };
    if f.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f
    }
}

/// Escapes text for HTML and XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The shown graph as a standalone SVG document, in world coordinates, with
/// fixed colours (an SVG file cannot read the app's theme). Coordinates are
/// written to a tenth of a unit ([`Tenths`]).
pub fn svg(inv: &Investigation, ledger: &Ledger) -> String {
    let margin = 80.0;
    let (x0, y0, x1, y1) = inv.bounds().unwrap_or((0.0, 0.0, 0.0, 0.0));
    let (w, h) = (x1 - x0 + 2.0 * margin, y1 - y0 + 2.0 * margin);
    let (left, top, w, h) = (
        Tenths(x0 - margin),
        Tenths(y0 - margin),
        Tenths(w),
        Tenths(h),
    );
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{left} {top} {w} {h}" width="{w}" height="{h}" font-family="sans-serif" font-size="12">"##,
    );
    s.push_str(r##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#64748b"/></marker></defs>"##);
    let _ = write!(
        s,
        r##"<rect x="{left}" y="{top}" width="{w}" height="{h}" fill="#ffffff"/>"##,
    );
    for (a, b, e) in inv.edges() {
        let len = (b.x - a.x).hypot(b.y - a.y).max(1.0);
        let (ux, uy) = ((b.x - a.x) / len, (b.y - a.y) / len);
        let r = NODE_RADIUS + 2.0;
        let amounts = e.total_labels(ledger);
        let _ = write!(
            s,
            r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#64748b" stroke-width="1.5" marker-end="url(#arrow)"/><text x="{}" y="{}" text-anchor="middle" fill="#1e293b">{}</text>"##,
            Tenths(a.x + ux * r),
            Tenths(a.y + uy * r),
            Tenths(b.x - ux * r),
            Tenths(b.y - uy * r),
            Tenths((a.x + b.x) / 2.0),
            Tenths((a.y + b.y) / 2.0 - 6.0),
            escape(&amounts.join(" · "))
        );
    }
    for n in inv.nodes() {
        let fill = inv.tag(&n.key).map_or("#94a3b8", tag_colour_hex);
        let _ = write!(
            s,
            r##"<g><title>{}</title><circle cx="{}" cy="{}" r="{}" fill="{fill}" stroke="#1e293b" stroke-width="{}"/><text x="{}" y="{}" text-anchor="middle" fill="#1e293b">{}</text>"##,
            escape(ledger.display_address(&n.key)),
            Tenths(n.x),
            Tenths(n.y),
            // Whole pixels: written as before ("16").
            NODE_RADIUS as u32,
            if n.is_start { 3 } else { 1 },
            Tenths(n.x),
            Tenths(n.y + NODE_RADIUS + 14.0),
            escape(&shorten(ledger.display_address(&n.key)))
        );
        let label = ledger
            .address(&n.key)
            .and_then(|a| a.label.as_ref())
            .map(|l| l.text.clone());
        let caption: Vec<String> = label
            .into_iter()
            .chain(inv.tag(&n.key).map(|t| format!("[{}]", t.label())))
            .chain(merged_label(inv, &n.key))
            .collect();
        if !caption.is_empty() {
            let _ = write!(
                s,
                r##"<text x="{}" y="{}" text-anchor="middle" font-weight="bold" fill="#1e293b">{}</text>"##,
                Tenths(n.x),
                Tenths(n.y + NODE_RADIUS + 29.0),
                escape(&caption.join(" "))
            );
        }
        s.push_str("</g>");
    }
    s.push_str("</svg>\n");
    s
}

/// A printable report: the case, the tagged addresses with notes, the annotated
/// edges and every transaction on the graph, with times. `generated` is the time
/// to print in the header (the caller's clock; the core has none).
pub fn report_html(inv: &Investigation, ledger: &Ledger, generated: &str) -> String {
    let case = &ledger.case;
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}: investigation report</title><style>{CSS}</style></head><body><h1>{title}</h1><p class=\"meta\">Case {id} version {version} · report generated {generated}</p>",
        title = escape(&case.title),
        id = escape(&case.id),
        version = escape(&case.version),
        generated = escape(generated),
    );
    let addresses: Vec<_> = inv
        .all_nodes()
        .filter(|n| inv.tag(&n.key).is_some() || inv.note(&n.key).is_some() || n.is_start)
        .collect();
    s.push_str("<h2>Addresses of interest</h2>");
    if addresses.is_empty() {
        s.push_str("<p>No address is tagged or annotated.</p>");
    } else {
        s.push_str("<table><thead><tr><th>Address</th><th>Attribution</th><th>Tag</th><th>Note</th></tr></thead><tbody>");
        for n in addresses {
            let label = ledger
                .address(&n.key)
                .and_then(|a| a.label.as_ref())
                .map_or(String::new(), |l| format!("{} ({})", l.text, l.source));
            let tag = inv
                .tag(&n.key)
                .map_or(String::new(), |t| t.label().to_string());
            let tag = if n.is_start {
                format!("{tag} (start)").trim().to_string()
            } else {
                tag
            };
            let _ = write!(
                s,
                "<tr><td class=\"mono\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(ledger.display_address(&n.key)),
                escape(&label),
                escape(&tag),
                escape(inv.note(&n.key).unwrap_or(""))
            );
        }
        s.push_str("</tbody></table>");
    }
    let clusters: Vec<_> = inv
        .all_nodes()
        .filter(|n| inv.stands_for(&n.key) > 1)
        .collect();
    if !clusters.is_empty() {
        s.push_str("<h2>Merged clusters</h2><ul>");
        for n in clusters {
            let members: Vec<String> = inv
                .merged_into(&n.key)
                .iter()
                .map(|m| escape(ledger.display_address(m)))
                .collect();
            let _ = write!(
                s,
                "<li><span class=\"mono\">{}</span> stands for <span class=\"mono\">{}</span></li>",
                escape(ledger.display_address(&n.key)),
                members.join(", ")
            );
        }
        s.push_str("</ul>");
    }
    if !inv.edge_notes().is_empty() {
        s.push_str("<h2>Notes on flows</h2><ul>");
        for ((from, to), note) in inv.edge_notes() {
            let _ = write!(
                s,
                "<li><span class=\"mono\">{} → {}</span>: {}</li>",
                escape(ledger.display_address(from)),
                escape(ledger.display_address(to)),
                escape(note)
            );
        }
        s.push_str("</ul>");
    }
    let rows = tx_rows(inv, ledger);
    let _ = write!(
        s,
        "<h2>Transactions on the graph ({})</h2><table><thead><tr><th>Time (UTC)</th><th>Transaction</th><th>From</th><th>To</th><th>Amount</th></tr></thead><tbody>",
        rows.len()
    );
    for r in rows {
        let _ = write!(
            s,
            "<tr><td>{}</td><td class=\"mono\">{}</td><td class=\"mono\">{}</td><td class=\"mono\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&r.time.map(format_utc).unwrap_or_default()),
            escape(&ledger.tx(r.tx).id),
            escape(ledger.display_address(&r.from)),
            escape(ledger.display_address(&r.to)),
            escape(&ledger.format_amount(&r.asset, r.value))
        );
    }
    s.push_str("</tbody></table></body></html>\n");
    s
}

const CSS: &str = "body{font:14px/1.4 system-ui,sans-serif;color:#111;margin:2rem}\
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.5rem}.meta{color:#555}\
table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:4px 6px;text-align:left;vertical-align:top}\
.mono{font-family:ui-monospace,monospace;word-break:break-all}.num{text-align:right;white-space:nowrap}\
@media print{body{margin:0}tr{break-inside:avoid}}";
