#include "core/protocol.h"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <nlohmann/json.hpp>

namespace dutybot::proto {
namespace {

using nlohmann::json;

// A read-only view of a value parsed by Boost.JSON, asking the few questions the decoders ask. Frames are read with
// Boost.JSON (about five times faster than nlohmann::json on an event frame, and every event is one) and written
// with nlohmann::json. An absent key reads as null.
class Doc {
public:
  explicit Doc(const boost::json::value& v) : v_(&v) {}
  bool is_object() const { return v_->is_object(); }
  bool is_array() const { return v_->is_array(); }
  bool is_string() const { return v_->is_string(); }
  bool is_null() const { return v_->is_null(); }
  bool is_boolean() const { return v_->is_bool(); }
  bool is_number_integer() const {
    return v_->is_int64() || (v_->is_uint64() && v_->get_uint64() <= std::uint64_t(INT64_MAX));
  }
  bool contains(std::string_view key) const { return v_->is_object() && v_->get_object().contains(key); }
  Doc at(std::string_view key) const {
    if (const auto* o = v_->if_object())
      if (const auto* found = o->if_contains(key)) return Doc(*found);
    return Doc(null_value());
  }
  Doc operator[](std::string_view key) const { return at(key); }
  template <class T>
  T get() const {
    if constexpr (std::is_same_v<T, std::string>)
      return std::string(v_->get_string());
    else if constexpr (std::is_same_v<T, bool>)
      return v_->get_bool();
    else
      return v_->is_int64() ? v_->get_int64() : static_cast<std::int64_t>(v_->get_uint64());
  }
  // An array's items, as views (empty for anything else).
  class Iterator {
  public:
    explicit Iterator(const boost::json::value* at) : at_(at) {}
    Doc operator*() const { return Doc(*at_); }
    Iterator& operator++() {
      ++at_;
      return *this;
    }
    bool operator!=(const Iterator& other) const { return at_ != other.at_; }

  private:
    const boost::json::value* at_;
  };
  Iterator begin() const { return Iterator(v_->is_array() ? v_->get_array().data() : nullptr); }
  Iterator end() const { return Iterator(v_->is_array() ? v_->get_array().data() + v_->get_array().size() : nullptr); }

  static const boost::json::value& null_value() {
    static const boost::json::value null;
    return null;
  }

private:
  const boost::json::value* v_;
};

// Parses JSON text into `storage`'s memory; nullopt when it is not valid JSON or not valid UTF-8.
std::optional<boost::json::value> parse_json(std::string_view text, boost::json::storage_ptr storage) {
  boost::json::parse_options options;
  options.max_depth = kMaxJsonDepth + 1;  // depth_within_limit names the limit first
  boost::json::error_code ec;
  boost::json::value v = boost::json::parse(text, ec, std::move(storage), options);
  if (ec) return std::nullopt;
  return v;
}

// Room for a typical frame's parsed values on the stack; a larger one spills to the heap.
constexpr std::size_t kParseBufferBytes = 4096;

// Rejects nesting deeper than kMaxJsonDepth before the real parser sees the text.
bool depth_within_limit(std::string_view text) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) return false;
    } else if (c == '}' || c == ']')
      --depth;
  }
  return true;
}

// Field access that reports what is wrong instead of throwing.
class Fields {
public:
  explicit Fields(Doc j) : j_(j) {}
  std::string error;

  bool has(const char* key) const { return j_.contains(key) && !j_.at(key).is_null(); }

