/* global document, window, location, sessionStorage, EventSource, fetch, uPlot */
// The tickmux dashboard: live snapshots over server-sent events (/api/events), uPlot charts, and
// the two actions (rebalance, inject a fault). Plain browser JavaScript, no build step.

const HISTORY = 120; // points kept in the charts (one per snapshot)
const $ = (id) => document.getElementById(id);
const fmt = new Intl.NumberFormat('en-US');

let previous; // the last snapshot, for rates
const history = { t: [], rates: new Map(), p50: [], p99: [] };
let rateChart;
let rateIds = '';
let latencyChart;

// ---- actions -------------------------------------------------------------------------------

function token() {
  const m = /(?:^|[#&])token=([^&]+)/.exec(location.hash);
  if (m) sessionStorage.setItem('tickmux-token', decodeURIComponent(m[1]));
  return sessionStorage.getItem('tickmux-token');
}

/** POSTs JSON; on 401 asks once for the bearer token and retries. */
async function post(path, body, retried = false) {
  const headers = { 'content-type': 'application/json' };
  const t = token();
  if (t) headers.authorization = `Bearer ${t}`;
  const res = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body ?? {}) });
  if (res.status === 401 && !retried) {
    const entered = window.prompt('This action needs the API token:');
    if (entered) {
      sessionStorage.setItem('tickmux-token', entered.trim());
      return post(path, body, true);
    }
  }
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json.error?.message ?? `${res.status} ${res.statusText}`);
  return json;
}

function say(text, isError = false) {
  const el = $('message');
  el.textContent = text;
  el.style.color = isError ? 'var(--bad)' : '';
}

$('rebalance').addEventListener('click', async () => {
  say('rebalancing…');
  try {
    const { moves } = await post('/api/websocket/rebalance');
    say(`rebalanced: moved ${moves.length} ticker${moves.length === 1 ? '' : 's'}`);
  } catch (err) {
    say(`rebalance failed: ${err.message}`, true);
  }
});

async function injectFault(id, kind) {
  say(`injecting ${kind} on ${id}…`);
  try {
    await post(`/api/websocket/connections/${encodeURIComponent(id)}/fault`, { kind });
    say(`injected ${kind} on ${id}`);
  } catch (err) {
    say(`fault failed: ${err.message}`, true);
  }
}

// ---- rendering -----------------------------------------------------------------------------

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function ago(ms, now) {
  if (ms === null || ms === undefined) return 'never';
  const s = Math.max(0, (now - ms) / 1000);
  return s < 1 ? 'just now' : `${s.toFixed(s < 10 ? 1 : 0)} s ago`;
}

function time(ms) {
  return ms === null ? 'open' : new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
}

function rates(s) {
  const out = new Map();
  const dt = previous ? (s.at - previous.at) / 1000 : 0;
  for (const [id, c] of Object.entries(s.health.connections)) {
    const before = previous?.health.connections[id];
    out.set(id, dt > 0 && before ? Math.max(0, (c.messages - before.messages) / dt) : 0);
  }
  const total =
    dt > 0 && previous ? Math.max(0, (s.health.total_ticks - previous.health.total_ticks) / dt) : 0;
  return { perConnection: out, total };
}

function renderConnections(s, perConnection) {
  const body = $('connections').tBodies[0];
  body.replaceChildren();
  for (const [id, c] of Object.entries(s.health.connections)) {
    const row = document.createElement('tr');
    row.dataset.connection = id;
    if (c.status !== 'connected') row.className = 'unhealthy';
    cell(row, id);
    cell(row, c.name);
    cell(row, c.status, `status ${c.status}`).dataset.field = 'status';
    cell(row, fmt.format(c.tickers), 'num').dataset.field = 'tickers';
    cell(row, fmt.format(c.messages), 'num').dataset.field = 'messages';
    cell(row, fmt.format(Math.round(perConnection.get(id) ?? 0)), 'num').dataset.field = 'rate';
    cell(row, fmt.format(c.errors), 'num').dataset.field = 'errors';
    cell(row, fmt.format(c.reconnects), 'num').dataset.field = 'reconnects';
    cell(row, ago(c.last_message_at, s.at));
    const faults = cell(row, '', 'faults');
    for (const kind of s.faults) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'fault';
      b.dataset.fault = kind;
      b.textContent = kind;
      b.addEventListener('click', () => injectFault(id, kind));
      faults.appendChild(b);
    }
    body.appendChild(row);
  }
  for (const th of document.querySelectorAll('th.faults'))
    th.style.display = s.faults.length > 0 ? '' : 'none';
  for (const td of document.querySelectorAll('td.faults'))
    td.style.display = s.faults.length > 0 ? '' : 'none';
}

