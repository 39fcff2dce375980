#pragma once
// Watches every country chat: opens a wait for each client question, closes it when staff answer,
// nudges whoever is on duty and escalates to supervisors, within coverage hours; «/ожидают» lists waits; «беру»
// claims clients.
#include "handlers/common/handler.h"

namespace dutybot::handlers {

class UnansweredHandler final : public Handler {
public:
  static constexpr const char* kCheckTimer = "unanswered.check";
  static constexpr const char* kCoverageTimer = "coverage.begin";

  std::string_view name() const override { return "unanswered"; }
  void on_event(const proto::Event& e, const Context& ctx, Effects& fx) override;
  bool on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) override;
  bool handles_timer(std::string_view kind) const override { return kind == kCheckTimer || kind == kCoverageTimer; }
  void on_timer(const storage::DueTimer& t, const Context& ctx, Effects& fx) override;

private:
  // «беру» from a person on duty: the clients of the nudge it replies to, or of the chats it names, are theirs for
  // unanswered.claim_s (the others' nudges leave them out); a claim is no answer.
  bool claim(const proto::MessageEvent& m, const std::string& words, const Context& ctx, Effects& fx);
};

// A message that asks nothing: «спасибо», «ок», «понятно», an emoji alone.
bool is_closer(std::string_view message);
bool is_waits_question(std::string_view message);

}  // namespace dutybot::handlers