  std::string str(const char* key) {
    if (!j_.contains(key) || !j_.at(key).is_string()) {
      fail(std::string("missing or non-string field '") + key + "'");
      return {};
    }
    return j_.at(key).get<std::string>();
  }
  std::optional<std::string> opt_str(const char* key) {
    if (!has(key)) return std::nullopt;
    if (!j_.at(key).is_string()) {
      fail(std::string("field '") + key + "' must be a string");
      return std::nullopt;
    }
    return j_.at(key).get<std::string>();
  }
  std::int64_t integer(const char* key) {
    if (!j_.contains(key) || !j_.at(key).is_number_integer()) {
      fail(std::string("missing or non-integer field '") + key + "'");
      return 0;
    }
    return j_.at(key).get<std::int64_t>();
  }
  bool boolean(const char* key) {
    if (!j_.contains(key) || !j_.at(key).is_boolean()) {
      fail(std::string("missing or non-boolean field '") + key + "'");
      return false;
    }
    return j_.at(key).get<bool>();
  }
  Doc object(const char* key) {
    static const boost::json::value empty_object = boost::json::object();
    const Doc empty(empty_object);
    if (!j_.contains(key) || !j_.at(key).is_object()) {
      fail(std::string("missing or non-object field '") + key + "'");
      return empty;
    }
    return j_.at(key);
  }
  Doc array(const char* key) {
    static const boost::json::value empty_array = boost::json::array();
    const Doc empty(empty_array);
    if (!j_.contains(key) || !j_.at(key).is_array()) {
      fail(std::string("missing or non-array field '") + key + "'");
      return empty;
    }
    return j_.at(key);
  }
  void fail(std::string why) {
    if (error.empty()) error = std::move(why);
  }
  bool ok() const { return error.empty(); }

private:
  Doc j_;
};

std::optional<User> user_from(const Doc& j, std::string* why) {
  if (!j.is_object()) {
    *why = "user must be an object";
    return std::nullopt;
  }
  Fields f(j);
  User u;
  u.id = f.str("id");
  u.name = f.opt_str("name").value_or("");
  auto role = f.str("role");
  if (!f.ok()) {
    *why = f.error;
    return std::nullopt;
  }
  auto r = role_from_string(role);
  if (!r) {
    *why = "unknown role '" + role + "'";
    return std::nullopt;
  }
  u.role = *r;
  return u;
}

std::optional<Chat> chat_from(const Doc& j, std::string* why) {
  if (!j.is_object()) {
    *why = "chat must be an object";
    return std::nullopt;
  }
  Fields f(j);
  Chat c;
  c.id = f.str("id");
  auto kind = f.str("kind");
  c.title = f.opt_str("title").value_or("");
  if (!f.ok()) {
    *why = f.error;
    return std::nullopt;
  }
  auto k = chat_kind_from_string(kind);
  if (!k) {
    *why = "unknown chat kind '" + kind + "'";
    return std::nullopt;
  }
  c.kind = *k;
  return c;
}

std::optional<PersonRef> person_ref_from(const Doc& j, std::string* why) {
  if (!j.is_object()) {
    *why = "person must be an object";
    return std::nullopt;
  }
  Fields f(j);
  PersonRef p{f.str("id"), f.opt_str("name").value_or("")};
  if (!f.ok()) {
    *why = f.error;
    return std::nullopt;
  }
  return p;
}

// An optional person field: absent or null is nullopt; anything else must be a person.
bool opt_person_ref(const Doc& parent, const char* key, std::optional<PersonRef>* out, std::string* why) {
  if (!parent.contains(key) || parent.at(key).is_null()) return true;
  auto p = person_ref_from(parent.at(key), why);
  if (!p) {
    *why = std::string(key) + ": " + *why;
    return false;
  }
  *out = std::move(*p);
  return true;
}

json person_ref_to_json(const std::optional<PersonRef>& p) {
  if (!p) return nullptr;
  return {{"id", p->id}, {"name", p->name}};
}

std::optional<Request> request_from(const Doc& j, std::string* why) {
  if (!j.is_object()) {
    *why = "request must be an object";
    return std::nullopt;
  }
  Fields f(j);
  Request r;
  r.id = f.str("id");
  r.source = f.str("source");
  r.text = f.str("text");
  r.status = f.str("status");
  r.reminder = f.opt_str("reminder").value_or("");
  r.created_ts = f.opt_str("created_ts").value_or("");
  r.updated_ts = f.opt_str("updated_ts").value_or("");
  if (f.has("from_search")) r.from_search = f.boolean("from_search");
  if (f.has("prepaid_rub")) r.prepaid_rub = f.integer("prepaid_rub");
  const Doc& client = f.object("client");
  if (!f.ok()) {
    *why = f.error;
    return std::nullopt;
  }
  if (r.prepaid_rub < 0 || r.prepaid_rub > kMaxPrepaidRub) {
    *why = "prepaid_rub out of range";
    return std::nullopt;
  }
  auto c = person_ref_from(client, why);
  if (!c) {
    *why = "client: " + *why;
    return std::nullopt;
  }
  r.client = *c;
  if (client.contains("phone") && client["phone"].is_string()) r.client_phone = client["phone"].get<std::string>();
  if (!opt_person_ref(j, "expert", &r.expert, why) || !opt_person_ref(j, "assistant", &r.assistant, why))
    return std::nullopt;
  return r;
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::optional<boost::json::value> parse_object(std::string_view text, std::string* why,
                                               boost::json::storage_ptr storage) {
  if (text.size() > kMaxFrameBytes) {
    *why = "frame larger than 65536 bytes";
    return std::nullopt;
  }
  if (!depth_within_limit(text)) {
    *why = "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    return std::nullopt;
  }
  auto parsed = parse_json(text, std::move(storage));
  if (!parsed) {
    *why = "not valid JSON (or not valid UTF-8)";
    return std::nullopt;
  }
  const Doc j(*parsed);
  if (!j.is_object()) {
    *why = "frame must be a JSON object";
    return std::nullopt;
  }
  if (!j.contains("op") || !j["op"].is_string()) {
    *why = "missing or non-string field 'op'";
    return std::nullopt;
  }
  return parsed;
}

}  // namespace

