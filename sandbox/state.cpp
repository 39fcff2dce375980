#include "sandbox/state.h"

#include <nlohmann/json.hpp>
#include "core/utf8.h"

namespace dutybot::sandbox {
namespace {

const std::vector<std::string_view>& sandbox_migrations() {
  static const std::vector<std::string_view> m = {
      R"sql(
CREATE TABLE accounts (id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL DEFAULT 0, acked_seq INTEGER NOT NULL DEFAULT 0);
CREATE TABLE events (account TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY(account, seq));
CREATE TABLE messages (id TEXT PRIMARY KEY, chat_id TEXT NOT NULL, from_id TEXT NOT NULL, text TEXT NOT NULL,
                       reply_to TEXT, ts TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);
CREATE TABLE idempotency (account TEXT NOT NULL, req_id TEXT NOT NULL, result TEXT NOT NULL,
                          created_at INTEGER NOT NULL, PRIMARY KEY(account, req_id));
CREATE INDEX idempotency_by_time ON idempotency(created_at);
CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
)sql",
      R"sql(
CREATE TABLE directory_snapshot (kind TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY(kind, id));
)sql",
      R"sql(
CREATE TABLE requests (id TEXT PRIMARY KEY, client_id TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE request_messages (id TEXT PRIMARY KEY, request_id TEXT NOT NULL, from_id TEXT NOT NULL, to_id TEXT,
                               text TEXT NOT NULL, ts TEXT NOT NULL);
)sql",
  };
  return m;
}

// The text limits of the protocol (1–4096 characters after trimming, UTF-8); may_be_empty for «Напоминание».
std::optional<std::string> text_problem(const std::string& text, bool may_be_empty) {
  const std::size_t len = utf8::trimmed_length(text);
  if (!utf8::valid(text)) return "text is not valid UTF-8";
  if ((len == 0 && !may_be_empty) || len > proto::kMaxTextChars)
    return may_be_empty ? "text must be at most 4096 characters" : "text must be 1 to 4096 characters after trimming";
  return std::nullopt;
}

std::string event_frame(std::int64_t seq, const std::string& body) {
  return R"({"op":"event","seq":)" + std::to_string(seq) + R"(,"event":)" + body + "}";
}

}  // namespace

State::State(Directory directory, const std::string& data_path, const Clock& clock, std::int64_t retained_events)
    : dir_(std::move(directory)),
      clock_(clock),
      db_(std::make_unique<storage::Database>(data_path.empty() ? ":memory:" : data_path)),
      retained_(retained_events) {
  db_->migrate(sandbox_migrations());
  auto st = db_->prepare("INSERT OR IGNORE INTO accounts(id) VALUES (?)");
  st.bind(1, dir_.bot.user.id).run();
  for (const auto& u : dir_.users) st.bind(1, u.user.id).run();
  announce_directory_changes();
}

void State::announce_directory_changes() {
  // People who joined or changed, and chats created or renamed since the last start, become member and
  // chat events. The first start with a data file only records the directory.
  auto count = db_->prepare("SELECT COUNT(*) FROM directory_snapshot");
  count.step();
  const bool first_start = count.int64(0) == 0;
  count.reset();
  storage::Transaction tx(*db_);
  auto get = db_->prepare("SELECT body FROM directory_snapshot WHERE kind = ? AND id = ?");
  auto put = db_->prepare("INSERT OR REPLACE INTO directory_snapshot(kind, id, body) VALUES (?, ?, ?)");
  auto changed = [&](const char* kind, const std::string& id, const std::string& body) {
    get.bind(1, kind).bind(2, id);
    bool same = get.step() && get.text(0) == body;
    get.reset();
    if (same) return false;
    put.bind(1, kind).bind(2, id).bind(3, body).run();
    return !first_start;
  };
  for (const auto& u : dir_.users) {
    if (!changed("user", u.user.id, proto::user_to_json(u.user).dump())) continue;
    fan_out(proto::Event{next_id("event", "e-"), proto::MemberEvent{u.user}},
            [](const Account& a) { return a.user.role == proto::Role::bot || proto::is_staff(a.user.role); });
  }
  for (const auto& c : dir_.chats) {
    if (!changed("chat", c.id, proto::chat_to_json(c).dump())) continue;
    fan_out(proto::Event{next_id("event", "e-"), proto::ChatEvent{c}}, [&](const Account& a) { return sees(a, c); });
  }
  tx.commit();
}

