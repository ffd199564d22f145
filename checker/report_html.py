"""``licensegate report``'s page: one self-contained HTML file, from ``checker.report_data``.

Everything is inline (the style, the timeline's SVG, a small script) and a Content-Security-Policy
forbids any request, so the page works the same from ``file://``, GitHub Pages or GitLab Pages.
Every table is complete HTML in a sensible order: the script only adds sort buttons to the column
headers and a filter box, so with scripts disabled the page loses nothing but those. Every value
from the inventory goes through ``escape.html``; the script reads nothing but the DOM, and no data
is ever inside it.
"""

from __future__ import annotations

import base64
import datetime
import functools
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from checker import escape, renewals
from checker.finding import Severity
from checker.report_data import Holder, Located, ReportData, timeline_end, waiver_state
from checker.ruledoc import sections

# Every value from the inventory is escaped; the same addresses, products and teams recur on every
# row of a large inventory, so each distinct text is escaped once.
h = functools.lru_cache(maxsize=1 << 16)(escape.html)

STYLE = """
:root{color-scheme:light dark;--bg:#fff;--text:#1b1b1b;--muted:#555;--border:#767676;--line:#d0d0d0;
--stripe:#f3f3f3;--error:#b3261e;--warning:#8a5300;--ok:#1d5b8f;--link:#0b57d0;--focus:#0b57d0}
@media (prefers-color-scheme:dark){:root{--bg:#121212;--text:#ececec;--muted:#b5b5b5;--border:#8a8a8a;
--line:#3a3a3a;--stripe:#1e1e1e;--error:#ff8a80;--warning:#ffcc66;--ok:#8ec5ff;--link:#9cc7ff;--focus:#9cc7ff}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,
sans-serif}
a{color:var(--link)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem;z-index:1}
header,main,footer{max-width:80rem;margin:0 auto;padding:0 1rem}
header{padding-top:1rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.35rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}
h3{font-size:1.1rem;margin:1.5rem 0 .5rem}
nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.muted{color:var(--muted)}
.stats{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.5rem}
.stats li{border:1px solid var(--border);border-radius:4px;padding:.5rem .75rem}
.stat{display:block;font-size:1.6rem;font-weight:700}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;margin:.25rem 0 1rem}table.wide{min-width:50rem}
.wide td,.wide th{min-width:6.5rem}
caption{text-align:left;color:var(--muted);padding:.25rem 0}
th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top;
overflow-wrap:anywhere}
thead th{border-bottom:2px solid var(--border);white-space:nowrap}
tbody tr:nth-child(even){background:var(--stripe)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.lvl{font-weight:600;white-space:nowrap}.day{white-space:nowrap}
.lvl-error,.lvl-overdue{color:var(--error)}.lvl-warning{color:var(--warning)}.lvl-ok{color:var(--ok)}
.lvl-error::before{content:"\\25B2  "/""}.lvl-warning::before{content:"\\25CF  "/""}
.lvl-ok::before{content:"\\25A0  "/""}.lvl-overdue::before{content:"\\2716  "/""}
.big{content-visibility:auto;contain-intrinsic-size:auto 3000px}
code,.where{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
ul.plain{margin:0;padding-left:1.1rem}
.sort{font:inherit;font-weight:700;color:inherit;background:none;border:0;padding:0;cursor:pointer;text-align:left}
th[aria-sort=ascending] .sort::after{content:" \\2191"/""}th[aria-sort=descending] .sort::after{content:" \\2193"/""}
.controls{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:.5rem 0}
.controls input,.controls select{font:inherit;color:var(--text);background:var(--bg);border:1px solid var(--border);
border-radius:3px;padding:.2rem .4rem}
figure{margin:0}
.timeline{min-width:40rem;width:100%;height:auto}
.timeline text{fill:var(--text);font-size:12px}.timeline .lane{fill:var(--stripe)}
.timeline .grid{stroke:var(--line)}.timeline .today{stroke:var(--text);stroke-width:2}
.timeline .eos{stroke:var(--text);stroke-dasharray:4 3}
.ev-error{fill:var(--error)}.ev-warning{fill:var(--warning)}.ev-ok{fill:var(--ok)}
.ev-overdue{stroke:var(--error);stroke-width:2.5;fill:none}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
.legend svg{vertical-align:-2px}
.rule{border-top:1px solid var(--line)}
pre{white-space:pre-wrap;background:var(--stripe);padding:.5rem;border-radius:4px}
code,pre,h1,p,li,dd{overflow-wrap:anywhere}
@media print{nav,.controls,.skip{display:none}tr[hidden]{display:table-row}
body{font-size:11pt}.scroll{overflow:visible}a{color:inherit}h2{break-after:avoid}tr{break-inside:avoid}}
"""