std::optional<Role> role_from_string(std::string_view s) {
  if (s == "client") return Role::client;
  if (s == "assistant") return Role::assistant;
  if (s == "expert") return Role::expert;
  if (s == "supervisor") return Role::supervisor;
  if (s == "bot") return Role::bot;
  return std::nullopt;
}
std::string_view to_string(Role r) {
  switch (r) {
    case Role::client:
      return "client";
    case Role::assistant:
      return "assistant";
    case Role::expert:
      return "expert";
    case Role::supervisor:
      return "supervisor";
    case Role::bot:
      return "bot";
  }
  return "client";
}
std::optional<ChatKind> chat_kind_from_string(std::string_view s) {
  if (s == "staff") return ChatKind::staff;
  if (s == "country") return ChatKind::country;
  if (s == "direct") return ChatKind::direct;
  return std::nullopt;
}
std::string_view to_string(ChatKind k) {
  switch (k) {
    case ChatKind::staff:
      return "staff";
    case ChatKind::country:
      return "country";
    case ChatKind::direct:
      return "direct";
  }
  return "country";
}

json user_to_json(const User& u) { return {{"id", u.id}, {"name", u.name}, {"role", to_string(u.role)}}; }
json chat_to_json(const Chat& c) { return {{"id", c.id}, {"kind", to_string(c.kind)}, {"title", c.title}}; }

bool is_request_source(std::string_view s) { return s == "site" || s == "app" || s == "search"; }
bool is_request_status(std::string_view s) {
  return s == "new" || s == "in_progress" || s == "waiting_client" || s == "booked" || s == "closed";
}

namespace {
json request_to_json(const Request& r) {
  return {{"id", r.id},
          {"client", {{"id", r.client.id}, {"name", r.client.name}, {"phone", r.client_phone}}},
          {"source", r.source},
          {"from_search", r.from_search},
          {"prepaid_rub", r.prepaid_rub},
          {"expert", person_ref_to_json(r.expert)},
          {"assistant", person_ref_to_json(r.assistant)},
          {"text", r.text},
          {"status", r.status},
          {"reminder", r.reminder},
          {"created_ts", r.created_ts},
          {"updated_ts", r.updated_ts}};
}
}  // namespace

std::string encode_request(const Request& r) { return dump(request_to_json(r)); }

std::optional<Request> decode_request(std::string_view json_text, std::string* why) {
  unsigned char buffer[kParseBufferBytes];
  boost::json::monotonic_resource memory(buffer, sizeof buffer);
  auto parsed = parse_json(json_text, &memory);
  if (!parsed) {
    *why = "not valid JSON";
    return std::nullopt;
  }
  return request_from(Doc(*parsed), why);
}

