// The dashboard page: plain DOM, no framework, no build step. Everything shown comes from the service's JSON routes
// (the SLA board, complaint events, the clock, the report's figures and the dashboard's own /v1/dashboard routes).

/** How often the SLA board and the clock are read again, in milliseconds. */
const BOARD_POLL_MS = 15_000;
/** Rows shown per board table; the rest are counted under it. */
const BOARD_ROWS = 25;

/** Complaint severities (rules SL-3, SL-4). */
const SEVERITY_LABELS = {
  normal: { en: 'Normal', zh: '一般' },
  urgent: { en: 'Urgent', zh: '紧急' },
  major: { en: 'Major', zh: '重大' },
};

/** The labels of the default SLA policy's metrics; a metric of another policy is shown by its id. */
const METRIC_LABELS = {
  'first-reply': { en: 'First reply', zh: '首次回复' },
  'preliminary-solution': { en: 'Preliminary solution', zh: '初步解决方案' },
  resolution: { en: 'Resolution', zh: '问题解决' },
  feedback: { en: 'Feedback to the customer', zh: '结果反馈' },
  'progress-updates': { en: 'Progress updates', zh: '进展通报' },
};

/** The parts of the board, in the order a service manager reads them. */
const BOARD_TABLES = [
  {
    key: 'dueSoon',
    title: { en: 'Due soon', zh: '即将到期' },
    empty: { en: 'Nothing is due soon.', zh: '暂无即将到期的事项。' },
  },
  {
    key: 'breached',
    title: { en: 'Breached', zh: '已超时' },
    empty: { en: 'Nothing is breached.', zh: '暂无超时事项。' },
  },
  {
    key: 'paused',
    title: { en: 'Paused (waiting on the customer)', zh: '已暂停（等待客户）' },
    empty: { en: 'Nothing is paused.', zh: '暂无暂停事项。' },
  },
  {
    key: 'running',
    title: { en: 'Running', zh: '进行中' },
    empty: { en: 'Nothing is running.', zh: '暂无进行中的事项。' },
  },
];

/** What the page has learned from the service. */
const state = {
  /** The calendar's IANA zone, from the call list; `undefined` until it is known. */
  timeZone: undefined,
  /** The service clock's last reading. */
  now: undefined,
  /** Today's local date in the calendar's zone. */
  today: undefined,
  /** The board last drawn, as JSON, to draw it again only when it changed. */
  boardKey: undefined,
  /** The number of the latest report request: an older answer arriving later is dropped. */
  reportRequest: 0,
};

const $ = (id) => document.getElementById(id);

/** Tables made so far, for their captions' ids. */
let tableCount = 0;

/** An element with attributes and children (strings become text nodes). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A bilingual label as two spans; the language switch shows one or both. */
function t(label) {
  if (typeof label === 'string') return document.createTextNode(label);
  const fragment = document.createDocumentFragment();
  fragment.append(
    el('span', { 'data-lang': 'en' }, label.en),
    ' ',
    el('span', { 'data-lang': 'zh', lang: 'zh-CN' }, label.zh),
  );
  return fragment;
}

/** A note in the muted style. */
function muted(label) {
  return el('p', { class: 'muted' }, t(label));
}

/** Shows in `node`, as an alert, why reading its part failed. */
function showError(node, error) {
  node.replaceChildren(el('p', { class: 'error', role: 'alert' }, String(error.message ?? error)));
}

/** Reads JSON from the service; a problem+json answer becomes an Error with its title and detail. */
async function getJson(url, init) {
  const response = await fetch(url, init);
  const type = response.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const detail = typeof body === 'object' && body !== null ? (body.detail ?? body.title) : body;
    throw new Error(`${response.status} ${detail ?? response.statusText}`);
  }
  return body;
}