SCRIPT = """
(function () {
  "use strict";
  var each = function (list, f) { Array.prototype.forEach.call(list, f); };
  var value = function (row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    var sort = cell.getAttribute("data-sort");
    return sort === null ? cell.textContent.trim() : sort;
  };
  var compare = function (a, b) {
    var x = Number(a), y = Number(b);
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) { return x - y; }
    return a.localeCompare(b, undefined, {numeric: true, sensitivity: "base"});
  };
  each(document.querySelectorAll("table[data-sortable]"), function (table) {
    var body = table.tBodies[0], headers = table.tHead.rows[0].cells;
    each(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        each(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows), keys = new Map();
        rows.forEach(function (row) { keys.set(row, value(row, index)); });
        rows.sort(function (r, s) { var c = compare(keys.get(r), keys.get(s)); return ascending ? c : -c; });
        var fragment = document.createDocumentFragment();
        rows.forEach(function (row) { fragment.appendChild(row); });
        body.appendChild(fragment);
      });
    });
  });
  each(document.querySelectorAll("table[data-filter]"), function (table) {
    var rows = table.tBodies[0].rows, id = table.id, what = table.getAttribute("data-filter");
    var controls = document.createElement("div");
    controls.className = "controls";
    var label = document.createElement("label");
    label.htmlFor = id + "-text";
    label.textContent = "Filter " + what;
    var input = document.createElement("input");
    input.type = "search";
    input.id = id + "-text";
    controls.appendChild(label);
    controls.appendChild(input);
    var choice = table.getAttribute("data-choice"), select = null;
    if (choice) {
      var choiceLabel = document.createElement("label");
      choiceLabel.htmlFor = id + "-choice";
      choiceLabel.textContent = choice;
      select = document.createElement("select");
      select.id = id + "-choice";
      var seen = ["all"];
      each(rows, function (row) {
        var v = row.getAttribute("data-choice");
        if (v && seen.indexOf(v) < 0) { seen.push(v); }
      });
      seen.forEach(function (v) {
        var option = document.createElement("option");
        option.value = v;
        option.textContent = v;
        select.appendChild(option);
      });
      controls.appendChild(choiceLabel);
      controls.appendChild(select);
    }
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    status.className = "muted";
    controls.appendChild(status);
    var apply = function () {
      var text = input.value.trim().toLowerCase(), chosen = select ? select.value : "all", shown = 0;
      each(rows, function (row) {
        var show = (chosen === "all" || row.getAttribute("data-choice") === chosen) &&
          (text === "" || row.textContent.toLowerCase().indexOf(text) >= 0);
        row.hidden = !show;
        if (show) { shown += 1; }
      });
      status.textContent = shown + " of " + rows.length + " " + what + " shown";
    };
    input.addEventListener("input", apply);
    if (select) { select.addEventListener("change", apply); }
    var place = table.closest(".scroll") || table;
    place.parentNode.insertBefore(controls, place);
    status.textContent = rows.length + " of " + rows.length + " " + what + " shown";
  });
})();
"""