bool State::sees(const Account& who, const proto::Chat& chat) const {
  if (who.user.role == proto::Role::bot) return true;
  switch (chat.kind) {
    case proto::ChatKind::staff:
      return proto::is_staff(who.user.role);
    case proto::ChatKind::country:
      return true;
    case proto::ChatKind::direct:
      return chat.id == "dm:" + who.user.id;
  }
  return false;
}

std::vector<proto::Chat> State::visible_chats(const Account& who) const {
  std::vector<proto::Chat> out;
  for (const auto& c : dir_.chats)
    if (sees(who, c)) out.push_back(c);
  if (who.user.role == proto::Role::bot) {
    for (const auto& u : dir_.users) out.push_back(*dir_.chat("dm:" + u.user.id));
  } else {
    out.push_back(*dir_.chat("dm:" + who.user.id));
  }
  return out;
}

proto::Hello State::hello_for(const Account& who, const std::string& session_id) {
  proto::Hello h;
  h.session_id = session_id;
  h.last_acked_seq = acked_seq(who.user.id);
  h.me = who.user;
  h.chats = visible_chats(who);
  for (const auto& u : dir_.users)
    if (proto::is_staff(u.user.role)) h.staff.push_back(u.user);
  return h;
}

std::int64_t State::last_seq(const std::string& account) {
  auto st = db_->prepare("SELECT last_seq FROM accounts WHERE id = ?");
  st.bind(1, account);
  return st.step() ? st.int64(0) : 0;
}

std::int64_t State::acked_seq(const std::string& account) {
  auto st = db_->prepare("SELECT acked_seq FROM accounts WHERE id = ?");
  st.bind(1, account);
  return st.step() ? st.int64(0) : 0;
}

void State::ack(const std::string& account, std::int64_t seq) {
  // Cumulative: never moves back, never beyond what was sent.
  auto st = db_->prepare("UPDATE accounts SET acked_seq = MIN(?1, last_seq) WHERE id = ?2 AND acked_seq < ?1");
  st.bind(1, seq).bind(2, account).run();
}

Replay State::replay(const std::string& account, std::int64_t after_seq) {
  Replay r;
  const std::int64_t last = last_seq(account);
  if (after_seq >= last) return r;  // beyond the newest: live events only
  auto oldest_st = db_->prepare("SELECT MIN(seq) FROM events WHERE account = ?");
  oldest_st.bind(1, account);
  std::int64_t oldest = oldest_st.step() && !oldest_st.is_null(0) ? oldest_st.int64(0) : last + 1;
  std::int64_t from = after_seq + 1;
  if (from < oldest) {
    r.gap_oldest = oldest;
    from = oldest;
  }
  auto st = db_->prepare("SELECT seq, body FROM events WHERE account = ? AND seq >= ? ORDER BY seq");
  st.bind(1, account).bind(2, from);
  while (st.step()) r.frames.push_back(event_frame(st.int64(0), st.text(1)));
  return r;
}

std::string State::next_id(const char* counter, const char* prefix) {
  auto st = db_->prepare(
      "INSERT INTO counters(name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 "
      "RETURNING value");
  st.bind(1, counter);
  st.step();
  std::int64_t v = st.int64(0);
  st.reset();
  return std::string(prefix) + std::to_string(v);
}

std::vector<Delivery> State::fan_out(const proto::Chat& chat, const proto::Event& e) {
  return fan_out(e, [&](const Account& a) { return sees(a, chat); });
}