function renderGaps(s) {
  const body = $('gaps').tBodies[0];
  body.replaceChildren();
  const gaps = [...s.gaps].reverse();
  if (gaps.length === 0) {
    const row = document.createElement('tr');
    cell(row, 'no gaps', 'empty').colSpan = 7;
    body.appendChild(row);
    return;
  }
  for (const g of gaps) {
    const row = document.createElement('tr');
    row.dataset.ticker = g.ticker;
    if (g.to === null) row.className = 'open';
    cell(row, g.ticker);
    cell(row, g.channels.join(' '));
    cell(row, time(g.from));
    cell(row, time(g.to)).dataset.field = 'to';
    cell(row, (((g.to ?? s.at) - g.from) / 1000).toFixed(1), 'num');
    cell(row, g.reason);
    cell(row, g.missing === undefined ? '' : fmt.format(g.missing), 'num');
    body.appendChild(row);
  }
}

function renderSinks(s) {
  const body = $('sinks').tBodies[0];
  body.replaceChildren();
  for (const k of s.sinks) {
    const row = document.createElement('tr');
    row.dataset.sink = k.name;
    cell(row, k.name);
    for (const f of ['published', 'dropped', 'buffered', 'errors', 'reconnects'])
      cell(row, fmt.format(k[f]), 'num');
    body.appendChild(row);
  }
}

function renderTotals(s, total) {
  const h = s.health;
  const open = s.gaps.filter((g) => g.to === null).length;
  $('t-connected').textContent = `${h.connected} / ${h.total_connections}`;
  $('t-tickers').textContent = fmt.format(h.total_tickers);
  $('t-ticks').textContent = fmt.format(h.total_ticks);
  $('t-rate').textContent = fmt.format(Math.round(total));
  $('t-duplicates').textContent = fmt.format(h.duplicates_dropped);
  $('t-corrections').textContent = fmt.format(h.corrections);
  $('t-gaps').textContent = `${fmt.format(h.gaps)} (${open})`;
  $('t-errors').textContent = fmt.format(h.total_errors);
  $('t-contention').textContent = fmt.format(h.account_contention);
  const l = s.latency?.event;
  $('t-latency').textContent = l && l.count > 0 ? `${ms(l.p50)} / ${ms(l.p99)} ms` : 'no ticks yet';
  const ready = $('ready');
  ready.textContent = s.readiness.ready ? 'ready' : 'not ready';
  ready.className = `badge ${s.readiness.ready ? 'ready' : 'not-ready'}`;
  ready.title = s.readiness.reasons.join('; ');
  $('mode').textContent = s.faults.length > 0 ? 'simulator' : '';
}

function ms(seconds) {
  return seconds === null ? '–' : (seconds * 1000).toFixed(seconds < 0.01 ? 2 : 0);
}

function chartSize(el) {
  return { width: Math.max(300, el.clientWidth - 2), height: 220 };
}

function push(arr, v) {
  arr.push(v);
  if (arr.length > HISTORY) arr.shift();
}

function renderCharts(s, perConnection) {
  push(history.t, s.at / 1000);
  const ids = [...perConnection.keys()];
  for (const id of ids) {
    if (!history.rates.has(id))
      history.rates.set(
        id,
        history.t.slice(0, -1).map(() => null),
      );
    push(history.rates.get(id), perConnection.get(id));
  }
  push(history.p50, s.latency?.event.p50 == null ? null : s.latency.event.p50 * 1000);
  push(history.p99, s.latency?.event.p99 == null ? null : s.latency.event.p99 * 1000);
  if (typeof uPlot !== 'function') return;
  const colours = ['#58a6ff', '#3fb950', '#d29922', '#bc8cff', '#f85149', '#39c5cf'];
  if (rateIds !== ids.join(',')) {
    rateChart?.destroy();
    const el = $('rate-chart');
    rateChart = new uPlot(
      {
        ...chartSize(el),
        series: [{}, ...ids.map((id, i) => ({ label: id, stroke: colours[i % colours.length] }))],
        axes: [{ stroke: '#8694a3' }, { stroke: '#8694a3' }],
      },
      [history.t, ...ids.map((id) => history.rates.get(id))],
      el,
    );
    rateIds = ids.join(',');
  } else {
    rateChart.setData([history.t, ...ids.map((id) => history.rates.get(id))]);
  }
  const data = [history.t, history.p50, history.p99];
  if (!latencyChart) {
    const el = $('latency-chart');
    latencyChart = new uPlot(
      {
        ...chartSize(el),
        series: [{}, { label: 'p50', stroke: '#3fb950' }, { label: 'p99', stroke: '#f85149' }],
        axes: [{ stroke: '#8694a3' }, { stroke: '#8694a3' }],
      },
      data,
      el,
    );
  } else latencyChart.setData(data);
}

function render(s) {
  const { perConnection, total } = rates(s);
  renderTotals(s, total);
  renderConnections(s, perConnection);
  renderGaps(s);
  renderSinks(s);
  renderCharts(s, perConnection);
  previous = s;
  document.body.dataset.updated = String(s.at);
}

// ---- live updates --------------------------------------------------------------------------

function connect() {
  const live = $('live');
  const events = new EventSource('/api/events');
  events.addEventListener('open', () => {
    live.textContent = 'live';
    live.className = 'badge on';
  });
  events.addEventListener('snapshot', (e) => render(JSON.parse(e.data)));
  events.addEventListener('error', () => {
    live.textContent = 'reconnecting…';
    live.className = 'badge off';
  });
}

token();
connect();