def _digest(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


# No request to any host: nothing may be fetched, framed, submitted or connected to; only the
# page's own style and script, by their hashes, run.
CSP = (
    f"default-src 'none'; style-src '{_digest(STYLE)}'; script-src '{_digest(SCRIPT)}'; img-src data:;"
    " base-uri 'none'; form-action 'none'"
)

GLYPH = {"error": "\u25b2", "warning": "\u25cf", "ok": "\u25a0", "overdue": "\u2716"}
_RANK = {"error": "0", "warning": "1", "ok": "2"}
_NONE = "\u2014"  # an empty cell, shown


def _level(level: str, word: str | None = None) -> str:
    """A level as a person sees it: a shape (from the style, hidden from screen readers, which
    read the word) and a word as well as a colour."""
    return f'<span class="lvl lvl-{level}">{word or level}</span>'


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _table(
    table_id: str,
    caption: str,
    headers: list[tuple[str, str]],
    rows: Iterable[str],
    *,
    sortable: bool = True,
    filter_what: str | None = None,
    choice: str | None = None,
    sorted_by: int | None = None,
    empty: str = "None.",
) -> str:
    """A complete table: HEADERS are (label, class) pairs, ROWS rendered ``<tr>``s; the script
    adds sorting where SORTABLE and a filter box where FILTER_WHAT names the rows."""
    listed = list(rows)
    body = "".join(listed)
    attributes = f' id="{table_id}"'
    if not body:
        return f'<p id="{table_id}">{h(caption)}: {h(empty)}</p>'
    if len(headers) >= 5:
        attributes += ' class="wide"'  # on a phone, scrolled sideways rather than squeezed letter by letter
    if sortable:
        attributes += " data-sortable"
    if filter_what:
        attributes += f' data-filter="{h(filter_what)}"'
    if choice:
        attributes += f' data-choice="{h(choice)}"'
    head = "".join(
        '<th scope="col"'
        + (f' class="{cls}"' if cls else "")
        + (' aria-sort="ascending"' if index == sorted_by else "")
        + f">{h(label)}</th>"
        for index, (label, cls) in enumerate(headers)
    )
    return (
        # A long table is laid out only when it comes near the screen: a 2,000-license page renders in time.
        f'<div class="scroll{" big" if len(listed) > 100 else ""}" role="region" tabindex="0"'
        f' aria-labelledby="{table_id}-caption">'
        f'<table{attributes}><caption id="{table_id}-caption">{h(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _where(located: Located) -> str:
    finding = located.finding
    text = h(f"{finding.file}:{finding.line}:{finding.column}")
    if located.link is None:
        return f'<span class="where">{text}</span>'
    return f'<a class="where" href="{h(located.link)}">{text}</a>'


def _at(data: ReportData, pointer: str) -> str:
    path, line, column = data.place(pointer)
    return f'<span class="where">{h(f"{path}:{line}:{column}")}</span>'


def _cell(text: str | None) -> str:
    return h(text) if text else '<span class="muted">\u2014</span>'


# -- summary ---------------------------------------------------------------------------------


def _summary(data: ReportData) -> Iterator[str]:
    errors = sum(1 for item in data.findings if item.finding.severity == Severity.ERROR)
    warnings = len(data.findings) - errors
    inputs = data.inputs
    licenses = len(inputs.inventory.licenses) if inputs is not None else 0
    stats: list[tuple[int, str, str | None]] = [(licenses, "licenses" if licenses != 1 else "license", None)]
    stats += [(errors, "errors" if errors != 1 else "error", "error" if errors else None)]
    stats += [(warnings, "warnings" if warnings != 1 else "warning", "warning" if warnings else None)]
    if inputs is not None:
        policy = inputs.policy
        error_days, warning_days = policy.renewal_error_days, renewals.default_window(inputs)
        overdue = sum(1 for renewal in data.renewals if renewal.overdue)
        soon = sum(1 for renewal in data.renewals if renewal.days <= error_days)
        later = sum(1 for renewal in data.renewals if renewal.days <= warning_days)
        in_force = sum(1 for waiver in inputs.inventory.waivers if waiver_state(waiver, data.today)[0] == "in force")
        stats += [
            (overdue, "overdue", "error" if overdue else None),
            (soon, f"due within {error_days} days (overdue included)", "error" if soon else None),
            (later, f"due within {warning_days} days (overdue included)", "warning" if later else None),
            (in_force, f"{'waiver' if in_force == 1 else 'waivers'} in force", None),
            (len(data.holders), "people license mail reaches", None),
            (len(data.below), f"below min_reach ({policy.min_reach})", "error" if data.below else None),
        ]
    yield '<section aria-labelledby="summary"><h2 id="summary">Summary</h2><ul class="stats" id="stats">'
    for count, label, level in stats:
        css = f' class="lvl-{level}"' if level else ""
        yield f'<li><span class="stat"><span{css}>{count}</span></span> {h(label)}</li>'
    yield "</ul>"
    if data.waived:
        yield f'<p class="muted">{_plural(data.waived, "finding")} silenced by waivers in force.</p>'
    if inputs is None:
        yield "<p>The inventory could not be read: the findings below say why.</p></section>"
        return
    yield '<h3 id="products-heading">Licenses by product and deployment</h3>'
    yield _products(data)
    yield '<h3 id="rules-heading">Findings by rule</h3>'
    counted = Counter((item.finding.severity.value, item.finding.rule) for item in data.findings)
    rows = (
        f'<tr><td><a href="#rule-{h(rule)}">{h(rule)}</a></td><td data-sort="{_RANK[level]}">{_level(level)}</td>'
        f'<td class="num">{count}</td></tr>'
        for (level, rule), count in sorted(counted.items(), key=lambda item: (_RANK[item[0][0]], -item[1], item[0][1]))
    )
    yield _table(
        "findings-by-rule",
        "Findings by rule and severity",
        [("Rule", ""), ("Severity", ""), ("Findings", "num")],
        rows,
        empty="no findings",
    )
    yield '<h3 id="waivers-heading">Waivers and when they end</h3>'
    yield _waivers(data)
    yield "</section>"


def _products(data: ReportData) -> str:
    assert data.inputs is not None
    count: Counter[tuple[str, str]] = Counter()
    for license in data.inputs.inventory.licenses:
        count[(license.product or "(no product)", license.deployment or "(no deployment)")] += 1
    deployments = sorted({deployment for _, deployment in count})
    products = sorted({product for product, _ in count}, key=lambda name: (name.casefold(), name))
    rows = []
    for product in products:
        cells = "".join(f'<td class="num">{count[(product, deployment)]}</td>' for deployment in deployments)
        total = sum(count[(product, deployment)] for deployment in deployments)
        rows.append(f'<tr><th scope="row">{h(product)}</th>{cells}<td class="num">{total}</td></tr>')
    totals = "".join(
        f'<td class="num">{sum(count[(product, deployment)] for product in products)}</td>'
        for deployment in deployments
    )
    rows.append(f'<tr><th scope="row">All products</th>{totals}<td class="num">{sum(count.values())}</td></tr>')
    headers = [("Product", ""), *((deployment, "num") for deployment in deployments), ("All", "num")]
    return _table("products", "Licenses by product (rows) and deployment (columns)", headers, rows, sortable=False)


def _waivers(data: ReportData) -> str:
    assert data.inputs is not None
    rows = []
    waivers = sorted(data.inputs.inventory.waivers, key=lambda w: (w.expires or datetime.date.max, w.rule or ""))
    for waiver in waivers:
        _, days = waiver_state(waiver, data.today)
        if days is None:
            when = _level("error", "no end date")
        elif days < 0:
            when = _level("error", f"expired {_plural(-days, 'day')} ago")
        else:
            when = f"in force, ends {'today' if days == 0 else 'in ' + _plural(days, 'day')}"
        rows.append(
            f"<tr><td>{_cell(waiver.rule)}</td><td>{_cell(waiver.license)}</td><td>{_cell(waiver.owner)}</td>"
            f'<td class="day" data-sort="{waiver.expires or ""}">{waiver.expires or _NONE}</td>'
            f'<td data-sort="{days if days is not None else ""}">{when}</td>'
            f"<td>{_at(data, waiver.pointer)}</td></tr>"
        )
    return _table(
        "waivers",
        "Waivers, soonest end first",
        [("Rule", ""), ("License", ""), ("Owner", ""), ("Expires", ""), ("State", ""), ("Where", "")],
        rows,
        sorted_by=3,
        empty="no waivers",
    )


# -- renewals and the timeline -----------------------------------------------------------------

_LEFT, _TODAY_X, _RIGHT, _WIDTH = 170.0, 230.0, 985.0, 1000
_STEP, _STACK = 8, 8  # a marker's height, and how many stack on one spot (more: "+N" above)


def _scale(today: datetime.date) -> Callable[[datetime.date], float]:
    """A day's x in the timeline: today at _TODAY_X, the timeline's end at _RIGHT."""
    per_day = (_RIGHT - _TODAY_X) / max(1, (timeline_end(today) - today).days)
    ordinal = today.toordinal()

    def x(day: datetime.date) -> float:
        return _TODAY_X + (day.toordinal() - ordinal) * per_day

    return x


def _shape(kind: str, x: float, y: float) -> str:
    if kind == "error":
        return f'<path d="M{x:.1f} {y - 4.5:.1f}l4.5 8h-9z"/>'
    if kind == "warning":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.8"/>'
    if kind == "ok":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7"/>'
    return f'<path d="M{x - 3.5:.1f} {y - 3.5:.1f}l7 7m0-7l-7 7"/>'  # overdue: a cross


def _icon(kind: str) -> str:
    shape = _shape(kind, 0, 0)
    return (
        f'<svg aria-hidden="true" width="14" height="14" viewBox="-7 -7 14 14"><g class="ev-{kind}">{shape}</g></svg>'
    )


def _timeline(data: ReportData) -> Iterator[str]:
    assert data.inputs is not None
    policy = data.inputs.policy
    error_days, warning_days = policy.renewal_error_days, renewals.default_window(data.inputs)
    end = timeline_end(data.today)
    _x = _scale(data.today)
    shown = [renewal for renewal in data.renewals if renewal.renews <= end]
    lanes = [
        ("error", f"due within {error_days} days"),
        ("warning", f"within {warning_days} days"),
        ("ok", "later"),
    ]
    # Stack the markers that fall on the same spot of a lane, up to _STACK high.
    stacked: Counter[tuple[str, int]] = Counter()
    placed = []
    for renewal in shown:
        kind = "overdue" if renewal.overdue else renewal.level
        lane = "error" if kind == "overdue" else renewal.level
        x = (_LEFT + _TODAY_X) / 2 if renewal.overdue else _x(renewal.renews)
        spot = (lane, int(x // _STEP))
        placed.append((renewal, kind, lane, x, stacked[spot]))
        stacked[spot] += 1
    high = min(_STACK, max(stacked.values(), default=1))  # the lanes are as tall as their highest stack
    top, lane_height = 44, _STEP * high + (22 if high == _STACK else 14)
    height = top + lane_height * len(lanes) + 24
    lane_top = {lane: top + index * lane_height for index, (lane, _) in enumerate(lanes)}
    ends_in = [end_ for end_ in data.ends if data.today <= end_.date <= end]
    title = (
        f"Renewals from {data.today} to {end}: {_plural(len(shown), 'renewal')}"
        f"{', ' + str(sum(1 for r in shown if r.overdue)) + ' overdue' if any(r.overdue for r in shown) else ''}."
        " The table below lists them."
    )
    yield '<figure aria-labelledby="timeline-caption">'
    yield '<div class="scroll" role="region" tabindex="0" aria-labelledby="timeline-caption">'
    yield (
        f'<svg class="timeline" id="timeline" viewBox="0 0 {_WIDTH} {height}" role="img"'
        f' aria-labelledby="timeline-title" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="timeline-title">{h(title)}</title>'
    )
    for lane, label in lanes:
        y = lane_top[lane]
        yield f'<rect class="lane" x="{_LEFT}" y="{y}" width="{_RIGHT - _LEFT + 10}" height="{lane_height - 4}"/>'
        yield f'<text x="4" y="{y + lane_height / 2:.0f}">{GLYPH[lane]} {h(label)}</text>'
    bottom = top + lane_height * len(lanes) - 4
    month = datetime.date(data.today.year, data.today.month, 1)
    while month.year < datetime.MAXYEAR or month.month < 12:
        month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        if month > end:
            break
        x = _x(month)
        yield f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{top - 4}" y2="{bottom}"/>'
        if month.month in (1, 4, 7, 10):
            label = month.strftime("%b %Y") if month.month == 1 else month.strftime("%b")
            yield f'<text x="{x + 2:.1f}" y="{top - 8}">{label}</text>'
    yield f'<line class="today" x1="{_TODAY_X}" x2="{_TODAY_X}" y1="{top - 20}" y2="{bottom}"/>'
    yield f'<text x="{_TODAY_X}" y="{bottom + 16}" text-anchor="middle">today {data.today}</text>'
    yield f'<text x="{_LEFT + 2}" y="{top - 8}">overdue</text>'
    for end_ in ends_in:
        x = _x(end_.date)
        yield f'<g class="end-of-support"><title>{h(f"{end_.what} end of support: {end_.date}")}</title>'
        yield f'<line class="eos" x1="{x:.1f}" x2="{x:.1f}" y1="4" y2="{bottom}"/>'
        anchor = "end" if x > _WIDTH - 200 else "start"
        yield f'<text x="{x - 3 if anchor == "end" else x + 3:.1f}" y="14" text-anchor="{anchor}">'
        yield f"{h(end_.what)} end of support {end_.date}</text></g>"
    for (lane, column), count in stacked.items():
        if count > high:
            x, y = (column + 0.5) * _STEP, lane_top[lane] + 8
            yield f'<text class="more" x="{x:.1f}" y="{y}" text-anchor="middle">+{count - high}</text>'
    for renewal, kind, lane, x, level in placed:
        y = lane_top[lane] + lane_height - 12 - (level % high) * _STEP
        what = h(f"{renewal.license} {renewal.product or ''}".strip())
        text = f"{renewal.renews}: {what}, {renewals.when(renewal)} ({kind})"  # when(): our words and digits
        yield f'<g class="event ev-{kind}" data-date="{renewal.renews}"><title>{text}</title>{_shape(kind, x, y)}</g>'
    yield "</svg></div>"
    later = len(data.renewals) - len(shown)
    yield '<figcaption id="timeline-caption">Renewals in the next 24 months, each on its date.'
    if later:
        first = data.renewals[len(shown)]
        yield f" {_plural(later, 'renewal')} after {end} (the next on {first.renews})."
    yield '<ul class="legend">'
    yield f"<li>{_icon('overdue')} overdue</li>"
    yield f"<li>{_icon('error')} error: due within {error_days} days</li>"
    yield f"<li>{_icon('warning')} warning: due within {warning_days} days</li>"
    yield f"<li>{_icon('ok')} later</li>"
    yield "<li>dashed line: end of support</li></ul>"
    for end_ in data.ends:
        licenses = _plural(end_.licenses, "license")
        if end_.date < data.today:
            yield f"<p>{h(end_.what)}: support ended on {end_.date} ({licenses}).</p>"
        elif end_.date > end:
            yield f"<p>{h(end_.what)}: support ends on {end_.date}, after this timeline ({licenses}).</p>"
        else:
            yield f"<p>{h(end_.what)}: support ends on {end_.date} ({licenses}).</p>"
    yield "</figcaption></figure>"


def _renewals(data: ReportData) -> Iterator[str]:
    assert data.inputs is not None
    yield '<section aria-labelledby="renewals"><h2 id="renewals">Renewals</h2>'
    yield from _timeline(data)
    end = timeline_end(data.today)
    levels = {level: _level(level) for level in _RANK} | {"overdue": _level("overdue", "error, overdue")}
    rows = []
    for renewal in data.renewals:
        if renewal.renews > end:
            break
        kind = "overdue" if renewal.overdue else renewal.level
        rows.append(
            f'<tr data-choice="{kind}"><td class="day">{renewal.renews}</td>'
            f'<td class="num" data-sort="{renewal.days}">{renewals.when(renewal)}</td>'
            f'<td data-sort="{_RANK[renewal.level]}">{levels[kind]}</td><td>{h(renewal.license)}</td>'
            f"<td>{_cell(renewal.product)}</td><td>{_cell(renewal.deployment)}</td>"
            f"<td>{_cell(renewal.technical_contact)}</td><td>{_cell(data.notes.get(renewal.license))}</td></tr>"
        )
    yield _table(
        "renewal-table",
        "Renewals in the next 24 months, soonest first (overdue ones lead)",
        [
            ("Renews", ""),
            ("When", "num"),
            ("Level", ""),
            ("License", ""),
            ("Product", ""),
            ("Deployment", ""),
            ("Technical contact", ""),
            ("Notes", ""),
        ],
        rows,
        filter_what="renewals",
        choice="Level",
        sorted_by=0,
        empty="no renewal in the next 24 months",
    )
    yield "</section>"


# -- who holds what ------------------------------------------------------------------------------

_ROLE = {"technical contact": "technical", "backup contact": "backup", "billing contact": "billing"}


def _holder_row(holder: Holder) -> str:
    name = h(holder.name) if holder.name else ""
    person = f'{name}<br><span class="muted">{h(holder.email)}</span>' if name else h(holder.email)
    alone = (
        h(", ".join(entry.license or "?" for entry in holder.alone))
        if holder.alone
        else '<span class="muted">\u2014</span>'
    )
    # One line per role and mailbox: "technical via team@ (3): SEN-1, SEN-2, SEN-3".
    held = "".join(
        f"<li>{_ROLE.get(role, role)}{' via ' + h(via) if via else ''} ({len(sens)}):"
        f" {h(', '.join(sen or '?' for sen in sens))}</li>"
        for (role, via), sens in holder.holdings.items()
    )
    return (
        f'<tr><td data-sort="{h((holder.name or holder.email).casefold())}">{person}</td><td>{_cell(holder.team)}</td>'
        f'<td class="num">{holder.licenses}</td><td data-sort="{len(holder.alone)}">{alone}</td>'
        f'<td><ul class="plain">{held}</ul></td></tr>'
    )


def _who(data: ReportData) -> Iterator[str]:
    assert data.inputs is not None
    minimum = data.inputs.policy.min_reach
    yield '<section aria-labelledby="who"><h2 id="who">Who holds what</h2>'
    yield (
        "<p>Whose inbox each license's mail reaches: its technical contact (through a mailbox's members),"
        f" its backup contacts and its billing contact. The policy wants at least {minimum} active"
        " people reached by the technical and backup mail (min_reach).</p>"
    )
    yield f'<h3 id="below-heading">Licenses whose mail reaches fewer than {minimum} active people</h3>'
    rows = (
        f"<tr><td>{_cell(entry.license)}</td><td>{_cell(entry.product)}</td>"
        f'<td class="num">{len(entry.reached)}</td>'
        f"<td>{h(', '.join(entry.reached)) if entry.reached else '<span class=muted>no one</span>'}</td>"
        f"<td>{_at(data, entry.pointer)}</td></tr>"
        for entry in data.below
    )
    yield _table(
        "below",
        f"Licenses below min_reach ({minimum})",
        [("License", ""), ("Product", ""), ("People reached", "num"), ("Who", ""), ("Where", "")],
        rows,
        empty="none: every license reaches enough people" if minimum else "min_reach is 0: not checked",
    )
    yield '<h3 id="people-heading">People, and the licenses whose mail reaches them</h3>'
    yield _table(
        "people",
        "People license mail reaches; those whose departure alone would leave licenses below min_reach first",
        [
            ("Person", ""),
            ("Team", ""),
            ("Licenses", "num"),
            ("Left below min_reach if they leave", ""),
            ("Licenses and roles", ""),
        ],
        (_holder_row(holder) for holder in data.holders),
        filter_what="people",
        empty="license mail reaches no one",
    )
    yield "</section>"


# -- findings and rules ---------------------------------------------------------------------------


def _findings(data: ReportData) -> Iterator[str]:
    yield '<section aria-labelledby="findings"><h2 id="findings">Findings</h2>'
    ordered = sorted(
        data.findings,
        key=lambda item: (
            _RANK[item.finding.severity.value],
            item.finding.file,
            item.finding.line,
            item.finding.column,
        ),
    )
    rows = []
    for item in ordered:
        finding = item.finding
        doc = data.rules.get(finding.rule)
        level = finding.severity.value
        rows.append(
            f'<tr data-choice="{level}"><td data-sort="{_RANK[level]}">{_level(level)}</td>'
            f'<td><a href="#rule-{h(finding.rule)}">{h(finding.rule)}</a></td><td>{_cell(finding.license)}</td>'
            f"<td>{h(finding.message)}</td>"
            f'<td data-sort="{h(finding.file)}:{finding.line:09d}:{finding.column:09d}">{_where(item)}</td>'
            f"<td>{h(doc.summary) if doc else ''}</td></tr>"
        )
    yield _table(
        "finding-table",
        "Every finding, errors first, then by place in the file",
        [("Severity", ""), ("Rule", ""), ("License", ""), ("Message", ""), ("Where", ""), ("The rule", "")],
        rows,
        filter_what="findings",
        choice="Severity",
        empty="no findings",
    )
    yield "</section>"


def _markdown_block(text: str) -> Iterator[str]:
    """A rule's documentation section, as the registry writes it: paragraphs, '- ' lists and
    fenced code. Escaped first; `code` spans become <code> after, so they carry no markup."""
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("```"):
            end = index + 1
            while end < len(lines) and not lines[end].startswith("```"):
                end += 1
            yield f"<pre><code>{h(chr(10).join(lines[index + 1 : end]))}</code></pre>"
            index = end + 1
        elif line.startswith("- "):
            items = []
            while index < len(lines) and lines[index].startswith(("- ", "  ")):
                if lines[index].startswith("- "):
                    items.append(lines[index][2:])
                else:
                    items[-1] += " " + lines[index].strip()
                index += 1
            yield "<ul>" + "".join(f"<li>{_inline(item)}</li>" for item in items) + "</ul>"
        elif line.strip():
            paragraph = []
            while index < len(lines) and lines[index].strip() and not lines[index].startswith(("```", "- ")):
                paragraph.append(lines[index].strip())
                index += 1
            yield f"<p>{_inline(' '.join(paragraph))}</p>"
        else:
            index += 1


def _inline(text: str) -> str:
    parts = h(text).split("`")
    return "".join(
        f"<code>{part}</code>" if odd else part for odd, part in ((i % 2 == 1, p) for i, p in enumerate(parts))
    )


def _rules(data: ReportData) -> Iterator[str]:
    used = sorted({item.finding.rule for item in data.findings})
    if not used:
        return
    yield '<section aria-labelledby="rules"><h2 id="rules">What the rules mean</h2>'
    for rule in used:
        doc = data.rules.get(rule)
        if doc is None:
            continue
        written = sections(doc.description)
        yield f'<section class="rule" aria-labelledby="rule-{h(rule)}"><h3 id="rule-{h(rule)}">{h(rule)}</h3>'
        yield f"<p>{_inline(doc.summary)}</p>"
        for heading in ("Why it matters", "How to fix"):
            if written.get(heading):
                yield f"<h4>{heading}</h4>"
                yield from _markdown_block(written[heading])
        yield "</section>"
    yield "</section>"


def render(data: ReportData) -> str:
    """The whole page."""
    title = f"{data.path}: licenses, renewals and findings on {data.today}"
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        '<meta name="generator" content="licensegate report">',
        f"<title>{h(title)}</title><style>{STYLE}</style></head><body>",
        '<a class="skip" href="#main">Skip to the content</a>',
        f"<header><h1>License inventory <code>{h(data.path)}</code></h1>",
        f"<p>As of {data.today}: licenses, renewals, who holds them, and every finding of"
        " <code>licensegate check</code>.</p>",
        '<nav aria-label="Sections"><ul><li><a href="#summary">Summary</a></li>',
    ]
    if data.inputs is not None:
        parts.append('<li><a href="#renewals">Renewals</a></li><li><a href="#who">Who holds what</a></li>')
    parts.append('<li><a href="#findings">Findings</a></li></ul></nav>')
    parts.append(
        "<noscript><p>Scripts are off: the tables are complete, in their default order, without"
        " sorting or filtering.</p></noscript></header>"
    )
    parts.append('<main id="main">')
    parts.extend(_summary(data))
    if data.inputs is not None:
        parts.extend(_renewals(data))
        parts.extend(_who(data))
    parts.extend(_findings(data))
    parts.extend(_rules(data))
    parts.append("</main>")
    parts.append(
        "<footer><p class='muted'>Written by <code>licensegate report</code>. Everything on this page is"
        " in this one file: it makes no request.</p></footer>"
    )
    parts.append(f"<script>{SCRIPT}</script></body></html>\n")
    return "".join(parts)
