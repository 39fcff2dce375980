#pragma once
// «/календарь»: a staff member gets a private link to their shifts as an iCalendar feed (a supervisor also the
// team's); «/календарь новый» replaces the link and the old one stops working. The feed itself is served by the
// bot's HTTP listener (bot/web_routes.cpp) from calendar_feed.h.
#include "handlers/common/handler.h"

namespace dutybot::handlers {

class CalendarHandler final : public Handler {
public:
  std::string_view name() const override { return "calendar"; }
  bool on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) override;
};

// A feed's secret: 24 random bytes (192 bits) as base64url.
inline constexpr std::size_t kCalendarSecretBytes = 24;

}  // namespace dutybot::handlers