json event_to_json(const Event& e) {
  json j;
  j["event_id"] = e.event_id;
  std::visit(
      [&](const auto& b) {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, MessageEvent>) {
          j["type"] = b.edited_ts ? "message_edited" : "message";
          j["id"] = b.id;
          j["ts"] = b.ts;
          j["chat"] = chat_to_json(b.chat);
          j["from"] = user_to_json(b.from);
          j["text"] = b.text;
          j["reply_to"] = b.reply_to ? json(*b.reply_to) : json(nullptr);
          if (b.edited_ts) j["edited_ts"] = *b.edited_ts;
        } else if constexpr (std::is_same_v<T, MessageDeletedEvent>) {
          j["type"] = "message_deleted";
          j["id"] = b.id;
          j["chat"] = chat_to_json(b.chat);
          j["ts"] = b.ts;
        } else if constexpr (std::is_same_v<T, MemberEvent>) {
          j["type"] = "member";
          j["user"] = user_to_json(b.user);
        } else if constexpr (std::is_same_v<T, ChatEvent>) {
          j["type"] = "chat";
          j["chat"] = chat_to_json(b.chat);
        } else if constexpr (std::is_same_v<T, RequestEvent>) {
          j["type"] = "request";
          j["ts"] = b.ts;
          j["request"] = request_to_json(b.request);
          j["changed_by"] = person_ref_to_json(b.changed_by);
        } else if constexpr (std::is_same_v<T, RequestMessageEvent>) {
          j["type"] = "request_message";
          j["ts"] = b.ts;
          j["request_id"] = b.request_id;
          j["id"] = b.id;
          j["from"] = user_to_json(b.from);
          j["to"] = person_ref_to_json(b.to);
          j["text"] = b.text;
        } else {
          j["type"] = b.type;
        }
      },
      e.body);
  return j;
}

namespace {
std::optional<Event> event_from_json(const Doc& j, std::string* why) {
  if (!j.is_object()) {
    *why = "event must be an object";
    return std::nullopt;
  }
  Fields f(j);
  Event e;
  e.event_id = f.str("event_id");
  auto type = f.str("type");
  if (!f.ok()) {
    *why = f.error;
    return std::nullopt;
  }
  if (type == "message" || type == "message_edited") {
    MessageEvent m;
    m.id = f.str("id");
    m.ts = f.opt_str("ts").value_or("");
    m.text = f.str("text");
    m.reply_to = f.opt_str("reply_to");
    if (type == "message_edited") m.edited_ts = f.opt_str("edited_ts").value_or(m.ts);
    const Doc& chat = f.object("chat");
    const Doc& from = f.object("from");
    if (!f.ok()) {
      *why = f.error;
      return std::nullopt;
    }
    auto c = chat_from(chat, why);
    if (!c) return std::nullopt;
    auto u = user_from(from, why);
    if (!u) return std::nullopt;
    m.chat = *c;
    m.from = *u;
    e.body = std::move(m);
  } else if (type == "message_deleted") {
    MessageDeletedEvent d;
    d.id = f.str("id");
    d.ts = f.opt_str("ts").value_or("");
    const Doc& chat = f.object("chat");
    if (!f.ok()) {
      *why = f.error;
      return std::nullopt;
    }
    auto c = chat_from(chat, why);
    if (!c) return std::nullopt;
    d.chat = *c;
    e.body = std::move(d);
  } else if (type == "member") {
    const Doc& user = f.object("user");
    if (!f.ok()) {
      *why = f.error;
      return std::nullopt;
    }
    auto u = user_from(user, why);
    if (!u) return std::nullopt;
    e.body = MemberEvent{*u};
  } else if (type == "chat") {
    const Doc& chat = f.object("chat");
    if (!f.ok()) {
      *why = f.error;
      return std::nullopt;
    }
    auto c = chat_from(chat, why);
    if (!c) return std::nullopt;
    e.body = ChatEvent{*c};
  } else if (type == "request") {
    RequestEvent r;
    r.ts = f.opt_str("ts").value_or("");
    const Doc& req = f.object("request");
    if (!f.ok()) {
      *why = f.error;
      return std::nullopt;
    }
    auto parsed = request_from(req, why);
    if (!parsed) return std::nullopt;
    r.request = std::move(*parsed);
    if (!opt_person_ref(j, "changed_by", &r.changed_by, why)) return std::nullopt;
    e.body = std::move(r);
  } else if (type == "request_message") {
    RequestMessageEvent m;
    m.id = f.str("id");
    m.ts = f.opt_str("ts").value_or("");
    m.request_id = f.str("request_id");
    m.text = f.str("text");
    const Doc& from = f.object("from");
    if (!f.ok()) {
      *why = f.error;
      return std::nullopt;
    }
    auto u = user_from(from, why);
    if (!u) return std::nullopt;
    m.from = *u;
    if (!opt_person_ref(j, "to", &m.to, why)) return std::nullopt;
    e.body = std::move(m);
  } else {
    e.body = UnknownEvent{type};
  }
  return e;
}

}  // namespace