/** An instant shown in the calendar's zone (or the browser's until the zone is known). */
function formatInstant(iso) {
  if (iso === null || iso === undefined) return '—';
  const options = { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' };
  if (state.timeZone !== undefined) options.timeZone = state.timeZone;
  return new Intl.DateTimeFormat('en-GB', options).format(new Date(iso));
}

/** A duration in milliseconds as hours and minutes, negative when overdue. */
function formatRemaining(ms) {
  if (ms === null || ms === undefined) return '—';
  const sign = ms < 0 ? '−' : '';
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const hours = Math.floor(minutes / 60);
  return `${sign}${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** The wall clock an instant shows in `timeZone`: year, month (1-12), day, hour (0-23), minute and second. */
function wallClock(instant, timeZone) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const get = (type) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** The local date `YYYY-MM-DD` of an instant in `timeZone`. */
function localDate(instant, timeZone) {
  const { year, month, day } = wallClock(instant, timeZone);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The last millisecond of local date `date` in `timeZone`, as an ISO instant. */
function endOfLocalDay(date, timeZone) {
  const [year, month, day] = date.split('-').map(Number);
  const wall = Date.UTC(year, month - 1, day, 23, 59, 59, 999);
  // The zone's offset at that moment: the wall time it shows for `wall` read as UTC, minus `wall`.
  const shown = wallClock(new Date(wall), timeZone);
  const asUtc = Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute, shown.second, 999);
  return new Date(wall - (asUtc - wall)).toISOString();
}

/**
 * A table with a caption, column heads (`scope="col"`) and rows whose first cell heads its row, in a region that
 * scrolls sideways on narrow screens (focusable, so a keyboard user can scroll it too).
 */
function table(caption, heads, rows, options = {}) {
  const rowAttributes = options.rowAttributes ?? (() => ({}));
  const id = `table-${++tableCount}`;
  return el(
    'div',
    { class: 'scroll', role: 'region', tabindex: '0', 'aria-labelledby': id },
    el(
      'table',
      {},
      el('caption', { id, class: options.hideCaption ? 'visually-hidden' : undefined }, caption),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          heads.map((head) => el('th', { scope: 'col' }, t(head))),
        ),
      ),
      el(
        'tbody',
        {},
        rows.map((cells, i) =>
          el(
            'tr',
            rowAttributes(i),
            cells.map((cell, j) => (j === 0 ? el('th', { scope: 'row' }, cell) : el('td', {}, cell))),
          ),
        ),
      ),
    ),
  );
}

/** The roles of the default escalation chain (rule SL-4); another policy's role is shown as it is named. */
const ESCALATION_ROLE_LABELS = {
  supervisor: { en: 'Supervisor', zh: '主管' },
  'department-manager': { en: 'Department manager', zh: '部门经理' },
  'senior-management': { en: 'Senior management', zh: '高层管理' },
};

/** The escalation level of a board line and its role, where the board gives them. */
function escalationOf(entry) {
  const level = entry.escalationLevel ?? null;
  if (level === null) return '—';
  const role = entry.escalationRole ?? null;
  if (role === null) return String(level);
  return el('span', {}, `${level} · `, t(ESCALATION_ROLE_LABELS[role] ?? role));
}

/** One part of the board: its heading with the count and a table of its first lines (or a note when empty). */
function boardTable(spec, entries) {
  const heading = el('h3', {}, t(spec.title), ` (${entries.length})`);
  if (entries.length === 0)
    return el('div', { class: 'board-part', 'data-part': spec.key }, heading, muted(spec.empty));
  const shown = entries.slice(0, BOARD_ROWS);
  const rows = shown.map((e) => [
    e.complaintId,
    e.customerId,
    t(SEVERITY_LABELS[e.severity] ?? e.severity),
    t(e.metricLabel ?? METRIC_LABELS[e.metric] ?? e.metric),
    formatInstant(e.dueAt),
    formatRemaining(e.remainingMs),
    escalationOf(e),
  ]);
  const heads = [
    { en: 'Complaint', zh: '投诉' },
    { en: 'Customer', zh: '客户' },
    { en: 'Severity', zh: '严重程度' },
    { en: 'Metric', zh: '指标' },
    { en: 'Due', zh: '截止时间' },
    { en: 'Time left on its clock', zh: '计时剩余' },
    { en: 'Escalation level', zh: '升级级别' },
  ];
  const caption = el('span', {}, t(spec.title));
  const hidden = entries.length - shown.length;
  const more = hidden > 0 ? muted({ en: `and ${hidden} more`, zh: `另有 ${hidden} 项` }) : null;
  return el(
    'div',
    { class: 'board-part', 'data-part': spec.key },
    heading,
    table(caption, heads, rows, {
      hideCaption: true,
      rowAttributes: (i) => ({ 'data-complaint': shown[i].complaintId, 'data-metric': shown[i].metric }),
    }),
    more,
  );
}

/**
 * Reads the SLA board and the clock and shows them. The board is drawn again only when it changed (or `force`):
 * its live region then announces changes rather than every poll, and a keyboard user in it keeps their place.
 */
async function refreshBoard(force = false) {
  const boardNode = $('board');
  boardNode.setAttribute('aria-busy', 'true');
  try {
    const [clock, board] = await Promise.all([getJson('/v1/clock'), getJson('/v1/sla/board')]);
    state.now = clock.now;
    $('clock').dateTime = clock.now;
    $('clock').textContent = formatInstant(clock.now);
    $('board-updated').replaceChildren(
      t({ en: 'Updated', zh: '更新于' }),
      ` ${formatInstant(board.asOf ?? clock.now)}`,
    );
    const key = JSON.stringify(BOARD_TABLES.map((spec) => board[spec.key] ?? []));
    if (!force && key === state.boardKey) return;
    state.boardKey = key;
    const parts = BOARD_TABLES.map((spec) => boardTable(spec, board[spec.key] ?? []));
    const focusables = () => [...boardNode.querySelectorAll('[tabindex="0"]')];
    const focused = focusables().indexOf(document.activeElement);
    boardNode.replaceChildren(...parts);
    if (focused >= 0) focusables()[Math.min(focused, focusables().length - 1)]?.focus();
    fillComplaints(board);
  } catch (error) {
    state.boardKey = undefined;
    showError(boardNode, error);
  } finally {
    boardNode.setAttribute('aria-busy', 'false');
  }
}

/** The complaints the board shows, as the choices of the event form (the current choice kept). */
function fillComplaints(board) {
  const select = $('event-complaint');
  const current = select.value;
  const ids = [];
  for (const key of ['dueSoon', 'breached', 'running', 'paused'])
    for (const entry of board[key] ?? []) if (!ids.includes(entry.complaintId)) ids.push(entry.complaintId);
  select.replaceChildren(...ids.map((id) => el('option', { value: id, selected: id === current }, id)));
}

/** Posts the form's complaint event at the service clock's time, then reads the board at once. */
async function postEvent(event) {
  event.preventDefault();
  const status = $('event-status');
  const form = event.currentTarget;
  const data = new FormData(form);
  const complaintId = String(data.get('complaint') ?? '');
  if (complaintId === '') {
    status.replaceChildren(t({ en: 'Choose a complaint first.', zh: '请先选择投诉。' }));
    return;
  }
  const submit = $('event-submit');
  submit.disabled = true;
  try {
    const { now } = await getJson('/v1/clock');
    const body = { type: String(data.get('type')), at: now, actor: String(data.get('actor')) };
    const note = String(data.get('note') ?? '').trim();
    if (note !== '') body.note = note;
    await getJson(`/v1/complaints/${encodeURIComponent(complaintId)}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events: [body] }),
    });
    $('event-note').value = '';
    // Said once the board shows the event.
    await refreshBoard();
    status.replaceChildren(
      t({ en: `Recorded ${body.type} on ${complaintId}.`, zh: `已记录 ${complaintId} 的事件 ${body.type}。` }),
    );
  } catch (error) {
    status.replaceChildren(el('span', { class: 'error' }, String(error.message ?? error)));
  } finally {
    submit.disabled = false;
  }
}

