#pragma once
// Keeps the bot's copy of people and chats current from member, chat and message events.
#include "handlers/common/handler.h"

namespace dutybot::handlers {

class DirectoryHandler final : public Handler {
public:
  std::string_view name() const override { return "directory"; }
  void on_event(const proto::Event& e, const Context& ctx, Effects& fx) override;
};

}  // namespace dutybot::handlers