ServerFrame decode_server_frame(std::string_view text) {
  std::string why;
  unsigned char buffer[kParseBufferBytes];
  boost::json::monotonic_resource memory(buffer, sizeof buffer);
  auto parsed = parse_object(text, &why, &memory);
  if (!parsed) return DecodeError{why, std::nullopt};
  const Doc j(*parsed);
  const auto op = j["op"].get<std::string>();
  Fields f(j);
  if (op == "hello") {
    Hello h;
    h.session_id = f.opt_str("session_id").value_or("");
    h.heartbeat = std::chrono::milliseconds(f.integer("heartbeat_ms"));
    h.last_acked_seq = f.integer("last_acked_seq");
    const Doc& me = f.object("me");
    const Doc& chats = f.array("chats");
    const Doc& staff = f.array("staff");
    if (!f.ok()) return DecodeError{f.error, std::nullopt};
    if (h.heartbeat <= std::chrono::milliseconds(0)) return DecodeError{"heartbeat_ms must be positive", std::nullopt};
    auto u = user_from(me, &why);
    if (!u) return DecodeError{"me: " + why, std::nullopt};
    h.me = *u;
    for (const auto& c : chats) {
      auto chat = chat_from(c, &why);
      if (!chat) return DecodeError{"chats: " + why, std::nullopt};
      h.chats.push_back(*chat);
    }
    for (const auto& s : staff) {
      auto person = user_from(s, &why);
      if (!person) return DecodeError{"staff: " + why, std::nullopt};
      h.staff.push_back(*person);
    }
    return h;
  }
  if (op == "event") {
    EventFrame ef;
    ef.seq = f.integer("seq");
    const Doc& ev = f.object("event");
    if (!f.ok()) return DecodeError{f.error, std::nullopt};
    if (ef.seq <= 0) return DecodeError{"seq must be positive", std::nullopt};
    auto e = event_from_json(ev, &why);
    if (!e) return DecodeError{"event: " + why, std::nullopt};
    ef.event = std::move(*e);
    return ef;
  }
  if (op == "gap") {
    Gap g{f.integer("oldest_seq")};
    if (!f.ok()) return DecodeError{f.error, std::nullopt};
    return g;
  }
  if (op == "heartbeat_ack") return HeartbeatAck{};
  if (op == "reconnect") return Reconnect{f.opt_str("reason").value_or("")};
  if (op == "result") {
    Result r;
    r.req_id = f.str("req_id");
    r.ok = f.boolean("ok");
    if (!f.ok()) return DecodeError{f.error, std::nullopt};
    if (r.ok) {
      r.message_id = f.opt_str("message_id").value_or("");
      r.chat_id = f.opt_str("chat_id").value_or("");
      r.request_id = f.opt_str("request_id").value_or("");
    } else {
      SendError err;
      if (j.contains("error") && j["error"].is_object()) {
        Fields ef(j["error"]);
        err.code = ef.opt_str("code").value_or("unknown");
        err.message = ef.opt_str("message").value_or("");
        if (j["error"].contains("retry_after_ms") && j["error"]["retry_after_ms"].is_number_integer())
          err.retry_after = std::chrono::milliseconds(j["error"]["retry_after_ms"].get<std::int64_t>());
      } else {
        err.code = "unknown";
      }
      r.error = err;
    }
    if (!f.ok()) return DecodeError{f.error, r.req_id};
    return r;
  }
  if (op == "error") {
    ErrorFrame e{f.opt_str("code").value_or(""), f.opt_str("message").value_or("")};
    return e;
  }
  return UnknownOp{op};
}