/** Reads today's call lists and shows one collapsible list per owner. */
async function loadCalls() {
  const node = $('calls');
  try {
    const calls = await getJson('/v1/dashboard/calls');
    state.timeZone = calls.timeZone;
    state.today = calls.date;
    $('calls-date').replaceChildren(t({ en: 'Day', zh: '日期' }), `: ${calls.date} (${calls.timeZone})`);
    const heads = [
      { en: 'Customer', zh: '客户' },
      { en: 'Reason', zh: '原因' },
      { en: 'Purpose', zh: '目的' },
      { en: 'Channel', zh: '方式' },
      { en: 'Priority', zh: '优先级' },
      { en: 'Overdue days', zh: '逾期天数' },
    ];
    const owners = calls.owners.map((owner) => {
      const summary = el(
        'summary',
        {},
        el('span', { class: 'owner' }, owner.ownerId),
        ' ',
        t({ en: `${owner.calls.length} calls`, zh: `${owner.calls.length} 个回访` }),
      );
      if (owner.calls.length === 0)
        return el(
          'details',
          { 'data-owner': owner.ownerId },
          summary,
          muted({ en: 'No calls today.', zh: '今日无回访。' }),
        );
      const rows = owner.calls.map((call) => [
        call.customerId,
        t(call.reason),
        t(call.purposeLabel),
        t(call.channelLabel),
        String(call.priority),
        call.late
          ? el('span', {}, String(call.overdueDays), ' ', t({ en: '(late)', zh: '（延后）' }))
          : String(call.overdueDays),
      ]);
      const caption = el('span', {}, t({ en: `Calls of ${owner.ownerId}`, zh: `${owner.ownerId} 的回访` }));
      return el('details', { 'data-owner': owner.ownerId }, summary, table(caption, heads, rows));
    });
    node.replaceChildren(...(owners.length > 0 ? owners : [muted({ en: 'No owners.', zh: '暂无客户经理。' })]));
  } catch (error) {
    showError(node, error);
  } finally {
    node.setAttribute('aria-busy', 'false');
  }
}

