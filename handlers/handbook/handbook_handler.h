#pragma once
// The handbook on call: «/правила», «/запреты», «/обязанности», «/эксперт», «/чеклист» for staff.
#include "handlers/common/handler.h"

namespace dutybot::handlers {

class HandbookHandler final : public Handler {
public:
  std::string_view name() const override { return "handbook"; }
  bool on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) override;
};

}  // namespace dutybot::handlers
