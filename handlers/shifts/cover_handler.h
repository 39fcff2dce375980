#pragma once
// Cover requests in the chat: «Подмените меня 05.12», «Ищу замену на пятницу 15:00–21:00», «/замена 05.12
// 15:00-21:00». The bot posts the request in the staff chat; the first «беру» in reply to that post takes the shift
// (or its part) — at once, or after a supervisor's «согласовано» with shifts.cover_approval — and everyone concerned
// is told. «отмена замены» withdraws it; nobody took it by shifts.cover_escalate_s before the start: supervisors hear.
#include "handlers/common/handler.h"

namespace dutybot::handlers {

class CoverHandler final : public Handler {
public:
  std::string_view name() const override { return "cover"; }
  bool on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) override;
  bool handles_timer(std::string_view kind) const override;
  void on_timer(const storage::DueTimer& t, const Context& ctx, Effects& fx) override;
};

}  // namespace dutybot::handlers