std::vector<Delivery> State::fan_out(const proto::Event& e, const std::function<bool(const Account&)>& to) {
  const std::string body = proto::event_to_json(e).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::vector<Delivery> out;
  auto bump = db_->prepare("UPDATE accounts SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq");
  auto insert = db_->prepare("INSERT INTO events(account, seq, body) VALUES (?, ?, ?)");
  auto prune = db_->prepare("DELETE FROM events WHERE account = ? AND seq <= ?");
  auto deliver = [&](const Account& a) {
    if (!to(a)) return;
    bump.bind(1, a.user.id);
    bump.step();
    std::int64_t seq = bump.int64(0);
    bump.reset();
    insert.bind(1, a.user.id).bind(2, seq).bind(3, body).run();
    // Keep between retained_ and twice as many; prune in steps so a send stays cheap.
    const std::int64_t step = std::max<std::int64_t>(1, retained_ / 10);
    if (seq % step == 0) prune.bind(1, a.user.id).bind(2, seq - retained_ - step).run();
    out.push_back(Delivery{a.user.id, seq, event_frame(seq, body)});
  };
  deliver(dir_.bot);
  for (const auto& u : dir_.users) deliver(u);
  return out;
}

proto::Result State::failure(const std::string& req_id, std::string code, std::string message,
                             std::optional<std::chrono::milliseconds> retry) {
  proto::Result r;
  r.req_id = req_id;
  r.ok = false;
  r.error = proto::SendError{std::move(code), std::move(message), retry};
  return r;
}

std::optional<proto::Result> State::check_idempotent(const std::string& account, const std::string& req_id) {
  auto st = db_->prepare("SELECT result FROM idempotency WHERE account = ? AND req_id = ? AND created_at > ?");
  st.bind(1, account).bind(2, req_id).bind(3, to_unix_ms(clock_.now() - kIdempotencyWindow));
  if (!st.step()) return std::nullopt;
  auto frame = proto::decode_server_frame(st.text(0));
  if (auto* r = std::get_if<proto::Result>(&frame)) return *r;
  return std::nullopt;
}

void State::remember(const std::string& account, const proto::Result& r) {
  auto st = db_->prepare("INSERT OR REPLACE INTO idempotency(account, req_id, result, created_at) VALUES (?, ?, ?, ?)");
  st.bind(1, account).bind(2, r.req_id).bind(3, proto::encode(proto::ServerFrame{r})).bind(4, to_unix_ms(clock_.now()));
  st.run();
}

