#pragma once
// Test support: the bot's core (real SQLite file, real router, simulated clock) fed with events as values.
#include <date/tz.h>

#include "bot/engine.h"
#include "handlers/common/handler.h"
#include "storage/bot_store.h"
#include "support/process.h"

namespace dutybot::testing {

// Local time in Moscow → instant.
inline TimePoint msk(int y, unsigned mo, unsigned d, int h, int mi = 0, int s = 0) {
  auto local = date::local_days{date::year{y} / date::month{mo} / date::day{d}} + std::chrono::hours{h} +
               std::chrono::minutes{mi} + std::chrono::seconds{s};
  return std::chrono::time_point_cast<std::chrono::milliseconds>(
      date::make_zoned(date::locate_zone("Europe/Moscow"), local).get_sys_time());
}

inline proto::User anna() { return {"u-anna", "Анна", proto::Role::assistant}; }
inline proto::User oleg() { return {"u-oleg", "Олег", proto::Role::assistant}; }
inline proto::User boris() { return {"u-boris", "Борис", proto::Role::expert}; }
inline proto::User sveta() { return {"u-sveta", "Светлана", proto::Role::supervisor}; }
inline proto::User ivan() { return {"u-ivan", "Иван", proto::Role::client}; }
inline proto::User the_bot() { return {"dutybot", "Дежурный", proto::Role::bot}; }
inline proto::Chat staff_chat() { return {"staff", proto::ChatKind::staff, "Эксперты - общение"}; }
inline proto::Chat turkey() { return {"c-turkey", proto::ChatKind::country, "Турция"}; }
inline proto::Chat egypt() { return {"c-egypt", proto::ChatKind::country, "Египет"}; }
inline proto::User maria() { return {"u-maria", "Мария", proto::Role::client}; }
inline proto::Chat dm(const proto::User& u) { return {"dm:" + u.id, proto::ChatKind::direct, u.name}; }

// The messages of a batch addressed to one person (direct) or posted in one chat.
inline std::vector<proto::Send> to(const std::vector<proto::Send>& all, const std::string& user) {
  std::vector<proto::Send> out;
  for (const auto& s : all)
    if (s.to_user == std::optional<std::string>(user)) out.push_back(s);
  return out;
}
inline std::vector<proto::Send> in_chat(const std::vector<proto::Send>& all, const std::string& chat) {
  std::vector<proto::Send> out;
  for (const auto& s : all)
    if (s.chat_id == std::optional<std::string>(chat)) out.push_back(s);
  return out;
}

// The text of the first message in a batch that contains `needle`, or "" when none does.
inline std::string text_with(const std::vector<proto::Send>& all, std::string_view needle) {
  for (const auto& s : all)
    if (s.text.find(needle) != std::string::npos) return s.text;
  return {};
}

// The text of the one message in a batch; when there is not exactly one, a description that no expected text
// matches (so the check fails and shows what was there).
inline std::string only_text(const std::vector<proto::Send>& all) {
  if (all.size() == 1) return all[0].text;
  std::string what = "<" + std::to_string(all.size()) + " messages";
  for (const auto& s : all) what += " | " + s.text;
  return what + ">";
}

class BotHarness {
public:
  explicit BotHarness(TimePoint start, std::string db_path = "")
      : clock(start), db_path_(db_path.empty() ? dir_.file("bot.db") : std::move(db_path)) {
    open();
  }

  // Closes and reopens the store and engine, as a restart of the process would.
  void restart() {
    engine.reset();
    store.reset();
    open();
  }

  // Delivers a message event with the next seq; returns the message id.
  std::string say(const proto::User& from, const proto::Chat& chat, const std::string& text,
                  std::optional<std::string> reply_to = std::nullopt) {
    std::string id = "m-" + std::to_string(++ids_);
    proto::MessageEvent m{id, format_utc(clock.now()), chat, from, text, std::move(reply_to), std::nullopt};
    deliver(proto::Event{"e-" + std::to_string(++events_), m});
    return id;
  }
  void edit(const std::string& id, const proto::User& from, const proto::Chat& chat, const std::string& text) {
    proto::MessageEvent m{id, format_utc(clock.now()), chat, from, text, std::nullopt, format_utc(clock.now())};
    deliver(proto::Event{"e-" + std::to_string(++events_), m});
  }
  void remove(const std::string& id, const proto::Chat& chat) {
    deliver(
        proto::Event{"e-" + std::to_string(++events_), proto::MessageDeletedEvent{id, chat, format_utc(clock.now())}});
  }
  // A request event: created, or any field changed (by `changed_by`, when the gateway says).
  void request(const proto::Request& r, std::optional<proto::PersonRef> changed_by = std::nullopt) {
    deliver(proto::Event{"e-" + std::to_string(++events_),
                         proto::RequestEvent{format_utc(clock.now()), r, std::move(changed_by)}});
  }
  // A message inside a request; returns its id.
  std::string request_message(const proto::User& from, const std::string& request_id,
                              std::optional<proto::PersonRef> to, const std::string& text) {
    std::string id = "rm-" + std::to_string(++ids_);
    proto::RequestMessageEvent m{id, format_utc(clock.now()), request_id, from, std::move(to), text};
    deliver(proto::Event{"e-" + std::to_string(++events_), m});
    return id;
  }
  // A message event with the next seq, not delivered: for feeding Engine::on_events a batch.
  proto::EventFrame message_frame(const proto::User& from, const proto::Chat& chat, const std::string& text) {
    proto::MessageEvent m{
        "m-" + std::to_string(++ids_), format_utc(clock.now()), chat, from, text, std::nullopt, std::nullopt};
    return proto::EventFrame{++seq_, proto::Event{"e-" + std::to_string(++events_), m}};
  }
  Engine::Outcome deliver(const proto::Event& e) {
    last_frame = proto::EventFrame{++seq_, e};
    return engine->on_event(last_frame);
  }

  // Messages queued since the last call, marked sent (as the gateway would confirm them).
  std::vector<proto::Send> sent() {
    auto rows = store->pending_outbox(1000);
    std::vector<proto::Send> out;
    for (auto& r : rows) {
      store->mark_sent(r.send.req_id, "m-sent-" + r.send.req_id, clock.now());
      out.push_back(r.send);
    }
    return out;
  }

  // Moves the simulated clock and fires what fell due, as the running bot's scheduler would.
  int advance(std::chrono::milliseconds d) {
    clock.advance(d);
    return engine->run_due().fired;
  }
  int advance_to(TimePoint t) {
    clock.set(t);
    return engine->run_due().fired;
  }

  void hello(std::int64_t last_acked = 0) {
    proto::Hello h;
    h.me = the_bot();
    h.last_acked_seq = last_acked;
    h.chats = {staff_chat(), turkey(), dm(anna()), dm(boris())};
    h.staff = {anna(), oleg(), boris(), sveta()};
    engine->on_hello(h);
  }

  ManualClock clock;
  handlers::Router router = handlers::make_router();
  handlers::Settings settings{date::locate_zone("Europe/Moscow"), std::nullopt};
  std::unique_ptr<storage::BotStore> store;
  std::unique_ptr<Engine> engine;
  proto::EventFrame last_frame;

private:
  void open() {
    store = std::make_unique<storage::BotStore>(db_path_);
    engine = std::make_unique<Engine>(*store, router, settings, clock);
    seq_ = store->last_seq();
    hello(seq_);
  }
  TempDir dir_;
  std::string db_path_;
  std::int64_t seq_ = 0;
  int ids_ = 0;
  int events_ = 0;
};

}  // namespace dutybot::testing
