#pragma once
// Gateway protocol v1 (../shared/protocol-v1.md): typed frames and their JSON codec, shared by bot and sandbox.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace dutybot::proto {

inline constexpr std::size_t kMaxFrameBytes = 65536;
inline constexpr std::size_t kMaxTextChars = 4096;
inline constexpr std::size_t kMaxReqIdChars = 128;
inline constexpr int kMaxJsonDepth = 32;

enum class Role { client, assistant, expert, supervisor, bot };
enum class ChatKind { staff, country, direct };

std::optional<Role> role_from_string(std::string_view s);
std::string_view to_string(Role r);
std::optional<ChatKind> chat_kind_from_string(std::string_view s);
std::string_view to_string(ChatKind k);
inline bool is_staff(Role r) { return r == Role::assistant || r == Role::expert || r == Role::supervisor; }

struct User {
  std::string id;
  std::string name;
  Role role = Role::client;
  bool operator==(const User&) const = default;
};

struct Chat {
  std::string id;
  ChatKind kind = ChatKind::country;
  std::string title;
  bool operator==(const Chat&) const = default;
};

// ---- events (the "event" object inside an event frame) ----
struct MessageEvent {
  std::string id;  // message id, m-…
  std::string ts;
  Chat chat;
  User from;
  std::string text;
  std::optional<std::string> reply_to;
  std::optional<std::string> edited_ts;  // set for message_edited
};
struct MessageDeletedEvent {
  std::string id;
  Chat chat;
  std::string ts;
};
struct MemberEvent {
  User user;
};
struct ChatEvent {
  Chat chat;
};
struct UnknownEvent {
  std::string type;
};

// ---- requests (protocol-v1-requests.md) ----
inline constexpr std::int64_t kMaxPrepaidRub = 1'000'000'000;
// Someone a request names: id and display name (the wire format carries no role here).
struct PersonRef {
  std::string id;
  std::string name;
  bool operator==(const PersonRef&) const = default;
};
// A client's request (заявка) as the CRM holds it.
struct Request {
  std::string id;
  PersonRef client;
  std::string client_phone;
  std::string source;  // site, app, search
  bool from_search = false;
  std::int64_t prepaid_rub = 0;
  std::optional<PersonRef> expert;
  std::optional<PersonRef> assistant;
  std::string text;
  std::string status;    // new, in_progress, waiting_client, booked, closed
  std::string reminder;  // «Напоминание»
  std::string created_ts;
  std::string updated_ts;
  bool operator==(const Request&) const = default;
};
bool is_request_source(std::string_view s);
bool is_request_status(std::string_view s);
// A request was created or any of its fields changed; changed_by is the person whose operation did it (the client
// who created it, the staff member who updated it), unknown (nullopt) from a gateway that does not say.
struct RequestEvent {
  std::string ts;
  Request request;
  std::optional<PersonRef> changed_by;
};
// A message inside a request; a client's message with `to` set is addressed to that expert.
struct RequestMessageEvent {
  std::string id;
  std::string ts;
  std::string request_id;
  User from;
  std::optional<PersonRef> to;
  std::string text;
};

using EventBody = std::variant<MessageEvent, MessageDeletedEvent, MemberEvent, ChatEvent, RequestEvent,
                               RequestMessageEvent, UnknownEvent>;

struct Event {
  std::string event_id;
  EventBody body;
};

// ---- server → client ----
struct Hello {
  std::string session_id;
  std::chrono::milliseconds heartbeat{15000};
  std::int64_t last_acked_seq = 0;
  User me;
  std::vector<Chat> chats;
  std::vector<User> staff;
};
struct EventFrame {
  std::int64_t seq = 0;
  Event event;
};
struct Gap {
  std::int64_t oldest_seq = 0;
};
struct HeartbeatAck {};
struct Reconnect {
  std::string reason;
};
struct SendError {
  std::string code;  // bad_request, not_found, forbidden, rate_limited
  std::string message;
  std::optional<std::chrono::milliseconds> retry_after;
};
struct Result {
  std::string req_id;
  bool ok = false;
  std::string message_id;
  std::string chat_id;
  std::string request_id;  // request_create
  std::optional<SendError> error;
};
struct ErrorFrame {
  std::string code;
  std::string message;
};
// An op this codec does not know: ignored and logged by the receiver.
struct UnknownOp {
  std::string op;
};
// A frame that could not be decoded; req_id is set when a send-like frame carried a usable one.
struct DecodeError {
  std::string reason;
  std::optional<std::string> req_id;
};

using ServerFrame =
    std::variant<Hello, EventFrame, Gap, HeartbeatAck, Reconnect, Result, ErrorFrame, UnknownOp, DecodeError>;

// ---- client → server ----
struct Resume {
  std::int64_t after_seq = 0;
};
struct Ack {
  std::int64_t seq = 0;
};
struct Heartbeat {};
struct Send {
  std::string req_id;
  std::optional<std::string> chat_id;
  std::optional<std::string> to_user;
  std::string text;
  std::optional<std::string> reply_to;
};
struct Edit {
  std::string req_id;
  std::string message_id;
  std::string text;
};
struct Delete {
  std::string req_id;
  std::string message_id;
};

// Request operations (people only; the sandbox refuses them to bots).
struct RequestCreate {
  std::string req_id;
  std::string source;
  bool from_search = false;
  std::int64_t prepaid_rub = 0;
  std::optional<std::string> expert_id;
  std::string text;
};
struct RequestMessage {
  std::string req_id;
  std::string request_id;
  std::string text;
};
// Every field optional: absent or null leaves it as it is; "" clears reminder, assistant_id and expert_id.
struct RequestUpdate {
  std::string req_id;
  std::string request_id;
  std::optional<std::string> status;
  std::optional<std::string> reminder;
  std::optional<std::string> assistant_id;
  std::optional<std::string> expert_id;
};

using ClientFrame = std::variant<Resume, Ack, Heartbeat, Send, Edit, Delete, RequestCreate, RequestMessage,
                                 RequestUpdate, UnknownOp, DecodeError>;

ServerFrame decode_server_frame(std::string_view text);
ClientFrame decode_client_frame(std::string_view text);

std::string encode(const ServerFrame& frame);
std::string encode(const ClientFrame& frame);

nlohmann::json event_to_json(const Event& e);
nlohmann::json chat_to_json(const Chat& c);
nlohmann::json user_to_json(const User& u);
// A request as JSON text, the form both the sandbox and the bot store it in; decoding reports what is wrong.
std::string encode_request(const Request& r);
std::optional<Request> decode_request(std::string_view json_text, std::string* why);

}  // namespace dutybot::proto
