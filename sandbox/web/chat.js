// The sandbox's browser chat: a person's client of the gateway protocol (docs/protocol.md) over WebSocket,
// with the token in the Sec-WebSocket-Protocol header. Plain DOM, no build step; text only via textContent.
'use strict';

const ROLE = { client: 'клиент', assistant: 'ассистент', expert: 'эксперт', supervisor: 'руководитель', bot: 'бот' };
const STATUS = { new: 'новая', in_progress: 'в работе', waiting_client: 'ждёт клиента', booked: 'забронирована',
                 closed: 'закрыта' };
const SOURCE = { site: 'сайт', app: 'приложение', search: 'поиск туров' };
const ERRORS = { rate_limited: 'Слишком часто: подождите секунду.', forbidden: 'Так нельзя: нет прав.',
                 not_found: 'Не найдено.', bad_request: 'Не получилось' };
const REQUESTS = '#requests';  // the chat list's entry for requests

const S = {
  people: [], bot: 'Бот', calls: false,
  me: null, token: null, staff: [],
  ws: null, heartbeat: null, reconnectDelay: 1000, lastSeq: 0, ackTimer: null,
  chats: new Map(),        // chat id → {id, kind, title}
  messages: new Map(),     // chat id → [message]
  byId: new Map(),         // message id → message
  requests: new Map(),     // request id → request
  requestMessages: new Map(),
  current: null, currentRequest: null, mode: null,  // mode: {kind: 'reply'|'edit', id}
  read: {},                // chat id → the highest seq read
  pending: new Map(),      // req_id → what to do with its result
  confirmDelete: null,     // the message whose «Удалить» was pressed once (kept across re-renders)
  renderQueued: false,
};

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c) node.append(c);
  return node;
};

function status(text, isError = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
}

function timeOf(ts) {
  const d = new Date(ts);
  if (isNaN(d)) return '';
  const hm = d.toLocaleTimeString('ru-RU', { hour: '2-digit', minute: '2-digit' });
  return d.toDateString() === new Date().toDateString()
    ? hm : d.toLocaleDateString('ru-RU', { day: '2-digit', month: '2-digit' }) + ' ' + hm;
}

