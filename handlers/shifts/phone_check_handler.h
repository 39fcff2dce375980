#pragma once
// The phone check before a shift (the handbook: call the company's number, send an SMS, report a problem to the
// supervisor at once). The pre-shift message asks for it; the answer — a reply to it, or a direct message while the
// check is open — is «ок» (recorded with its time) or a problem (passed on to every supervisor at once with the
// person's words and the company's numbers). The phrases are data: the handbook's "phone_check".
#include "handlers/common/handler.h"

namespace dutybot::handlers {

class PhoneCheckHandler final : public Handler {
public:
  std::string_view name() const override { return "phone_check"; }
  bool on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) override;
};

}  // namespace dutybot::handlers
