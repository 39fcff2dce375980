#pragma once
// «/панель»: a supervisor gets a one-time login link to the web console in a direct message; anyone else a refusal.
// Ends a person's console access when they stop being a supervisor.
#include "handlers/common/handler.h"

namespace dutybot::handlers {

class ConsoleHandler final : public Handler {
public:
  std::string_view name() const override { return "console"; }
  void on_event(const proto::Event& e, const Context& ctx, Effects& fx) override;
  bool on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) override;
};

// The login link's code: 32 random bytes (256 bits) as base64url.
inline constexpr std::size_t kLoginCodeBytes = 32;

}  // namespace dutybot::handlers
