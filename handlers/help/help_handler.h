#pragma once
// The last word in a direct chat: what the bot can do, for a message no other capability took.
#include "handlers/common/handler.h"

namespace dutybot::handlers {

class HelpHandler final : public Handler {
public:
  std::string_view name() const override { return "help"; }
  bool on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) override;
};

}  // namespace dutybot::handlers
