#pragma once
// Requests (заявки): site requests called back in time, «Напоминание» written, clients' urgent messages to
// experts answered; the «Подбор отдыха» advice. Contract: protocol-v1-requests.md.
#include "handlers/common/handler.h"
#include "handlers/common/request_words.h"

namespace dutybot::handlers {

class RequestsHandler final : public Handler {
public:
  static constexpr const char* kAnnounceTimer = "request.announce";  // came in while nobody was paged
  static constexpr const char* kCallTimer = "request.call";          // site request still new: told again
  static constexpr const char* kEscalateTimer = "request.escalate";  // still new: supervisors
  static constexpr const char* kNoteTimer = "request.note";          // «Напоминание» still empty
  static constexpr const char* kExpertTimer = "request.expert";      // the expert has not answered

  std::string_view name() const override { return "requests"; }
  void on_event(const proto::Event& e, const Context& ctx, Effects& fx) override;
  bool on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) override;
  bool handles_timer(std::string_view kind) const override;
  void on_timer(const storage::DueTimer& t, const Context& ctx, Effects& fx) override;

private:
  void on_request(const proto::RequestEvent& e, const Context& ctx, Effects& fx);
  void on_request_message(const proto::RequestMessageEvent& m, const Context& ctx, Effects& fx);
  void announce(const storage::TrackedRequest& r, const Context& ctx, Effects& fx);
  // The prohibitions a change by the person on duty shows: the request given to themselves as its expert, a
  // request moved forward while older new ones wait.
  void check_duty_rules(const proto::RequestEvent& e, const std::optional<storage::TrackedRequest>& known,
                        const Context& ctx, Effects& fx);
};

// The handbook's advice on the expert service «Подбор отдыха» for a new request.
struct ServiceAdvice {
  bool suggest = false;
  std::string why;
};
ServiceAdvice expert_service_advice(const proto::Request& r, const requests::WordList& words);

}  // namespace dutybot::handlers