bool State::take_token(const std::string& account) {
  auto& b = buckets_[account];
  const TimePoint now = clock_.now();
  if (b.at != TimePoint{}) {
    double secs = std::chrono::duration<double>(now - b.at).count();
    b.tokens = std::min(kRateBurst, b.tokens + std::max(0.0, secs) * kRatePerSecond);
  }
  b.at = now;
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

std::optional<proto::Result> State::admit(const Account& from, const std::string& req_id, bool bots_may,
                                          const char* what) {
  // A known req_id is answered before anything else, so a retrying sender is never limited by its duplicates.
  if (auto known = check_idempotent(from.user.id, req_id)) return known;
  if (!bots_may && from.user.role == proto::Role::bot)
    return failure(req_id, "forbidden", std::string("bots cannot ") + what);
  if (!take_token(from.user.id))
    return failure(req_id, "rate_limited", "more than 20 sends per second", std::chrono::milliseconds(1000));
  return std::nullopt;
}

State::Outcome State::send(const Account& from, const proto::Send& s) {
  Outcome out;
  if (auto early = admit(from, s.req_id, /*bots_may=*/true, "send messages")) {
    out.result = *early;
    return out;
  }
  if (auto problem = text_problem(s.text, false)) {
    out.result = failure(s.req_id, "bad_request", *problem);
    return out;
  }
  // Resolve the chat: to_user means a direct chat between a person and the bot.
  std::string chat_id;
  if (s.to_user) {
    const Account* to = dir_.by_id(*s.to_user);
    if (!to) {
      out.result = failure(s.req_id, "not_found", "no such user '" + *s.to_user + "'");
      return out;
    }
    if (from.user.role == proto::Role::bot && to->user.role != proto::Role::bot)
      chat_id = "dm:" + to->user.id;
    else if (from.user.role != proto::Role::bot && to->user.role == proto::Role::bot)
      chat_id = "dm:" + from.user.id;
    else {
      out.result = failure(s.req_id, "forbidden", "direct chats are between a person and the bot");
      return out;
    }
  } else {
    chat_id = *s.chat_id;
  }
  auto chat = dir_.chat(chat_id);
  if (!chat) {
    out.result = failure(s.req_id, "not_found", "no such chat '" + chat_id + "'");
    return out;
  }
  if (!sees(from, *chat)) {
    out.result = failure(s.req_id, "forbidden", "you cannot post in '" + chat_id + "'");
    return out;
  }
  if (s.reply_to) {
    auto st = db_->prepare("SELECT 1 FROM messages WHERE id = ? AND chat_id = ?");
    st.bind(1, *s.reply_to).bind(2, chat_id);
    if (!st.step()) {
      out.result = failure(s.req_id, "not_found", "no message '" + *s.reply_to + "' in '" + chat_id + "'");
      return out;
    }
  }
  storage::Transaction tx(*db_);
  proto::MessageEvent m;
  m.id = next_id("message", "m-");
  m.ts = format_utc(clock_.now());
  m.chat = *chat;
  m.from = from.user;
  m.text = s.text;
  m.reply_to = s.reply_to;
  auto st = db_->prepare("INSERT INTO messages(id, chat_id, from_id, text, reply_to, ts) VALUES (?, ?, ?, ?, ?, ?)");
  st.bind(1, m.id).bind(2, chat_id).bind(3, from.user.id).bind(4, m.text).bind(5, m.reply_to).bind(6, m.ts).run();
  proto::Event e{next_id("event", "e-"), m};
  out.deliveries = fan_out(*chat, e);
  out.result.req_id = s.req_id;
  out.result.ok = true;
  out.result.message_id = m.id;
  out.result.chat_id = chat_id;
  remember(from.user.id, out.result);
  // Forget req_ids older than the window now and then.
  auto prune = db_->prepare("DELETE FROM idempotency WHERE created_at < ?");
  prune.bind(1, to_unix_ms(clock_.now() - kIdempotencyWindow)).run();
  tx.commit();
  return out;
}

State::Outcome State::edit(const Account& from, const proto::Edit& e) {
  Outcome out;
  if (auto early = admit(from, e.req_id, /*bots_may=*/false, "edit messages")) {
    out.result = *early;
    return out;
  }
  if (auto problem = text_problem(e.text, false)) {
    out.result = failure(e.req_id, "bad_request", *problem);
    return out;
  }
  auto st = db_->prepare("SELECT chat_id, from_id, reply_to, ts FROM messages WHERE id = ? AND deleted = 0");
  st.bind(1, e.message_id);
  if (!st.step()) {
    out.result = failure(e.req_id, "not_found", "no message '" + e.message_id + "'");
    return out;
  }
  if (st.text(1) != from.user.id) {
    out.result = failure(e.req_id, "forbidden", "you can only edit your own messages");
    return out;
  }
  auto chat = dir_.chat(st.text(0));
  proto::MessageEvent m;
  m.id = e.message_id;
  m.ts = st.text(3);
  m.chat = *chat;
  m.from = from.user;
  m.text = e.text;
  m.reply_to = st.opt_text(2);
  m.edited_ts = format_utc(clock_.now());
  storage::Transaction tx(*db_);
  auto up = db_->prepare("UPDATE messages SET text = ? WHERE id = ?");
  up.bind(1, e.text).bind(2, e.message_id).run();
  out.deliveries = fan_out(*chat, proto::Event{next_id("event", "e-"), m});
  out.result.req_id = e.req_id;
  out.result.ok = true;
  out.result.message_id = e.message_id;
  out.result.chat_id = chat->id;
  remember(from.user.id, out.result);
  tx.commit();
  return out;
}

State::Outcome State::remove(const Account& from, const proto::Delete& d) {
  Outcome out;
  if (auto early = admit(from, d.req_id, /*bots_may=*/false, "delete messages")) {
    out.result = *early;
    return out;
  }
  auto st = db_->prepare("SELECT chat_id, from_id FROM messages WHERE id = ? AND deleted = 0");
  st.bind(1, d.message_id);
  if (!st.step()) {
    out.result = failure(d.req_id, "not_found", "no message '" + d.message_id + "'");
    return out;
  }
  if (st.text(1) != from.user.id) {
    out.result = failure(d.req_id, "forbidden", "you can only delete your own messages");
    return out;
  }
  auto chat = dir_.chat(st.text(0));
  storage::Transaction tx(*db_);
  auto up = db_->prepare("UPDATE messages SET deleted = 1 WHERE id = ?");
  up.bind(1, d.message_id).run();
  proto::MessageDeletedEvent del{d.message_id, *chat, format_utc(clock_.now())};
  out.deliveries = fan_out(*chat, proto::Event{next_id("event", "e-"), del});
  out.result.req_id = d.req_id;
  out.result.ok = true;
  out.result.message_id = d.message_id;
  out.result.chat_id = chat->id;
  remember(from.user.id, out.result);
  tx.commit();
  return out;
}

// ---- requests (protocol-v1-requests.md) ----

namespace {
proto::PersonRef ref_of(const Account& a) { return {a.user.id, a.user.name}; }
}  // namespace

bool State::sees_request(const Account& who, const proto::Request& r) {
  return who.user.role == proto::Role::bot || proto::is_staff(who.user.role) || who.user.id == r.client.id;
}

std::optional<proto::Request> State::load_request(const std::string& id) {
  auto st = db_->prepare("SELECT body FROM requests WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  std::string why;
  auto r = proto::decode_request(st.text(0), &why);
  if (!r) throw std::runtime_error("sandbox: stored request " + id + " unreadable: " + why);
  return r;
}

void State::store_request(const proto::Request& r) {
  auto st = db_->prepare("INSERT OR REPLACE INTO requests(id, client_id, body) VALUES (?, ?, ?)");
  st.bind(1, r.id).bind(2, r.client.id).bind(3, proto::encode_request(r)).run();
}

std::vector<Delivery> State::fan_out_request(const proto::Request& r, const proto::Event& e) {
  return fan_out(e, [&](const Account& a) { return sees_request(a, r); });
}

State::Outcome State::succeed(const Account& from, proto::Result r, std::vector<Delivery> deliveries) {
  r.ok = true;
  remember(from.user.id, r);
  return Outcome{std::move(r), std::move(deliveries)};
}

State::Outcome State::create_request(const Account& from, const proto::RequestCreate& c) {
  Outcome out;
  if (auto early = admit(from, c.req_id, /*bots_may=*/false, "work in requests")) {
    out.result = *early;
    return out;
  }
  if (from.user.role != proto::Role::client) {
    out.result = failure(c.req_id, "forbidden", "only clients create requests");
    return out;
  }
  if (auto problem = text_problem(c.text, false)) {
    out.result = failure(c.req_id, "bad_request", *problem);
    return out;
  }
  std::optional<proto::PersonRef> expert;
  if (c.expert_id) {
    const Account* e = dir_.by_id(*c.expert_id);
    if (!e || e->user.role != proto::Role::expert) {
      out.result = failure(c.req_id, "not_found", "no expert '" + *c.expert_id + "'");
      return out;
    }
    expert = ref_of(*e);
  }
  storage::Transaction tx(*db_);
  const std::string now = format_utc(clock_.now());
  proto::Request r;
  r.id = next_id("request", "r-");
  r.client = ref_of(from);
  r.client_phone = from.phone;
  r.source = c.source;
  r.from_search = c.from_search;
  r.prepaid_rub = c.prepaid_rub;
  r.expert = expert;
  r.text = c.text;
  r.status = "new";
  r.created_ts = r.updated_ts = now;
  store_request(r);
  // The text is also the request's first message.
  proto::RequestMessageEvent first{next_id("request_message", "rm-"), now, r.id, from.user, expert, c.text};
  auto ins =
      db_->prepare("INSERT INTO request_messages(id, request_id, from_id, to_id, text, ts) VALUES (?, ?, ?, ?, ?, ?)");
  ins.bind(1, first.id).bind(2, r.id).bind(3, from.user.id);
  ins.bind(4, expert ? std::optional<std::string>(expert->id) : std::nullopt).bind(5, c.text).bind(6, now).run();
  out.deliveries = fan_out_request(r, proto::Event{next_id("event", "e-"), proto::RequestEvent{now, r, ref_of(from)}});
  auto more = fan_out_request(r, proto::Event{next_id("event", "e-"), first});
  out.deliveries.insert(out.deliveries.end(), more.begin(), more.end());
  proto::Result result;
  result.req_id = c.req_id;
  result.request_id = r.id;
  out = succeed(from, result, std::move(out.deliveries));
  tx.commit();
  return out;
}

State::Outcome State::post_in_request(const Account& from, const proto::RequestMessage& m) {
  Outcome out;
  if (auto early = admit(from, m.req_id, /*bots_may=*/false, "work in requests")) {
    out.result = *early;
    return out;
  }
  auto r = load_request(m.request_id);
  if (!r || !sees_request(from, *r)) {  // another client's request is not there for them
    out.result = failure(m.req_id, "not_found", "no request '" + m.request_id + "'");
    return out;
  }
  if (auto problem = text_problem(m.text, false)) {
    out.result = failure(m.req_id, "bad_request", *problem);
    return out;
  }
  // A client writes to the request's expert; staff write to the client.
  std::optional<proto::PersonRef> to =
      from.user.role == proto::Role::client ? r->expert : std::optional<proto::PersonRef>(r->client);
  storage::Transaction tx(*db_);
  const std::string now = format_utc(clock_.now());
  proto::RequestMessageEvent e{next_id("request_message", "rm-"), now, r->id, from.user, to, m.text};
  auto ins =
      db_->prepare("INSERT INTO request_messages(id, request_id, from_id, to_id, text, ts) VALUES (?, ?, ?, ?, ?, ?)");
  ins.bind(1, e.id).bind(2, r->id).bind(3, from.user.id);
  ins.bind(4, to ? std::optional<std::string>(to->id) : std::nullopt).bind(5, m.text).bind(6, now).run();
  auto deliveries = fan_out_request(*r, proto::Event{next_id("event", "e-"), e});
  proto::Result result;
  result.req_id = m.req_id;
  result.message_id = e.id;
  out = succeed(from, result, std::move(deliveries));
  tx.commit();
  return out;
}

State::Outcome State::update_request(const Account& from, const proto::RequestUpdate& u) {
  Outcome out;
  if (auto early = admit(from, u.req_id, /*bots_may=*/false, "work in requests")) {
    out.result = *early;
    return out;
  }
  if (!proto::is_staff(from.user.role)) {
    out.result = failure(u.req_id, "forbidden", "only staff update requests");
    return out;
  }
  auto r = load_request(u.request_id);
  if (!r) {
    out.result = failure(u.req_id, "not_found", "no request '" + u.request_id + "'");
    return out;
  }
  proto::Request next = *r;
  if (u.status) next.status = *u.status;
  if (u.reminder) {
    if (auto problem = text_problem(*u.reminder, true)) {
      out.result = failure(u.req_id, "bad_request", "reminder: " + *problem);
      return out;
    }
    next.reminder = *u.reminder;
  }
  // "" clears an assignment; an id must name a person of a fitting role.
  auto assign = [&](const std::optional<std::string>& id, bool expert_only,
                    std::optional<proto::PersonRef>* field) -> bool {
    if (!id) return true;
    if (id->empty()) {
      field->reset();
      return true;
    }
    const Account* a = dir_.by_id(*id);
    if (!a || !proto::is_staff(a->user.role) || (expert_only && a->user.role != proto::Role::expert)) {
      out.result = failure(u.req_id, "not_found",
                           std::string("no ") + (expert_only ? "expert" : "staff member") + " '" + *id + "'");
      return false;
    }
    *field = ref_of(*a);
    return true;
  };
  if (!assign(u.assistant_id, false, &next.assistant) || !assign(u.expert_id, true, &next.expert)) return out;
  proto::Result result;
  result.req_id = u.req_id;
  result.request_id = r->id;
  if (next == *r) return succeed(from, result, {});  // nothing changed: no event
  storage::Transaction tx(*db_);
  next.updated_ts = format_utc(clock_.now());
  store_request(next);
  auto deliveries = fan_out_request(
      next, proto::Event{next_id("event", "e-"), proto::RequestEvent{next.updated_ts, next, ref_of(from)}});
  out = succeed(from, result, std::move(deliveries));
  tx.commit();
  return out;
}

std::int64_t State::message_count() {
  auto st = db_->prepare("SELECT COUNT(*) FROM messages");
  st.step();
  return st.int64(0);
}

}  // namespace dutybot::sandbox
