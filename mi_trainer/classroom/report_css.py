"""The class report's inline stylesheet (screen, projector and print); no fonts or images from anywhere."""

CSS = """
:root { --ink:#1d2733; --muted:#5b6775; --line:#d5dbe2; --soft:#f3f6f9; --accent:#2f6f9f; --good:#2e7d4f;
  --fair:#b7791f; --low:#b83232; }
* { box-sizing: border-box; }
body { font-family: system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink);
  margin: 0 auto; max-width: 1200px; padding: 24px 28px 48px; line-height: 1.45; font-size: 16px; }
h1 { font-size: 1.9rem; margin: 0 0 4px; }
h2 { font-size: 1.4rem; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
h3 { font-size: 1.15rem; margin: 24px 0 6px; }
p.meta, p.note, .muted { color: var(--muted); }
p.meta { margin: 0 0 12px; }
.disclaimer { font-size: .9rem; color: var(--muted); border-left: 4px solid var(--line); padding-left: 10px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { background: var(--soft); border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px;
  min-width: 150px; }
.card b { display: block; font-size: 1.6rem; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: .95rem; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td { overflow-wrap: anywhere; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.wide { overflow-x: auto; }
.students table { font-size: .88rem; } .students td.num { white-space: normal; }
.students th, .students th.num { vertical-align: bottom; white-space: normal; }
.students td.scn { min-width: 190px; } .students td.fbl { white-space: nowrap; }
tr.student-first td { border-top: 2px solid var(--line); }
tr.strongest td { background: #eef7f1; }
tr.missing td { color: var(--muted); font-style: italic; }
.band { display: inline-block; white-space: nowrap; border-radius: 4px; padding: 0 6px; font-size: .8rem; color: #fff; }
.band-good { background: var(--good); } .band-fair { background: var(--fair); }
.band-below-fair { background: var(--low); } .band-n-a { background: #8a96a3; }
.tag { font-size: .8rem; font-weight: 600; color: var(--good); white-space: nowrap; }
.client { background: var(--soft); border-radius: 8px; padding: 8px 12px; margin: 14px 0 4px; }
.client .who { font-weight: 600; }
svg.chart { max-width: 100%; width: 760px; height: auto; display: block; margin: 6px 0 12px; }
svg .lbl { font-size: 15px; fill: var(--ink); } svg .tick { font-size: 12px; fill: var(--muted); }
.figures table { max-width: 560px; }
.choices table { table-layout: fixed; }
.choices th:nth-child(1) { width: 42%; } .choices th:nth-child(2) { width: 24%; }
.choices th:nth-child(3), .choices th:nth-child(4) { width: 8%; } .choices th:nth-child(5) { width: 18%; }
svg .axis { stroke: #9aa6b2; stroke-width: 1; } svg .box { fill: #d7e6f2; stroke: var(--accent); }
svg .med { stroke: var(--ink); stroke-width: 3; } svg .dot { fill: var(--accent); fill-opacity: .85; }
svg .track { fill: #e9edf1; } svg .bar { fill: var(--accent); } svg .bar.good { fill: var(--good); }
svg.mini { vertical-align: middle; margin-right: 6px; }
dl.terms dt { font-weight: 600; margin-top: 8px; } dl.terms dd { margin: 2px 0 0 0; color: var(--ink); }
ol.spots li { margin-bottom: 8px; }
details summary { cursor: pointer; color: var(--accent); }
ol.tries { margin: 4px 0 0; padding-left: 18px; text-align: left; white-space: normal; min-width: 11em;
  font-size: .85rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; color: #000; }
  @page { margin: 14mm; }
  h2, h3, h4, .client { break-after: avoid; } tr, svg, li { break-inside: avoid; }
  thead { display: table-header-group; }
  .wide { overflow: visible; } .students table { font-size: 8pt; } .students td.scn { min-width: 0; }
  .students td, .students th { padding: 3px 3px; } .students td.fbl { white-space: normal; }
  .band { font-size: 7pt; padding: 0 3px; } svg.chart { width: 100%; } svg.mini { width: 48px; }
  .card, th, .client, tr.strongest td { background: #fff !important; }
  .band { color: #000; border: 1px solid #000; background: #fff !important; }
  a { color: #000; text-decoration: none; }
}
"""