ClientFrame decode_client_frame(std::string_view text) {
  std::string why;
  unsigned char buffer[kParseBufferBytes];
  boost::json::monotonic_resource memory(buffer, sizeof buffer);
  auto parsed = parse_object(text, &why, &memory);
  if (!parsed) return DecodeError{why, std::nullopt};
  const Doc j(*parsed);
  const auto op = j["op"].get<std::string>();
  Fields f(j);
  // Send-like ops: a usable req_id turns a field error into a result(bad_request).
  auto req_id_of = [&]() -> std::optional<std::string> {
    if (j.contains("req_id") && j["req_id"].is_string()) {
      auto id = j["req_id"].get<std::string>();
      if (!id.empty() && id.size() <= kMaxReqIdChars) return id;
    }
    return std::nullopt;
  };
  if (op == "resume") {
    Resume r{f.integer("after_seq")};
    if (!f.ok()) return DecodeError{f.error, std::nullopt};
    if (r.after_seq < 0) return DecodeError{"after_seq must not be negative", std::nullopt};
    return r;
  }
  if (op == "ack") {
    Ack a{f.integer("seq")};
    if (!f.ok()) return DecodeError{f.error, std::nullopt};
    return a;
  }
  if (op == "heartbeat") return Heartbeat{};
  if (op == "send" || op == "edit" || op == "delete") {
    auto req_id = req_id_of();
    if (!req_id) return DecodeError{"missing, empty, non-string or over-128-character 'req_id'", std::nullopt};
    if (op == "send") {
      Send s;
      s.req_id = *req_id;
      s.chat_id = f.opt_str("chat_id");
      s.to_user = f.opt_str("to_user");
      s.text = f.str("text");
      s.reply_to = f.opt_str("reply_to");
      if (!f.ok()) return DecodeError{f.error, req_id};
      if (s.chat_id.has_value() == s.to_user.has_value())
        return DecodeError{"exactly one of 'chat_id' and 'to_user' is required", req_id};
      return s;
    }
    if (op == "edit") {
      Edit e{*req_id, f.str("message_id"), f.str("text")};
      if (!f.ok()) return DecodeError{f.error, req_id};
      return e;
    }
    Delete d{*req_id, f.str("message_id")};
    if (!f.ok()) return DecodeError{f.error, req_id};
    return d;
  }
  if (op == "request_create" || op == "request_message" || op == "request_update") {
    auto req_id = req_id_of();
    if (!req_id) return DecodeError{"missing, empty, non-string or over-128-character 'req_id'", std::nullopt};
    if (op == "request_create") {
      RequestCreate c;
      c.req_id = *req_id;
      c.source = f.str("source");
      c.text = f.str("text");
      if (f.has("from_search")) c.from_search = f.boolean("from_search");
      if (f.has("prepaid_rub")) c.prepaid_rub = f.integer("prepaid_rub");
      c.expert_id = f.opt_str("expert_id");
      if (!f.ok()) return DecodeError{f.error, req_id};
      if (!is_request_source(c.source)) return DecodeError{"'source' must be site, app or search", req_id};
      if (c.prepaid_rub < 0 || c.prepaid_rub > kMaxPrepaidRub)
        return DecodeError{"'prepaid_rub' must be between 0 and 1000000000", req_id};
      return c;
    }
    if (op == "request_message") {
      RequestMessage m{*req_id, f.str("request_id"), f.str("text")};
      if (!f.ok()) return DecodeError{f.error, req_id};
      return m;
    }
    RequestUpdate u;
    u.req_id = *req_id;
    u.request_id = f.str("request_id");
    u.status = f.opt_str("status");
    u.reminder = f.opt_str("reminder");
    u.assistant_id = f.opt_str("assistant_id");
    u.expert_id = f.opt_str("expert_id");
    if (!f.ok()) return DecodeError{f.error, req_id};
    if (u.status && !is_request_status(*u.status))
      return DecodeError{"'status' must be new, in_progress, waiting_client, booked or closed", req_id};
    return u;
  }
  return UnknownOp{op};
}

