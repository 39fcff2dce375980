#pragma once
// «Дежурю до …»: records, moves, edits, cancels and ends duties declared by staff.
#include "handlers/common/handler.h"

namespace dutybot::handlers {

class DutyHandler final : public Handler {
public:
  DutyHandler();  // reads the zone table once, so a bad one stops the bot at start
  std::string_view name() const override { return "duty"; }
  void on_event(const proto::Event& e, const Context& ctx, Effects& fx) override;
  bool on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) override;
  bool handles_timer(std::string_view kind) const override;
  void on_timer(const storage::DueTimer& t, const Context& ctx, Effects& fx) override;
};

// «Сдаю дежурство», «Закончил дежурство», «Дежурство окончено».
bool is_duty_end_phrase(std::string_view message);

}  // namespace dutybot::handlers
