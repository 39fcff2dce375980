#include "handlers/directory/directory_handler.h"

namespace dutybot::handlers {

void DirectoryHandler::on_event(const proto::Event& e, const Context& ctx, Effects& fx) {
  if (const auto* m = std::get_if<proto::MemberEvent>(&e.body)) {
    fx.changes.emplace_back(storage::UpsertPerson{m->user});
  } else if (const auto* c = std::get_if<proto::ChatEvent>(&e.body)) {
    fx.changes.emplace_back(storage::UpsertChat{c->chat});
  } else if (const auto* msg = std::get_if<proto::MessageEvent>(&e.body)) {
    // A chat or person first seen in a message is learnt from it; known ones are left as stored.
    if (!ctx.store.chat(msg->chat.id)) fx.changes.emplace_back(storage::UpsertChat{msg->chat});
    auto known = ctx.store.person(msg->from.id);
    if (!known || known->name != msg->from.name || known->role != msg->from.role)
      fx.changes.emplace_back(storage::UpsertPerson{msg->from});
  }
}

}  // namespace dutybot::handlers