function b64url(text) {
  let bin = '';
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function reqId() {
  return 'web-' + (crypto.randomUUID ? crypto.randomUUID() : Date.now() + '-' + Math.random().toString(16).slice(2));
}

// ---- choosing a person (the emulator's login) ----

async function api(path, body) {
  const init = body === undefined ? {} : {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(path, init);
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || ('HTTP ' + res.status));
  return data;
}

async function loadPeople() {
  const data = await api('/api/people');
  S.people = data.people; S.bot = data.bot; S.calls = data.calls;
  const list = $('people');
  list.replaceChildren();
  for (const p of S.people) {
    list.append(el('li', {}, el('button', { type: 'button', 'data-user': p.id, onclick: () => choose(p.id) },
      el('strong', { text: p.name }), el('br'), el('span', { class: 'role', text: ROLE[p.role] || p.role }))));
  }
}

async function choose(userId) {
  try {
    const data = await api('/api/login', { user: userId });
    sessionStorage.setItem('dutybot-person', JSON.stringify({ token: data.token, user: data.user }));
    start(data.token, data.user);
  } catch (e) {
    status('Не удалось войти: ' + e.message, true);
  }
}

function switchPerson() {
  sessionStorage.removeItem('dutybot-person');
  if (S.ws) { S.ws.onclose = null; S.ws.close(1000); S.ws = null; }
  clearInterval(S.heartbeat);
  location.reload();
}

function start(token, user) {
  Object.assign(S, { token, me: user, lastSeq: 0, current: null, currentRequest: null, mode: null });
  S.chats.clear(); S.messages.clear(); S.byId.clear(); S.requests.clear(); S.requestMessages.clear();
  S.read = JSON.parse(localStorage.getItem('dutybot-read:' + user.id) || '{}');
  $('login').hidden = true;
  $('app').hidden = false;
  $('switch').hidden = false;
  $('call').hidden = !S.calls;
  $('me').textContent = user.name + ' · ' + (ROLE[user.role] || user.role);
  document.title = user.name + ' — песочница OnlineTur';
  connect();
}

// ---- the protocol ----

function connect() {
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/client/v1';
  status('Подключаюсь…');
  const ws = new WebSocket(url, ['dutybot.v1', 'bearer.dutybot.v1.' + b64url(S.token)]);
  S.ws = ws;
  ws.onmessage = (e) => {
    let frame;
    try { frame = JSON.parse(e.data); } catch { return; }
    onFrame(frame);
  };
  ws.onclose = (e) => {
    clearInterval(S.heartbeat);
    if (S.ws !== ws) return;
    S.ws = null;
    if (e.code === 4003) { status('Доступ отозван: выберите другого человека.', true); return; }
    status('Связь потеряна, переподключаюсь…', true);
    setTimeout(connect, S.reconnectDelay);
    S.reconnectDelay = Math.min(S.reconnectDelay * 2, 15000);
  };
}

function sendFrame(frame) {
  if (!S.ws || S.ws.readyState !== WebSocket.OPEN) { status('Нет связи: сообщение не отправлено.', true); return false; }
  S.ws.send(JSON.stringify(frame));
  return true;
}

function request(frame, onOk) {
  frame.req_id = reqId();
  S.pending.set(frame.req_id, onOk || (() => {}));
  return sendFrame(frame);
}

function onFrame(f) {
  switch (f.op) {
    case 'hello':
      S.me = f.me; S.staff = f.staff || [];
      for (const c of f.chats) S.chats.set(c.id, c);
      clearInterval(S.heartbeat);
      S.heartbeat = setInterval(() => sendFrame({ op: 'heartbeat' }), f.heartbeat_ms || 15000);
      sendFrame({ op: 'resume', after_seq: S.lastSeq });
      S.reconnectDelay = 1000;
      status('В сети');
      if (!S.current) S.current = firstChat();
      render();
      break;
    case 'event':
      if (f.seq <= S.lastSeq) return;  // a replayed event this page already has
      S.lastSeq = f.seq;
      onEvent(f.event, f.seq);
      if (!S.ackTimer) S.ackTimer = setTimeout(() => { S.ackTimer = null; sendFrame({ op: 'ack', seq: S.lastSeq }); }, 200);
      queueRender();
      break;
    case 'result': {
      const then = S.pending.get(f.req_id);
      S.pending.delete(f.req_id);
      if (f.ok) { if (then) then(f); } else {
        const err = f.error || {};
        status((ERRORS[err.code] || 'Ошибка') + (err.message && err.code === 'bad_request' ? ': ' + err.message : ''), true);
      }
      break;
    }
    case 'error': status('Сервер: ' + f.message, true); break;
    case 'reconnect': status('Сервер просит переподключиться…'); break;
    default: break;  // heartbeat_ack, gap: nothing to show
  }
}

function onEvent(e, seq) {
  switch (e.type) {
    case 'message':
    case 'message_edited': {
      if (!S.chats.has(e.chat.id)) S.chats.set(e.chat.id, e.chat);
      const old = S.byId.get(e.id);
      if (old) { Object.assign(old, { text: e.text, edited: e.type === 'message_edited' || old.edited }); break; }
      const m = { id: e.id, seq, chat: e.chat.id, from: e.from, text: e.text, ts: e.ts, reply_to: e.reply_to,
                  edited: e.type === 'message_edited', deleted: false };
      S.byId.set(m.id, m);
      if (!S.messages.has(m.chat)) S.messages.set(m.chat, []);
      S.messages.get(m.chat).push(m);
      break;
    }
    case 'message_deleted': {
      const m = S.byId.get(e.id);
      if (m) m.deleted = true;
      break;
    }
    case 'chat': S.chats.set(e.chat.id, e.chat); break;
    case 'member':
      S.staff = S.staff.filter((u) => u.id !== e.user.id);
      if (e.user.role !== 'client') S.staff.push(e.user);
      break;
    case 'request': S.requests.set(e.request.id, e.request); break;
    case 'request_message': {
      if (!S.requestMessages.has(e.request_id)) S.requestMessages.set(e.request_id, []);
      S.requestMessages.get(e.request_id).push({ id: e.id, seq, from: e.from, to: e.to, text: e.text, ts: e.ts });
      break;
    }
    default: break;
  }
}

// ---- what the page shows ----

function chatOrder(c) {
  return c.kind === 'staff' ? 0 : c.kind === 'direct' ? 1 : 2;
}

function sortedChats() {
  return [...S.chats.values()].sort((a, b) => chatOrder(a) - chatOrder(b) || a.title.localeCompare(b.title, 'ru'));
}

function firstChat() {
  const chats = sortedChats();
  return chats.length ? chats[0].id : null;
}

function chatTitle(c) {
  return c.kind === 'direct' ? S.bot + ' (бот)' : c.title;
}

function unread(chatId) {
  const read = S.read[chatId] || 0;
  return (S.messages.get(chatId) || []).filter((m) => m.seq > read && !m.deleted && m.from.id !== S.me.id).length;
}

function markRead() {
  if (!S.current || S.current === REQUESTS || document.hidden) return;
  const msgs = S.messages.get(S.current) || [];
  const top = msgs.length ? msgs[msgs.length - 1].seq : 0;
  if ((S.read[S.current] || 0) < top) {
    S.read[S.current] = top;
    localStorage.setItem('dutybot-read:' + S.me.id, JSON.stringify(S.read));
  }
}

function queueRender() {
  if (S.renderQueued) return;
  S.renderQueued = true;
  requestAnimationFrame(() => { S.renderQueued = false; render(); });
}

function render() {
  markRead();
  renderChatList();
  const onRequests = S.current === REQUESTS;
  $('chat-view').hidden = onRequests;
  $('requests-view').hidden = !onRequests;
  if (onRequests) {
    $('title').textContent = 'Заявки';
    renderRequests();
  } else if (S.current) {
    const c = S.chats.get(S.current);
    $('title').textContent = c ? chatTitle(c) : '';
    renderMessages();
  }
}

// Updates the chat list in place: the buttons stay the same elements while events arrive, so a click or the
// keyboard focus is never lost to a redraw.
function renderChatList() {
  const list = $('chats');
  const entries = sortedChats().map((c) => [c.id, chatTitle(c), unread(c.id)]);
  const open = [...S.requests.values()].filter((r) => r.status !== 'closed').length;
  entries.push([REQUESTS, 'Заявки' + (open ? ` (открытых: ${open})` : ''), 0]);
  entries.forEach(([id, title, count], index) => {
    let b = list.querySelector(`button[data-chat="${CSS.escape(id)}"]`);
    if (!b) {
      b = el('button', { type: 'button', 'data-chat': id, onclick: () => openChat(id) },
        el('span', { class: 'chat-title' }), el('span', { class: 'unread' }));
    }
    const li = b.parentElement || el('li', {}, b);
    if (list.children[index] !== li) list.insertBefore(li, list.children[index] || null);
    b.querySelector('.chat-title').textContent = title;
    const badge = b.querySelector('.unread');
    badge.hidden = !count;
    badge.textContent = count ? String(count) : '';
    badge.setAttribute('aria-label', 'непрочитанных: ' + count);
    if (id === S.current) b.setAttribute('aria-current', 'true'); else b.removeAttribute('aria-current');
  });
}

function openChat(id) {
  S.current = id;
  S.mode = null;
  S.confirmDelete = null;
  $('app').classList.add('in-chat');
  render();
  if (id === REQUESTS) $('request-new-open').hidden ? null : $('request-new-open').focus();
  else $('input').focus();
}

function authorLine(from, ts, extra) {
  return el('div', { class: 'msg-head' },
    el('span', { class: 'author', text: from.name }),
    el('span', { class: 'role', text: ROLE[from.role] || from.role || '' }),
    el('time', { text: timeOf(ts) }), extra ? el('span', { text: extra }) : null);
}

function renderMessages() {
  const box = $('messages');
  const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
  const focusedAction = document.activeElement && document.activeElement.dataset.action;
  box.replaceChildren();
  for (const m of S.messages.get(S.current) || []) {
    const mine = m.from.id === S.me.id;
    const li = el('li', { class: 'msg' + (mine ? ' mine' : '') + (m.from.role === 'bot' ? ' bot' : '') +
                                 (m.deleted ? ' deleted' : ''), 'data-id': m.id });
    li.append(authorLine(m.from, m.ts, m.edited && !m.deleted ? 'изменено' : ''));
    if (m.deleted) {
      li.append(el('div', { class: 'msg-text', text: 'Сообщение удалено' }));
    } else {
      if (m.reply_to) {
        const q = S.byId.get(m.reply_to);
        li.append(el('blockquote', { class: 'quote',
          text: !q ? 'ответ на сообщение' : q.deleted ? 'ответ на удалённое сообщение' : `${q.from.name}: ${clip(q.text)}` }));
      }
      li.append(el('div', { class: 'msg-text', text: m.text }));
      const actions = el('div', { class: 'msg-actions' },
        el('button', { type: 'button', 'data-action': 'reply:' + m.id, onclick: () => setMode('reply', m.id) }, 'Ответить'));
      if (mine) {
        actions.append(el('button', { type: 'button', 'data-action': 'edit:' + m.id, onclick: () => setMode('edit', m.id) }, 'Изменить'));
        actions.append(el('button', { type: 'button', 'data-action': 'delete:' + m.id, onclick: () => removeMessage(m) },
          S.confirmDelete === m.id ? 'Точно удалить?' : 'Удалить'));
      }
      li.append(actions);
    }
    box.append(li);
  }
  if (focusedAction) {
    const again = box.querySelector(`[data-action="${CSS.escape(focusedAction)}"]`);
    if (again) again.focus();
  }
  if (nearBottom) box.scrollTop = box.scrollHeight;
}

function clip(text) {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 80 ? line.slice(0, 79) + '…' : line;
}

function setMode(kind, id) {
  const m = S.byId.get(id);
  if (!m) return;
  S.mode = { kind, id };
  $('context').hidden = false;
  $('context-text').textContent = (kind === 'reply' ? 'Ответ: ' : 'Изменение: ') + `${m.from.name}: ${clip(m.text)}`;
  if (kind === 'edit') $('input').value = m.text;
  $('input').focus();
}

function clearMode() {
  S.mode = null;
  $('context').hidden = true;
}

function removeMessage(m) {
  if (S.confirmDelete !== m.id) {  // a second press deletes: no accidental loss, no modal
    S.confirmDelete = m.id;
    renderMessages();
    return;
  }
  S.confirmDelete = null;
  request({ op: 'delete', message_id: m.id }, () => status('Сообщение удалено'));
}

function submitMessage() {
  const text = $('input').value;
  if (!text.trim()) return;
  if (!S.current || S.current === REQUESTS) return;
  let sent;
  if (S.mode && S.mode.kind === 'edit') {
    sent = request({ op: 'edit', message_id: S.mode.id, text }, () => status('Сообщение изменено'));
  } else {
    const frame = { op: 'send', chat_id: S.current, text };
    if (S.mode && S.mode.kind === 'reply') frame.reply_to = S.mode.id;
    sent = request(frame, () => status('В сети'));
  }
  if (sent) { $('input').value = ''; clearMode(); }
}

// ---- requests ----

function isStaff() { return S.me && S.me.role !== 'client'; }

function renderRequests() {
  $('request-new-open').hidden = isStaff();
  const experts = S.staff.filter((u) => u.role === 'expert');
  const select = $('request-new-expert');
  if (select.options.length !== experts.length + 1) {
    select.replaceChildren(el('option', { value: '', text: 'любой' }), ...experts.map((u) => el('option', { value: u.id, text: u.name })));
  }
  const items = $('request-items');
  items.replaceChildren();
  const all = [...S.requests.values()].sort((a, b) => (b.created_ts || '').localeCompare(a.created_ts || ''));
  if (!all.length) items.append(el('li', { text: isStaff() ? 'Заявок пока нет.' : 'У вас пока нет заявок.' }));
  for (const r of all) {
    const b = el('button', { type: 'button', 'data-request': r.id, onclick: () => { S.currentRequest = r.id; render(); $('request-input').focus(); } },
      `${r.id} · ${r.client.name} · ${STATUS[r.status] || r.status}` + (r.reminder ? ` · «${clip(r.reminder)}»` : ''));
    if (r.id === S.currentRequest) b.setAttribute('aria-current', 'true');
    items.append(el('li', {}, b));
  }
  const r = S.requests.get(S.currentRequest);
  $('request-detail').hidden = !r;
  if (!r) return;
  $('request-title').textContent = `Заявка ${r.id}: ${STATUS[r.status] || r.status}`;
  $('request-meta').textContent = [
    `Клиент: ${r.client.name}${r.client.phone ? ', ' + r.client.phone : ''}`,
    `Откуда: ${SOURCE[r.source] || r.source}`,
    `Эксперт: ${r.expert ? r.expert.name : 'нет'}; ассистент: ${r.assistant ? r.assistant.name : 'нет'}`,
    `Напоминание: ${r.reminder || '—'}`,
  ].join('\n');
  $('request-edit').hidden = !isStaff();
  if (isStaff() && !$('request-edit').contains(document.activeElement)) {
    $('request-status').value = r.status;
    $('request-reminder').value = r.reminder || '';
  }
  const box = $('request-messages');
  box.replaceChildren();
  for (const m of S.requestMessages.get(r.id) || []) {
    box.append(el('li', { class: 'msg' + (m.from.id === S.me.id ? ' mine' : '') },
      authorLine(m.from, m.ts, m.to ? '→ ' + m.to.name : ''), el('div', { class: 'msg-text', text: m.text })));
  }
  box.scrollTop = box.scrollHeight;
}

// ---- missed calls (the embedded default only) ----

function openCallDialog() {
  const select = $('call-from');
  const callers = S.people.filter((p) => p.phone).sort((a, b) => (a.role === 'client' ? 0 : 1) - (b.role === 'client' ? 0 : 1));
  select.replaceChildren(...callers.map((p) => el('option', { value: p.id, text: `${p.name} (${p.phone})` })));
  if (S.me.role === 'client') select.value = S.me.id;
  $('call-result').textContent = '';
  $('call-dialog').showModal();
  select.focus();
}

async function pressCall(event) {
  try {
    await api('/api/call', { from_user: $('call-from').value, event });
    $('call-result').textContent = event === 'missed' ? 'Бот получил пропущенный звонок.' : 'Бот знает, что клиенту перезвонили.';
  } catch (e) {
    $('call-result').textContent = 'Не получилось: ' + e.message;
  }
}

// ---- wiring ----

document.addEventListener('DOMContentLoaded', async () => {
  $('composer').addEventListener('submit', (e) => { e.preventDefault(); submitMessage(); });
  $('input').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); submitMessage(); }
    if (e.key === 'Escape' && S.mode) { e.preventDefault(); if (S.mode.kind === 'edit') $('input').value = ''; clearMode(); }
  });
  $('context-cancel').addEventListener('click', () => { if (S.mode && S.mode.kind === 'edit') $('input').value = ''; clearMode(); $('input').focus(); });
  $('back').addEventListener('click', () => { $('app').classList.remove('in-chat'); const b = document.querySelector(`[data-chat="${CSS.escape(S.current || '')}"]`); if (b) b.focus(); });
  $('switch').addEventListener('click', switchPerson);
  $('call').addEventListener('click', openCallDialog);
  $('call-missed').addEventListener('click', () => pressCall('missed'));
  $('call-back').addEventListener('click', () => pressCall('callback'));
  $('request-new-open').addEventListener('click', () => { $('request-new').hidden = false; $('request-new-text').focus(); });
  $('request-new').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('request-new-text').value;
    if (!text.trim()) return;
    const expert = $('request-new-expert').value;
    request({ op: 'request_create', source: $('request-new-source').value, from_search: false, prepaid_rub: 0,
              expert_id: expert || null, text }, (res) => {
      $('request-new-text').value = '';
      $('request-new').hidden = true;
      S.currentRequest = res.request_id;
      status('Заявка отправлена');
      queueRender();
    });
  });
  $('request-edit').addEventListener('submit', (e) => {
    e.preventDefault();
    request({ op: 'request_update', request_id: S.currentRequest, status: $('request-status').value,
              reminder: $('request-reminder').value }, () => { status('Заявка сохранена'); $('request-status').focus(); });
  });
  const sendInRequest = () => {
    const text = $('request-input').value;
    if (!text.trim() || !S.currentRequest) return;
    if (request({ op: 'request_message', request_id: S.currentRequest, text })) $('request-input').value = '';
  };
  $('request-composer').addEventListener('submit', (e) => { e.preventDefault(); sendInRequest(); });
  $('request-input').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); sendInRequest(); }
  });
  document.addEventListener('visibilitychange', () => { if (!document.hidden) queueRender(); });

  try {
    await loadPeople();
  } catch (e) {
    status('Песочница не отвечает: ' + e.message, true);
    return;
  }
  const saved = JSON.parse(sessionStorage.getItem('dutybot-person') || 'null');
  if (saved && S.people.some((p) => p.id === saved.user.id)) start(saved.token, saved.user);
  else $('people').querySelector('button')?.focus();
});
