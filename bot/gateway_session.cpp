#include "bot/gateway_session.h"

#include <spdlog/spdlog.h>

#include "core/overloaded.h"

namespace dutybot {

GatewaySession::GatewaySession(Engine& engine, SendFn send) : engine_(engine), send_(std::move(send)) {}

void GatewaySession::note_bad_input(std::int64_t& counter, const std::string& what) {
  ++counter;
  if (logged_.insert(what).second) spdlog::warn("ignored input from the gateway: {} (logged once)", what);
}

GatewaySession::Step GatewaySession::on_frame(std::string_view text, Steady::time_point now, bool more_buffered) {
  proto::ServerFrame frame = proto::decode_server_frame(text);
  if (!ready_ && !std::holds_alternative<proto::Hello>(frame)) {
    if (std::holds_alternative<proto::DecodeError>(frame))
      return {Next::reconnect_later, "the first frame was not a valid hello"};
    if (!std::holds_alternative<proto::HeartbeatAck>(frame)) return {Next::reconnect_later, "a frame before hello"};
    return {};
  }
  if (auto* event = std::get_if<proto::EventFrame>(&frame)) return queue_event(std::move(*event), now, more_buffered);
  // Any other frame is taken in order after the events read before it.
  if (Step step = flush(now); step.next != Next::go_on) return step;
  // Every frame type is named here: a new one fails to compile until it is handled.
  return std::visit(Overloaded{
                        [&](const proto::Hello& h) { return on_hello(h, now); },
                        [&](const proto::EventFrame&) { return Step{}; },  // queued above
                        [&](const proto::Result& r) {
                          in_flight_.erase(r.req_id);
                          if (engine_.on_result(r) == Engine::ResultAction::retry) {
                            auto wait = r.error && r.error->retry_after ? *r.error->retry_after
                                                                        : std::chrono::milliseconds(1000);
                            outbox_retry_at_ = std::max(outbox_retry_at_, now + wait);
                            spdlog::info("gateway rate-limited send {}; retrying in {} ms", r.req_id, wait.count());
                          }
                          pump_outbox(now);
                          return Step{};
                        },
                        [&](const proto::HeartbeatAck&) {
                          awaiting_ack_since_.reset();
                          return Step{};
                        },
                        [&](const proto::Gap& g) {
                          engine_.on_gap(g);
                          return Step{};
                        },
                        [&](const proto::Reconnect& rc) {
                          return Step{Next::reconnect_now, "server asked: " + rc.reason};
                        },
                        [&](const proto::ErrorFrame& e) {
                          note_bad_input(input_.server_errors, "server error " + e.code + ": " + e.message);
                          return Step{};
                        },
                        [&](const proto::UnknownOp& u) {
                          note_bad_input(input_.unknown_ops, "unknown op '" + u.op + "'");
                          return Step{};
                        },
                        [&](const proto::DecodeError& d) {
                          note_bad_input(input_.bad_frames, "bad frame: " + d.reason);
                          return Step{};
                        },
                    },
                    frame);
}

GatewaySession::Step GatewaySession::on_hello(const proto::Hello& h, Steady::time_point now) {
  heartbeat_ = h.heartbeat;
  std::int64_t after = engine_.on_hello(h);
  send_(proto::encode(proto::ClientFrame{proto::Resume{after}}));
  ready_ = true;
  next_heartbeat_ = now + heartbeat_;
  awaiting_ack_since_.reset();
  in_flight_.clear();  // whatever was in flight on the last link is resent with the same req_id
  spdlog::info("connected as {} (session {}); resuming after seq {}", h.me.id, h.session_id, after);
  pump_outbox(now);
  return {};
}

GatewaySession::Step GatewaySession::queue_event(proto::EventFrame event, Steady::time_point now, bool more_buffered) {
  if (queued_.empty()) first_queued_at_ = now;
  queued_.push_back(std::move(event));
  if (more_buffered && queued_.size() < kMaxBatch && now - first_queued_at_ < kMaxBatchAge) return {};
  return flush(now);
}

GatewaySession::Step GatewaySession::flush(Steady::time_point now) {
  if (queued_.empty()) return {};
  const Engine::BatchOutcome batch = engine_.on_events(queued_);
  for (std::size_t i = 0; i < batch.done; ++i)
    if (const auto* unknown = std::get_if<proto::UnknownEvent>(&queued_[i].event.body))
      note_bad_input(input_.unknown_events, "unknown event type '" + unknown->type + "'");
  if (batch.done > 0) send_(proto::encode(proto::ClientFrame{proto::Ack{engine_.last_seq()}}));
  Step step;
  if (batch.done < queued_.size()) {
    switch (batch.stop) {
      case Engine::Outcome::store_failed:
        spdlog::error(
            "database error while handling seq {}: {}; it and the events after it are not acknowledged and will be "
            "replayed",
            queued_[batch.done].seq, engine_.last_store_error());
        step = {Next::reconnect_later, "database error"};
        break;
      case Engine::Outcome::out_of_order:
        step = {Next::reconnect_now, "seq gap: resuming"};
        break;
      case Engine::Outcome::handled:
      case Engine::Outcome::duplicate:
        break;  // on_events stops only for the two above
    }
  }
  queued_.clear();
  if (step.next == Next::go_on) pump_outbox(now);
  return step;
}

GatewaySession::Step GatewaySession::on_tick(Steady::time_point now) {
  if (!ready_) return {};
  if (!queued_.empty() && now - first_queued_at_ >= kMaxBatchAge)
    if (Step step = flush(now); step.next != Next::go_on) return step;
  if (awaiting_ack_since_ && now - *awaiting_ack_since_ >= 2 * heartbeat_)
    return {Next::reconnect_later, "heartbeat not acknowledged for two intervals: the link is dead"};
  if (now >= next_heartbeat_) {
    send_(proto::encode(proto::ClientFrame{proto::Heartbeat{}}));
    if (!awaiting_ack_since_) awaiting_ack_since_ = now;
    next_heartbeat_ = now + heartbeat_;
  }
  if (const auto run = engine_.run_due(); run.store_error)
    spdlog::error("database error while firing timers: {}; will retry", *run.store_error);
  pump_outbox(now);
  return {};
}

GatewaySession::Steady::time_point GatewaySession::next_wake(Steady::time_point now) const {
  auto wake = now + std::chrono::seconds(1);
  if (!ready_) return wake;
  wake = std::min(wake, next_heartbeat_);
  if (awaiting_ack_since_) wake = std::min(wake, *awaiting_ack_since_ + 2 * heartbeat_);
  if (!queued_.empty()) wake = std::min(wake, first_queued_at_ + kMaxBatchAge);
  if (auto due = engine_.next_due()) {
    auto in = *due - engine_.clock().now();
    wake = std::min(wake, now + std::max(std::chrono::milliseconds(0), in));
  }
  if (tokens_ < 1.0 || now < outbox_retry_at_)
    wake = std::min(wake, std::max(outbox_retry_at_, now + std::chrono::milliseconds(70)));
  return std::max(wake, now);
}

void GatewaySession::pump_outbox(Steady::time_point now) {
  if (!ready_ || now < outbox_retry_at_) return;
  // Refill the token bucket that keeps us under the gateway's rate limit.
  if (tokens_at_ != Steady::time_point{}) {
    double secs = std::chrono::duration<double>(now - tokens_at_).count();
    tokens_ = std::min(kBurst, tokens_ + secs * kRatePerSecond);
  }
  tokens_at_ = now;
  if (in_flight_.size() >= kWindow || tokens_ < 1.0) return;
  for (auto& m : engine_.pending_outbox(static_cast<int>(kWindow + in_flight_.size()))) {
    if (in_flight_.size() >= kWindow || tokens_ < 1.0) break;
    if (in_flight_.count(m.send.req_id)) continue;
    in_flight_.insert(m.send.req_id);
    tokens_ -= 1.0;
    send_(proto::encode(proto::ClientFrame{m.send}));
  }
}

}  // namespace dutybot
