#pragma once
// The contract every capability implements: (event or due timer, now, store view) → effects. No I/O.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/tz.h>

#include "core/call_hook.h"
#include "core/clock.h"
#include "core/protocol.h"
#include "core/secret.h"
#include "handlers/common/settings.h"
#include "storage/bot_store.h"
#include "storage/changes.h"

namespace dutybot::handlers {

// Read-only inputs of one handler call.
struct Context {
  TimePoint now;
  const storage::BotStore& store;
  const Settings& settings;
  std::string bot_id;
  const SecretSource* secrets = nullptr;  // fresh secrets (login codes); null: the system's CSPRNG

  std::optional<std::string> staff_chat_id() const;
  const date::time_zone* zone_of(const std::string& user_id) const;
  std::string name_of(const std::string& user_id) const;  // from the directory; the id when unknown or unnamed
  const requests::WordList& words() const;                // config "requests.words", else the built-in list
  const handbook::Handbook& handbook() const;             // config "handbook", else the built-in one
  std::string fresh_secret(std::size_t bytes) const;
};

// A message to post; `purpose` makes its req_id unique among the effects of one cause.
struct Outgoing {
  std::string purpose;
  std::optional<std::string> chat_id;
  std::optional<std::string> to_user;
  std::string text;
  std::optional<std::string> reply_to;
  std::optional<std::string> secret;  // a part of text that must not stay at rest once sent (a login code)
  std::vector<std::int64_t> waits;    // the waits it lists (a nudge): «беру» in reply to it claims them
  std::optional<std::string> topic;   // what it is about ("cover:<key>"): a reply to it is routed by it
};

// What a handler returns: state changes and messages, applied atomically by the engine.
struct Effects {
  std::vector<storage::Change> changes;
  std::vector<Outgoing> messages;

  Outgoing& reply(const proto::MessageEvent& to, std::string purpose, std::string text) {
    return messages.emplace_back(Outgoing{std::move(purpose), to.chat.id, std::nullopt, std::move(text), to.id});
  }
  Outgoing& post(std::string purpose, std::string chat_id, std::string text) {
    return messages.emplace_back(
        Outgoing{std::move(purpose), std::move(chat_id), std::nullopt, std::move(text), std::nullopt});
  }
  Outgoing& direct(std::string purpose, std::string user_id, std::string text) {
    return messages.emplace_back(
        Outgoing{std::move(purpose), std::nullopt, std::move(user_id), std::move(text), std::nullopt});
  }
  bool empty() const { return changes.empty() && messages.empty(); }
};

// One capability. A handler that answers a message returns true from on_message to stop later handlers
// from answering the same message too.
class Handler {
public:
  virtual ~Handler() = default;
  virtual std::string_view name() const = 0;
  virtual void on_event(const proto::Event&, const Context&, Effects&) {}
  // Messages from people (never the bot itself or another bot); true when this handler answered it.
  virtual bool on_message(const proto::MessageEvent&, const Context&, Effects&) { return false; }
  // A telephony webhook (already verified and deduplicated).
  virtual void on_call(const CallHook&, const Context&, Effects&) {}
  virtual bool handles_timer(std::string_view /*kind*/) const { return false; }
  virtual void on_timer(const storage::DueTimer&, const Context&, Effects&) {}
};

// Maps events and due timers to the handlers that care; a capability joins in registry.cpp, once.
class Router {
public:
  void add(std::unique_ptr<Handler> h) { handlers_.push_back(std::move(h)); }
  Effects route(const proto::Event& e, const Context& ctx) const;
  Effects fire(const storage::DueTimer& t, const Context& ctx) const;
  Effects route_call(const CallHook& call, const Context& ctx) const;
  const std::vector<std::unique_ptr<Handler>>& handlers() const { return handlers_; }

private:
  std::vector<std::unique_ptr<Handler>> handlers_;
};

// Every capability of the bot, in the order they see a message.
Router make_router();

}  // namespace dutybot::handlers
