#include "handlers/common/handler.h"

#include <spdlog/spdlog.h>

#include "handlers/common/handbook.h"
#include "handlers/common/request_words.h"

namespace dutybot::handlers {

std::optional<std::string> Context::staff_chat_id() const {
  if (settings.staff_chat) return settings.staff_chat;
  return store.first_chat_of_kind(proto::ChatKind::staff);
}

const date::time_zone* Context::zone_of(const std::string& user_id) const {
  // A person's own zone (config "people_timezones"), else the team's.
  auto it = settings.people_zones.find(user_id);
  return it == settings.people_zones.end() ? settings.zone : it->second;
}

std::string Context::name_of(const std::string& user_id) const {
  auto p = store.person(user_id);
  return p && !p->name.empty() ? p->name : user_id;
}

const requests::WordList& Context::words() const {
  return settings.words ? *settings.words : requests::WordList::builtin();
}

std::string Context::fresh_secret(std::size_t bytes) const { return secret_source_or_system(secrets).fresh(bytes); }

const handbook::Handbook& Context::handbook() const {
  return settings.handbook ? *settings.handbook : dutybot::handbook::builtin();
}

Effects Router::route(const proto::Event& e, const Context& ctx) const {
  Effects fx;
  for (const auto& h : handlers_) h->on_event(e, ctx, fx);
  if (const auto* m = std::get_if<proto::MessageEvent>(&e.body)) {
    // The bot never reacts to its own messages or to another bot's.
    if (m->from.role == proto::Role::bot || m->from.id == ctx.bot_id) return fx;
    for (const auto& h : handlers_)
      if (h->on_message(*m, ctx, fx)) break;
  }
  return fx;
}

Effects Router::route_call(const CallHook& call, const Context& ctx) const {
  Effects fx;
  for (const auto& h : handlers_) h->on_call(call, ctx, fx);
  return fx;
}

Effects Router::fire(const storage::DueTimer& t, const Context& ctx) const {
  Effects fx;
  for (const auto& h : handlers_)
    if (h->handles_timer(t.kind)) h->on_timer(t, ctx, fx);
  return fx;
}

}  // namespace dutybot::handlers
