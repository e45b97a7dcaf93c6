/**
 * The explorer's page: one HTML file, its stylesheet and its script, served by the explorer itself
 * (no external asset, no framework). The script is a thin view over the JSON API (docs/explorer-api.md):
 * it keeps the walk (a list of steps and how many are taken) and asks POST /api/walk for everything
 * it shows. Written as plain strings so that a build by tsc ships them as they are.
 */
export function pageHtml(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>leasecheck explore</title>
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head><body data-state="loading">
<header><h1 id="title">leasecheck explore</h1><p id="subtitle" class="muted"></p></header>
<div id="message" role="status" hidden></div>
<section class="bar">
  <button id="back" type="button" title="undo the last step">◀ back</button>
  <button id="forward" type="button" title="redo the next step">forward ▶</button>
  <button id="reset" type="button">start over</button>
  <span id="position" class="muted"></span>
  <label>focus <select id="focus"></select></label>
  <label>case <select id="scenario"><option value="">(a named case)</option></select></label>
  <button id="load-scenario" type="button" disabled title="replace the walk with the chosen case">load</button>
</section>
<section class="bar">
  <label>open a trace <select id="trace"><option value="">(an ITF file of the report folder)</option></select></label>
  <button id="open-trace" type="button" disabled title="replace the walk with the chosen trace">open</button>
  <label class="file">or upload <input id="upload" type="file" accept=".json,application/json"></label>
</section>
<section class="bar">
  <label class="grow">jump to a state where <input id="predicate" type="text" spellcheck="false" placeholder="s.actor.value === 'state'" title="a JavaScript expression over the state s; Enter searches"></label>
  <button id="find" type="button">find the shortest path</button>
</section>
<section class="bar">
  <button id="export-scenario" type="button">export as scenario</button>
  <button id="export-itf" type="button">export as ITF</button>
  <span id="export" class="muted"></span>
</section>
<main id="main">
  <section><h2>Take a step <small class="muted">the same operation in every design</small>
    <label class="toggle"><input id="details" type="checkbox"> show what each design does</label></h2><div id="actions"></div></section>
  <section><h2>The walk, side by side</h2><div id="walk" class="scroll"></div><p id="divergence" class="muted"></p></section>
  <section><h2 id="detail-title">The focused design</h2>
    <div id="properties"></div>
    <h3>The current state</h3><div id="state" class="scroll"></div>
    <h3>The walk as a sequence diagram</h3><div id="diagram" class="diagram"></div>
    <h3>What changed at each step</h3><div id="steps"></div>
  </section>
  <section><h2>Exported</h2><pre id="exported" class="mono" hidden></pre></section>
</main>
</body></html>
`;
}

export const APP_CSS = String.raw`
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--ok:#1a7f37;--okbg:#dafbe1;--bad:#cf222e;--badbg:#ffebe9;--warn:#9a6700;--warnbg:#fff8c5;--acc:#0969da;--accbg:#ddf4ff}
*{box-sizing:border-box}
body{margin:0;padding:16px 24px 48px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#fff}
h1{font-size:22px;margin:0}h2{font-size:17px;margin:22px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:14px;margin:16px 0 6px}
.muted{color:var(--muted)}small.muted{font-weight:400;font-size:12px}
.mono,code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.bar{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0}
.bar label.grow{flex:1;display:flex;gap:6px;align-items:center}.bar label.grow input{flex:1;font-family:ui-monospace,monospace;padding:4px}
button{font:inherit;padding:3px 10px;border:1px solid var(--line);border-radius:6px;background:#f6f8fa;cursor:pointer}
button:hover{background:var(--accbg)}button:disabled{opacity:.5;cursor:default}
#message{border:2px solid var(--bad);background:var(--badbg);padding:8px 12px;border-radius:6px;margin:8px 0;white-space:pre-wrap}
#message.info{border:1px solid var(--acc);background:var(--accbg)}
#message.warn{border-color:var(--warn);background:var(--warnbg)}
button:focus-visible,select:focus-visible,input:focus-visible{outline:2px solid var(--acc);outline-offset:2px}
h2 label.toggle{font-size:12px;font-weight:400;margin-left:12px;white-space:nowrap}
.group{margin:4px 0}.group .op{display:inline-block;min-width:9em;font-weight:600}
button.step{margin:2px 4px 2px 0;font-size:13px}
button.step .n{color:var(--muted);font-size:11px;margin-left:4px}
body[data-state=busy] #actions button{cursor:progress}
.det{display:none}
.details .det{display:block;color:var(--muted);font-size:11px;white-space:pre-line}
.details .group .op{display:block}.details .step-w{display:block;margin:0 0 4px 1.5em}.details .step-w .det{margin-left:.5em}
table.walk .det{max-width:30em;font-family:ui-monospace,monospace;font-weight:400}
.scroll{overflow-x:auto}
table{border-collapse:collapse}th,td{border:1px solid var(--line);padding:3px 7px;text-align:left;vertical-align:top}th{background:#f6f8fa}
table.walk td.o{white-space:nowrap}table.walk td.num,table.walk th.num{white-space:nowrap}
table.walk th button.design{all:unset;cursor:pointer;font-weight:700}table.walk th button.design:focus-visible{outline:2px solid var(--acc);outline-offset:2px}
table.walk th button.design[aria-pressed="true"]{text-decoration:underline}
.o-ok{color:var(--ok)}.o-err{color:var(--warn);font-weight:600}.o-blocks{color:var(--bad);font-weight:700}.o-impossible{color:var(--muted);font-style:italic}
table.walk tr.differs td.num{color:var(--acc);font-weight:700}
table.walk tr.diverge td{background:var(--accbg);border-top:2px solid var(--acc);border-bottom:2px solid var(--acc)}
table.walk tr.current td{outline:2px solid #bc4c00}
table.walk th.focus{background:var(--accbg)}
table.walk td.props{font-size:12px}
.bad{color:var(--bad);font-weight:600}.good{color:var(--ok)}
ul.props{list-style:none;padding:0;margin:0}ul.props li{margin:3px 0;padding:3px 6px;border-left:4px solid var(--line)}
ul.props li.violated,ul.props li.error{border-color:var(--bad);background:var(--badbg)}ul.props li.holds,ul.props li.reached{border-color:var(--ok)}
.lanes{display:flex;flex-wrap:wrap;gap:8px;align-items:flex-start}.lane{border:1px solid var(--line);border-radius:6px;min-width:12em;max-width:28em}
.lane-h{background:var(--accbg);padding:3px 6px;font-weight:600;font-size:12px}
.actor{padding:3px 6px;border-top:1px solid var(--line);font-family:ui-monospace,monospace;font-size:12px}.actor .name{font-weight:700}.actor .st{color:var(--acc)}
.field{padding-left:10px;color:#333}.field[title]{text-decoration:underline dotted;text-underline-offset:3px}
.diagram{overflow-x:auto;border:1px solid var(--line);border-radius:6px;padding:4px;background:#fcfcfd;min-height:20px}
table.steps td{font-family:ui-monospace,monospace;font-size:12px}table.steps td.act{font-family:inherit;font-size:13px;min-width:14em}
table.steps td.chg{background:#fffbe6}table.steps mark{background:#ffd33d66;font-weight:700}.was{color:var(--muted)}
table.steps tr.marked td{background:var(--badbg)}table.steps tr.marked td.act{border-left:4px solid var(--bad)}
strong.mark,strong.mark-ok{display:block;font-size:12px}strong.mark{color:var(--bad)}strong.mark-ok{color:var(--ok)}
.legend{color:var(--muted);font-size:12px}
pre#exported{border:1px solid var(--line);padding:8px;max-height:24em;overflow:auto}
`;

export const APP_JS = String.raw`'use strict';
(function () {
  var info = null;
  var steps = [];
  var cursor = 0;
  var focus = null;
  var view = null;
  var asked = 0;
  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'html') e.innerHTML = attrs[k];
      else if (k === 'className') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  // An error is an alert; an informational result (kind 'info' or 'warn') a polite status.
  function say(text, kind) {
    var m = $('message');
    m.textContent = text || '';
    m.className = kind || '';
    m.setAttribute('role', kind ? 'status' : 'alert');
    m.hidden = !text;
  }
  function busy(b) { document.body.setAttribute('data-state', b ? 'busy' : 'ready'); }
  // "1 step", "4 steps".
  function nSteps(n) { return n + (n === 1 ? ' step' : ' steps'); }
  function api(method, path, body) {
    var opts = { method: method, headers: {} };
    if (body !== undefined) { opts.headers['content-type'] = 'application/json'; opts.body = JSON.stringify(body); }
    return fetch(path, opts).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) { var e = new Error((j.error && j.error.code ? 'error ' + j.error.code + ': ' : '') + (j.error ? j.error.message : r.statusText)); e.api = true; throw e; }
        return j;
      });
    });
  }
  function outcomeClass(o) {
    if (o === 'impossible') return 'o-impossible';
    if (o.indexOf('blocks') === 0) return 'o-blocks';
    if (/^E[A-Z0-9]{2,}\b/.test(o)) return 'o-err';
    return 'o-ok';
  }
  function walk() {
    var n = ++asked;
    busy(true);
    return api('POST', '/api/walk', { steps: steps.slice(0, cursor) }).then(function (v) {
      if (n !== asked) return;
      view = v;
      if (!$('predicate').getAttribute('data-example') && v.designs[0]) {
        var ex = examplePredicate(v.designs[0].state);
        $('predicate').setAttribute('data-example', ex || '-');
        if (ex) $('predicate').placeholder = 'e.g. ' + ex;
      }
      render();
      busy(false);
    }).catch(function (e) { if (n === asked) { say(e.message); busy(false); } });
  }
  // While a walk request is out, the action buttons shown belong to the state before it: a step taken
  // from them would be appended where it may not apply, so it is ignored until the page is ready.
  function take(step) {
    if (document.body.getAttribute('data-state') === 'busy') return;
    steps = steps.slice(0, cursor).concat([step]);
    cursor = steps.length;
    say('');
    walk();
  }
  // A redraw replaces the action buttons and the walk table, and may disable back or forward: the
  // keyboard focus is then given to the equivalent control, so a keyboard user keeps their place.
  function focusedControl() {
    var a = document.activeElement;
    if (!a || a === document.body) return null;
    if (a.id === 'back' || a.id === 'forward') return { nav: a.id };
    if ($('actions').contains(a)) return { key: a.getAttribute('data-key'), op: a.getAttribute('data-op'), i: Number(a.getAttribute('data-i')) || 0 };
    if ($('walk').contains(a)) return { design: a.getAttribute('data-design') };
    return null;
  }
  function firstAction() { return $('actions').querySelector('button.step'); }
  function refocus(was) {
    if (!was) return;
    var a = document.activeElement;
    var c = null;
    if (was.nav) {
      if (a && a.id === was.nav && !a.disabled) return;
      var other = $(was.nav === 'back' ? 'forward' : 'back');
      c = !$(was.nav).disabled ? $(was.nav) : !other.disabled ? other : firstAction();
    } else if (was.op !== undefined) {
      var bs = Array.prototype.slice.call($('actions').querySelectorAll('button.step'));
      // The same step, else the operation's button at the same place (or its last), else the first step.
      var same = bs.filter(function (b) { return b.getAttribute('data-op') === was.op && !/\balt\b/.test(b.className); });
      c = bs.filter(function (b) { return b.getAttribute('data-key') === was.key; })[0] ||
        same[Math.min(was.i, same.length - 1)] || bs[0] ||
        (!$('back').disabled ? $('back') : null);
    } else if (was.design) {
      c = $('walk').querySelector('button.design[data-design="' + was.design + '"]');
    }
    (c || $('reset')).focus();
  }
  function render() {
    var was = focusedControl();
    $('position').textContent = 'step ' + cursor + ' of ' + steps.length;
    $('back').disabled = cursor === 0;
    $('forward').disabled = cursor >= steps.length;
    $('main').className = $('details').checked ? 'details' : '';
    renderActions();
    renderWalk();
    renderDetail();
    refocus(was);
  }
  // What each design does with a step, in one line: designs grouped by outcome.
  function whatEachDoes(s) {
    var by = {}, order = [];
    info.designs.forEach(function (d) {
      var x = s['in'][d.id];
      var k = x ? x.map(function (o) { return o.outcome + (o.label !== s.text ? ' (' + o.label + ')' : ''); }).join(' or ') : 'not enabled';
      if (!by[k]) { by[k] = []; order.push(k); }
      by[k].push(d.id);
    });
    if (order.length === 1) return order[0] + ' in every ' + (info.variantWord || 'design');
    return order.map(function (k) { return k + ': ' + by[k].join(', '); }).join('\n');
  }
  function renderActions() {
    var box = $('actions');
    box.textContent = '';
    if (view.enabled.length === 0) box.appendChild(el('p', { className: 'muted', text: 'No action is enabled in any design here.' }));
    view.enabled.forEach(function (g, gi) {
      var row = el('div', { className: 'group' }, [el('span', { className: 'op', text: g.op })]);
      g.steps.forEach(function (s, si) {
        var ids = Object.keys(s['in']);
        var key = JSON.stringify([s.op, s.params]);
        var tip = info.designs.map(function (d) {
          var x = s['in'][d.id];
          return d.id + ': ' + (x ? x.map(function (o) { return o.outcome + ' (' + o.label + ')'; }).join(' or ') : 'not enabled here');
        }).join('\n');
        // Visible with "show what each design does"; always the button's accessible description.
        var det = el('span', { className: 'det', id: 'does-' + gi + '-' + si, text: whatEachDoes(s) });
        var b = el('button', { type: 'button', className: 'step', 'data-text': s.text, 'data-op': s.op, 'data-key': key, 'data-i': si, title: tip, 'aria-describedby': det.id },
          [s.text, el('span', { className: 'n', text: ids.length + '/' + info.designs.length })]);
        b.addEventListener('click', function () { take({ op: s.op, params: s.params }); });
        var w = el('span', { className: 'step-w' }, [b]);
        var alts = {};
        ids.forEach(function (id) { if (s['in'][id].length > 1) s['in'][id].forEach(function (o) { alts[o.outcome] = true; }); });
        Object.keys(alts).forEach(function (o) {
          var a = el('button', { type: 'button', className: 'step alt', 'data-op': s.op, 'data-i': si, 'data-key': JSON.stringify([s.op, s.params, o]), title: 'take the outcome ' + o + ' where a design has several' }, ['… ' + o]);
          a.addEventListener('click', function () { take({ op: s.op, params: s.params, outcome: o }); });
          w.appendChild(a);
        });
        w.appendChild(det);
        row.appendChild(w);
      });
      box.appendChild(row);
    });
  }
  function renderWalk() {
    var t = el('table', { className: 'walk' });
    var details = $('details').checked;
    var head = el('tr', {}, [el('th', { className: 'num', text: '#' }), el('th', { text: 'step' })]);
    view.designs.forEach(function (d) {
      // A button, so the keyboard reaches it; a click anywhere in the header cell focuses the design too.
      var bt = el('button', { type: 'button', className: 'design', 'data-design': d.id, 'aria-pressed': String(d.id === focus), title: 'show ' + d.id + ' in detail below' + (d.title ? ': ' + d.title : '') }, [d.id]);
      var th = el('th', { className: d.id === focus ? 'focus' : '' }, [bt]);
      th.setAttribute('data-design', d.id);
      th.addEventListener('click', function () { focus = d.id; $('focus').value = focus; render(); });
      head.appendChild(th);
    });
    t.appendChild(head);
    view.rows.forEach(function (r) {
      var cls = r.index === view.divergence.step ? 'diverge' : view.divergent.indexOf(r.index) >= 0 ? 'differs' : '';
      var tr = el('tr', { className: cls + (r.index === cursor ? ' current' : '') }, [
        el('td', { className: 'num', text: (r.index === view.divergence.step ? '➤ ' : view.divergent.indexOf(r.index) >= 0 ? '≠ ' : '') + r.index }),
        el('td', { className: 'mono', text: r.text }),
      ]);
      r.cells.forEach(function (c) {
        var why = [c.detail].concat(c.changes).join('\n');
        var td = el('td', { className: 'o ' + outcomeClass(c.outcome), title: why, text: c.outcome });
        if (details) {
          var lines = (c.detail && c.detail !== r.text ? [c.detail] : []).concat(c.changes);
          if (lines.length) td.appendChild(el('div', { className: 'det', text: lines.join('\n') }));
        }
        td.setAttribute('data-design', c.design);
        tr.appendChild(td);
      });
      t.appendChild(tr);
    });
    var props = el('tr', {}, [el('td', {}), el('td', { text: 'violated at this state' })]);
    view.designs.forEach(function (d) {
      var bad = d.properties.filter(function (p) { return p.status === 'violated'; });
      var td = el('td', { className: 'props' + (bad.length ? ' bad' : ' good'), text: bad.length ? bad.map(function (p) { return '✗ ' + p.id; }).join('\n') : '✓ none' });
      td.setAttribute('data-design', d.id);
      td.style.whiteSpace = 'pre-line';
      props.appendChild(td);
    });
    t.appendChild(props);
    var box = $('walk');
    box.textContent = '';
    box.appendChild(t);
    var dv = view.divergence;
    var words = dv.cannotRun.map(function (c) { return c.design + ' cannot run this walk (step ' + c.step + ': ' + c.outcome + ')'; });
    words.push(dv.step ? 'the first divergence among the designs that can run it is step ' + dv.step : 'no divergence so far');
    $('divergence').textContent = words.join('; ') + '.';
  }
  function renderDetail() {
    var d = view.designs.filter(function (x) { return x.id === focus; })[0] || view.designs[0];
    $('detail-title').textContent = (info.variantWord || 'design') + ' ' + d.id + (d.title ? ': ' + d.title : '');
    var ul = el('ul', { className: 'props' });
    d.properties.forEach(function (p) {
      var mark = { holds: '✓', violated: '✗', reached: '✓', 'not reached': '·', 'n/a': '·', error: '!' }[p.status] || '·';
      var li = el('li', { className: p.status.replace(/[^a-z]/g, '') }, [
        el('strong', { text: mark + ' ' + p.id }), ' (' + p.kind + ') ', el('span', { className: 'st', text: p.status }),
        p.description ? el('div', { className: 'muted', text: p.description }) : null,
        p.note ? el('div', { text: p.note }) : null,
        p.since !== undefined ? el('div', { className: 'bad', text: 'broken since step ' + p.since + ' (marked in the diagram and the table below)' }) : null,
        p.explain ? el('div', { text: p.explain }) : null,
      ]);
      li.setAttribute('data-property', p.id);
      ul.appendChild(li);
    });
    var props = $('properties');
    props.textContent = '';
    props.appendChild(ul);
    $('state').innerHTML = d.stateHtml;
    $('diagram').innerHTML = d.diagramSvg || '<p class="muted">No step taken yet.</p>';
    $('steps').innerHTML = d.stepTableHtml;
  }
  // An example predicate for this model: the first actor whose state value is a string, leaving it.
  function examplePredicate(state) {
    var names = Object.keys(state || {});
    var at = function (n) { return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(n) ? 's.' + n : 's[' + JSON.stringify(n) + ']'; };
    for (var i = 0; i < names.length; i++) {
      var v = state[names[i]] && state[names[i]].value;
      if (typeof v === 'string') return at(names[i]) + ".value !== '" + v.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
    }
    return names.length ? at(names[0]) + '.value' : '';
  }
  function download(name, text, type) {
    var pre = $('exported');
    pre.hidden = false;
    pre.textContent = text;
    var a = el('a', { href: URL.createObjectURL(new Blob([text], { type: type })), download: name, text: 'download ' + name });
    var box = $('export');
    box.textContent = '';
    box.appendChild(a);
  }
  function loadSteps(list, at, note) {
    steps = list;
    cursor = at;
    say(note || '', 'info');
    return walk();
  }
  function start() {
    api('GET', '/api').then(function (i) {
      info = i;
      focus = i.designs[0].id;
      $('title').textContent = i.title;
      $('subtitle').textContent = i.system + ' (' + i.spec + ') at ' + Object.keys(i.scope).map(function (k) { return k + '=' + i.scope[k]; }).join(', ') + ' · ' + i.designs.length + ' ' + i.variantWord + 's side by side';
      i.designs.forEach(function (d) { $('focus').appendChild(el('option', { value: d.id, text: d.id })); });
      // Cases that need another scope, and why a report's traces are missing, are listed but cannot be chosen.
      api('GET', '/api/scenarios').then(function (r) {
        r.scenarios.forEach(function (s) { $('scenario').appendChild(el('option', { value: s, text: s })); });
        (r.unavailable || []).forEach(function (u) { $('scenario').appendChild(el('option', { value: '', disabled: '', text: u.name + ': ' + u.reason })); });
      });
      api('GET', '/api/traces').then(function (r) {
        r.traces.forEach(function (t) { $('trace').appendChild(el('option', { value: t.path, text: t.path + ' (' + nSteps(t.steps) + ')' })); });
        if (r.note) $('trace').appendChild(el('option', { value: '', disabled: '', text: r.note }));
      });
      return walk();
    }).catch(function (e) { say(e.message); busy(false); });
    $('back').addEventListener('click', function () { if (cursor > 0) { cursor--; walk(); } });
    $('forward').addEventListener('click', function () { if (cursor < steps.length) { cursor++; walk(); } });
    $('reset').addEventListener('click', function () { steps = []; cursor = 0; say(''); walk(); });
    $('focus').addEventListener('change', function () { focus = $('focus').value; render(); });
    // Choosing in a list only arms its button: the walk is replaced on an explicit load or open
    // (ArrowDown in a closed list changes its value, and must not throw away a walk).
    $('scenario').addEventListener('change', function () { $('load-scenario').disabled = !$('scenario').value; });
    $('trace').addEventListener('change', function () { $('open-trace').disabled = !$('trace').value; });
    $('details').addEventListener('change', function () { if (view) render(); });
    $('load-scenario').addEventListener('click', function () {
      var name = $('scenario').value;
      if (!name) return;
      busy(true);
      api('POST', '/api/scenario', { name: name }).then(function (r) { return loadSteps(r.steps, 0, 'Loaded ' + r.name + ': ' + r.title + '. Step through it with forward.'); })
        .catch(function (e) { say(e.message); busy(false); });
    });
    function opened(r) {
      focus = r.design;
      $('focus').value = focus;
      return loadSteps(r.steps, 0, 'Opened a ' + (r.trace || 'trace') + (r.property ? ' of ' + r.property : '') + ' under ' + r.design + ', ' + nSteps(r.steps.length) + '. Step through it with forward.');
    }
    $('open-trace').addEventListener('click', function () {
      var p = $('trace').value;
      if (!p) return;
      busy(true);
      api('POST', '/api/itf', { path: p }).then(opened).catch(function (e) { say(e.message); busy(false); });
    });
    $('upload').addEventListener('change', function () {
      var f = $('upload').files[0];
      if (!f) return;
      busy(true);
      f.text().then(function (text) { return api('POST', '/api/itf', { name: f.name, text: text }); }).then(opened).catch(function (e) { say(e.message); busy(false); });
    });
    $('find').addEventListener('click', function () {
      // An empty field is answered here, with an example of this model (the API's message has a fixed example).
      if (!$('predicate').value.trim()) {
        var ex = $('predicate').getAttribute('data-example');
        say('Type a predicate over the state s' + (ex && ex !== '-' ? ', e.g. ' + ex : '') + '.', 'warn');
        $('predicate').focus();
        return;
      }
      busy(true);
      say('Searching ' + focus + ' breadth-first…', 'info');
      api('POST', '/api/find', { design: focus, predicate: $('predicate').value }).then(function (r) {
        // Not found is a result of the search, not an error.
        if (!r.found) { say(r.reason, r.complete ? 'info' : 'warn'); busy(false); return; }
        return loadSteps(r.steps, r.steps.length, 'Found a state of ' + focus + ' where it holds: the shortest path is ' + nSteps(r.steps.length) + ' (' + r.states.toLocaleString('en-US') + ' states searched).');
      }).catch(function (e) { say(e.message); busy(false); });
    });
    $('predicate').addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && !e.isComposing) { e.preventDefault(); $('find').click(); }
    });
    $('export-scenario').addEventListener('click', function () {
      api('POST', '/api/export/scenario', { design: focus, steps: steps.slice(0, cursor) }).then(function (r) { download(r.name, r.text, 'text/plain'); }).catch(function (e) { say(e.message); });
    });
    $('export-itf').addEventListener('click', function () {
      api('POST', '/api/export/itf', { design: focus, steps: steps.slice(0, cursor) }).then(function (r) { download(r.name, JSON.stringify(r.itf, null, 1) + '\n', 'application/json'); }).catch(function (e) { say(e.message); });
    });
  }
  document.addEventListener('DOMContentLoaded', start);
})();
`;