/** Reads the highest churn risks and shows them with their reasons. */
async function loadRisks() {
  const node = $('risks');
  try {
    const risks = await getJson('/v1/dashboard/risks?limit=10');
    if (risks.items.length === 0) {
      node.replaceChildren(muted({ en: 'No churn scores are stored yet.', zh: '尚无流失风险评分。' }));
      return;
    }
    const heads = [
      { en: 'Customer', zh: '客户' },
      { en: 'Owner', zh: '客户经理' },
      { en: 'Score (0–100)', zh: '风险分（0–100）' },
      { en: 'Band', zh: '风险等级' },
      { en: 'Suspected reasons (points)', zh: '疑似原因（分）' },
    ];
    const rows = risks.items.map((risk) => [
      risk.customerId,
      risk.ownerId ?? '—',
      risk.score.toFixed(1),
      t(risk.bandLabel),
      risk.reasons.length === 0
        ? '—'
        : el(
            'ul',
            { class: 'reasons' },
            risk.reasons.map((r) => el('li', {}, t(r.label), ` (${r.points.toFixed(1)})`)),
          ),
    ]);
    const caption = el(
      'span',
      {},
      t({
        en: `Top ${risks.items.length} of ${risks.scored} scored customers`,
        zh: `已评分的 ${risks.scored} 个客户中风险最高的 ${risks.items.length} 个`,
      }),
    );
    node.replaceChildren(
      table(caption, heads, rows, { rowAttributes: (i) => ({ 'data-customer': risks.items[i].customerId }) }),
    );
  } catch (error) {
    showError(node, error);
  } finally {
    node.setAttribute('aria-busy', 'false');
  }
}

/** Reads the report's figures for the chosen day and language and inserts them. */
async function loadReport() {
  const node = $('report');
  const request = ++state.reportRequest;
  node.setAttribute('aria-busy', 'true');
  const date = $('as-of').value;
  const language = $('language').value;
  const asOf =
    date === '' || date === state.today || state.timeZone === undefined
      ? state.now
      : endOfLocalDay(date, state.timeZone);
  const query = new URLSearchParams({ language });
  if (asOf !== undefined) query.set('asOf', asOf);
  try {
    const report = await getJson(`/v1/report/figures?${query}`);
    if (request !== state.reportRequest) return;
    $('report-as-of').replaceChildren(t({ en: 'As of', zh: '截至' }), ` ${formatInstant(report.asOf)}`);
    const sections = report.sections.map((section) =>
      el(
        'section',
        { class: 'report-section', 'data-section': section.id, 'aria-labelledby': `report-${section.id}` },
        el('h3', { id: `report-${section.id}` }, t(section.title)),
        section.figures.length === 0
          ? muted({ en: 'No chart: no data for this period.', zh: '暂无图表：本期无数据。' })
          : null,
        section.figures.map((figure) => {
          const holder = el('div', { class: 'figure', 'data-figure': figure.id });
          // The figure's HTML is the service's own rendering (renderFigure of @kehu/report): SVG and its data table.
          holder.innerHTML = figure.html;
          return holder;
        }),
      ),
    );
    node.replaceChildren(
      ...(sections.length > 0 ? sections : [muted({ en: 'The report has no figures.', zh: '报告暂无图表。' })]),
    );
  } catch (error) {
    if (request === state.reportRequest) showError(node, error);
  } finally {
    if (request === state.reportRequest) node.setAttribute('aria-busy', 'false');
  }
}

/** Shows the chosen language (or both) and sets the page's language for screen readers. */
function applyLanguage() {
  const language = $('language').value;
  document.documentElement.dataset.language = language;
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
}

/** Wires the controls, loads every part once, then polls the board. */
async function start() {
  $('refresh-board').addEventListener('click', () => refreshBoard());
  $('event-form').addEventListener('submit', postEvent);
  $('controls').addEventListener('submit', (event) => event.preventDefault());
  $('language').addEventListener('change', () => {
    applyLanguage();
    loadReport();
  });
  $('as-of').addEventListener('change', () => loadReport());
  applyLanguage();
  // The call list names the calendar's zone: the board and the clock are read after it, to show them in that zone.
  await Promise.all([loadCalls().then(() => refreshBoard()), loadRisks()]);
  if (state.timeZone === undefined && state.now !== undefined)
    state.today = localDate(new Date(state.now), Intl.DateTimeFormat().resolvedOptions().timeZone);
  if (state.today !== undefined) {
    $('as-of').value = state.today;
    $('as-of').max = state.today;
  }
  await loadReport();
  setInterval(refreshBoard, BOARD_POLL_MS);
  // Every part has been loaded once (browser tests wait for this).
  document.body.dataset.ready = 'true';
}

start();