std::string encode(const ServerFrame& frame) {
  json j;
  std::visit(
      [&](const auto& fr) {
        using T = std::decay_t<decltype(fr)>;
        if constexpr (std::is_same_v<T, Hello>) {
          j = {{"op", "hello"},
               {"session_id", fr.session_id},
               {"heartbeat_ms", fr.heartbeat.count()},
               {"last_acked_seq", fr.last_acked_seq},
               {"me", user_to_json(fr.me)}};
          j["chats"] = json::array();
          for (const auto& c : fr.chats) j["chats"].push_back(chat_to_json(c));
          j["staff"] = json::array();
          for (const auto& s : fr.staff) j["staff"].push_back(user_to_json(s));
        } else if constexpr (std::is_same_v<T, EventFrame>) {
          j = {{"op", "event"}, {"seq", fr.seq}, {"event", event_to_json(fr.event)}};
        } else if constexpr (std::is_same_v<T, Gap>) {
          j = {{"op", "gap"}, {"oldest_seq", fr.oldest_seq}};
        } else if constexpr (std::is_same_v<T, HeartbeatAck>) {
          j = {{"op", "heartbeat_ack"}};
        } else if constexpr (std::is_same_v<T, Reconnect>) {
          j = {{"op", "reconnect"}, {"reason", fr.reason}};
        } else if constexpr (std::is_same_v<T, Result>) {
          j = {{"op", "result"}, {"req_id", fr.req_id}, {"ok", fr.ok}};
          if (fr.ok && !fr.request_id.empty()) {
            j["request_id"] = fr.request_id;
          } else if (fr.ok) {
            j["message_id"] = fr.message_id;
            j["chat_id"] = fr.chat_id;
          } else if (fr.error) {
            j["error"] = {{"code", fr.error->code}, {"message", fr.error->message}};
            if (fr.error->retry_after) j["error"]["retry_after_ms"] = fr.error->retry_after->count();
          }
        } else if constexpr (std::is_same_v<T, ErrorFrame>) {
          j = {{"op", "error"}, {"code", fr.code}, {"message", fr.message}};
        } else if constexpr (std::is_same_v<T, UnknownOp>) {
          j = {{"op", fr.op}};
        } else {
          j = {{"op", "error"}, {"code", "bad_frame"}, {"message", fr.reason}};
        }
      },
      frame);
  return dump(j);
}

std::string encode(const ClientFrame& frame) {
  json j;
  std::visit(
      [&](const auto& fr) {
        using T = std::decay_t<decltype(fr)>;
        if constexpr (std::is_same_v<T, Resume>) {
          j = {{"op", "resume"}, {"after_seq", fr.after_seq}};
        } else if constexpr (std::is_same_v<T, Ack>) {
          j = {{"op", "ack"}, {"seq", fr.seq}};
        } else if constexpr (std::is_same_v<T, Heartbeat>) {
          j = {{"op", "heartbeat"}};
        } else if constexpr (std::is_same_v<T, Send>) {
          j = {{"op", "send"}, {"req_id", fr.req_id}, {"text", fr.text}};
          if (fr.chat_id) j["chat_id"] = *fr.chat_id;
          if (fr.to_user) j["to_user"] = *fr.to_user;
          if (fr.reply_to) j["reply_to"] = *fr.reply_to;
        } else if constexpr (std::is_same_v<T, Edit>) {
          j = {{"op", "edit"}, {"req_id", fr.req_id}, {"message_id", fr.message_id}, {"text", fr.text}};
        } else if constexpr (std::is_same_v<T, Delete>) {
          j = {{"op", "delete"}, {"req_id", fr.req_id}, {"message_id", fr.message_id}};
        } else if constexpr (std::is_same_v<T, RequestCreate>) {
          j = {{"op", "request_create"},        {"req_id", fr.req_id},           {"source", fr.source},
               {"from_search", fr.from_search}, {"prepaid_rub", fr.prepaid_rub}, {"text", fr.text}};
          j["expert_id"] = fr.expert_id ? json(*fr.expert_id) : json(nullptr);
        } else if constexpr (std::is_same_v<T, RequestMessage>) {
          j = {{"op", "request_message"}, {"req_id", fr.req_id}, {"request_id", fr.request_id}, {"text", fr.text}};
        } else if constexpr (std::is_same_v<T, RequestUpdate>) {
          j = {{"op", "request_update"}, {"req_id", fr.req_id}, {"request_id", fr.request_id}};
          if (fr.status) j["status"] = *fr.status;
          if (fr.reminder) j["reminder"] = *fr.reminder;
          if (fr.assistant_id) j["assistant_id"] = *fr.assistant_id;
          if (fr.expert_id) j["expert_id"] = *fr.expert_id;
        } else if constexpr (std::is_same_v<T, UnknownOp>) {
          j = {{"op", fr.op}};
        } else {
          j = {{"op", "error"}, {"code", "bad_frame"}, {"message", fr.reason}};
        }
      },
      frame);
  return dump(j);
}

}  // namespace dutybot::proto
