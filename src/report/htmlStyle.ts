/** The report's stylesheet, inlined into the HTML (no network at view time). Light, print-friendly. */
export const REPORT_CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--ok:#1a7f37;--okbg:#dafbe1;--bad:#cf222e;--badbg:#ffebe9;--warn:#9a6700;--warnbg:#fff8c5;--acc:#0969da;--accbg:#ddf4ff}
*{box-sizing:border-box}
body{margin:0;padding:24px 32px 64px;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--fg);background:#fff}
h1{font-size:26px;margin:0 0 8px}h2{font-size:20px;margin:40px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:32px 0 8px}
a{color:var(--acc)}p{max-width:110ch}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
nav{margin:8px 0 16px;color:var(--muted)}nav a{margin-right:14px}
.banner{border:2px solid var(--bad);background:var(--badbg);padding:10px 14px;border-radius:6px;margin:12px 0;max-width:110ch}
.banner strong{color:var(--bad)}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:8px 0 4px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.matrix td.v{white-space:nowrap;text-align:center}
.matrix.ladder td.v{text-align:left}
.v-holds{background:var(--okbg);color:var(--ok)}
.v-violated{background:var(--badbg)}.v-violated a{color:var(--bad);font-weight:600}
.v-incomplete{background:var(--warnbg);color:var(--warn);font-weight:600}
.v small{display:block;color:var(--muted);font-weight:400}
.matrix th.prop{vertical-align:bottom;min-width:9em}.matrix th.prop small{display:block;font-weight:400;color:var(--muted);font-size:11px;max-width:24ch;white-space:normal}
.v-holds a{color:var(--ok)}
.cases th.cannot{color:var(--muted)}.cases th.cannot small{display:block;font-weight:400;font-size:11px}
.legend{color:var(--muted);font-size:13px}
ul.why li{margin:4px 0;max-width:130ch}
.finding{border-top:1px solid var(--line);margin-top:28px}
.kind{color:var(--muted);font-style:italic;margin:0 0 6px}
.engine{color:var(--muted);font-size:13px}
.diagram{overflow-x:auto;margin:10px 0;padding:6px;border:1px solid var(--line);border-radius:6px;background:#fcfcfd}
.steps td{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.steps td.act{font-family:inherit;font-size:13px;min-width:16em}
.steps td.chg{background:#fffbe6}
.steps td.same{background:#fafbfc}
.steps tr.init td{color:var(--muted)}
.steps mark{background:#ffd33d66;color:inherit;font-weight:700;padding:0 2px;border-radius:2px}
.steps .was{color:var(--muted)}
.steps tr.cycle-start td{border-bottom:2px dashed #bc4c00}
.steps tr.marked td{background:var(--badbg)}.steps tr.marked td.act{border-left:4px solid var(--bad)}
.steps tr.witnessed td.act{border-left:4px solid var(--ok)}
.steps strong.mark,.steps strong.mark-ok{display:block;margin-top:4px;font-size:12px}.steps strong.mark{color:var(--bad)}.steps strong.mark-ok{color:var(--ok)}
.steps tr.forever td{background:#fff1e5;color:#bc4c00;font-weight:600}
.steps tr.in-cycle td.act{border-left:3px solid #bc4c00}
.cases td.o{min-width:5.5em}
.cases td.step{min-width:15em}
.o-ok{color:var(--ok)}.o-err{color:var(--warn);font-weight:600}.o-blocks{color:var(--bad);font-weight:700}.o-impossible{color:var(--muted);font-style:italic}
.cases td.odd{font-weight:700;text-decoration:underline dotted;text-underline-offset:3px}
.cases tr.differs td.num{color:var(--acc);font-weight:700}
.cases tr.diverge td{background:var(--accbg);border-top:2px solid var(--acc);border-bottom:2px solid var(--acc)}
.cases tr.diverge td.step::after{content:"\\27A4  first divergence";display:block;font-family:system-ui,sans-serif;font-size:11px;color:var(--acc);font-weight:700}
details{margin:6px 0}summary{cursor:pointer;color:var(--muted)}
footer{margin-top:48px;color:var(--muted);font-size:12px}
`;
