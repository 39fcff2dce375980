#include "bot/gateway_session.h"

#include <spdlog/spdlog.h>

#include "storage/database.h"

namespace dutybot {

GatewaySession::GatewaySession(Engine& engine, SendFn send) : engine_(engine), send_(std::move(send)) {}

void GatewaySession::note_bad_input(std::int64_t& counter, const std::string& what) {
  ++counter;
  if (logged_.insert(what).second) spdlog::warn("ignored input from the gateway: {} (logged once)", what);
}

GatewaySession::Step GatewaySession::on_frame(std::string_view text, Steady::time_point now) {
  proto::ServerFrame frame = proto::decode_server_frame(text);
  if (auto* h = std::get_if<proto::Hello>(&frame)) {
    heartbeat_ = h->heartbeat;
    std::int64_t after = engine_.on_hello(*h);
    send_(proto::encode(proto::ClientFrame{proto::Resume{after}}));
    ready_ = true;
    next_heartbeat_ = now + heartbeat_;
    awaiting_ack_since_.reset();
    in_flight_.clear();  // whatever was in flight on the last link is resent with the same req_id
    spdlog::info("connected as {} (session {}); resuming after seq {}", h->me.id, h->session_id, after);
    pump_outbox(now);
    return {};
  }
  if (!ready_) {
    if (std::holds_alternative<proto::DecodeError>(frame))
      return {Next::reconnect_later, "the first frame was not a valid hello"};
    if (!std::holds_alternative<proto::HeartbeatAck>(frame)) return {Next::reconnect_later, "a frame before hello"};
    return {};
  }
  if (auto* ev = std::get_if<proto::EventFrame>(&frame)) {
    Engine::Outcome outcome;
    try {
      outcome = engine_.on_event(*ev);
    } catch (const storage::DbError& e) {
      spdlog::error("database error while handling seq {}: {}; the event is not acknowledged and will be "
                    "replayed",
                    ev->seq, e.what());
      return {Next::reconnect_later, "database error"};
    }
    if (outcome == Engine::Outcome::out_of_order) return {Next::reconnect_now, "seq gap: resuming"};
    if (std::holds_alternative<proto::UnknownEvent>(ev->event.body))
      note_bad_input(input_.unknown_events, "unknown event type '" + std::get<proto::UnknownEvent>(ev->event.body).type + "'");
    send_(proto::encode(proto::ClientFrame{proto::Ack{engine_.last_seq()}}));
    pump_outbox(now);
    return {};
  }
  if (auto* r = std::get_if<proto::Result>(&frame)) {
    in_flight_.erase(r->req_id);
    if (engine_.on_result(*r) == Engine::ResultAction::retry) {
      auto wait = r->error && r->error->retry_after ? *r->error->retry_after : std::chrono::milliseconds(1000);
      outbox_retry_at_ = std::max(outbox_retry_at_, now + wait);
      spdlog::info("gateway rate-limited send {}; retrying in {} ms", r->req_id, wait.count());
    }
    pump_outbox(now);
    return {};
  }
  if (std::holds_alternative<proto::HeartbeatAck>(frame)) {
    awaiting_ack_since_.reset();
    return {};
  }
  if (auto* g = std::get_if<proto::Gap>(&frame)) {
    engine_.on_gap(*g);
    return {};
  }
  if (auto* rc = std::get_if<proto::Reconnect>(&frame)) return {Next::reconnect_now, "server asked: " + rc->reason};
  if (auto* e = std::get_if<proto::ErrorFrame>(&frame)) {
    note_bad_input(input_.server_errors, "server error " + e->code + ": " + e->message);
    return {};
  }
  if (auto* u = std::get_if<proto::UnknownOp>(&frame)) {
    note_bad_input(input_.unknown_ops, "unknown op '" + u->op + "'");
    return {};
  }
  if (auto* d = std::get_if<proto::DecodeError>(&frame)) {
    note_bad_input(input_.bad_frames, "bad frame: " + d->reason);
    return {};
  }
  return {};
}

GatewaySession::Step GatewaySession::on_tick(Steady::time_point now) {
  if (!ready_) return {};
  if (awaiting_ack_since_ && now - *awaiting_ack_since_ >= 2 * heartbeat_)
    return {Next::reconnect_later, "heartbeat not acknowledged for two intervals: the link is dead"};
  if (now >= next_heartbeat_) {
    send_(proto::encode(proto::ClientFrame{proto::Heartbeat{}}));
    if (!awaiting_ack_since_) awaiting_ack_since_ = now;
    next_heartbeat_ = now + heartbeat_;
  }
  try {
    if (engine_.run_due() > 0) pump_outbox(now);
  } catch (const storage::DbError& e) {
    spdlog::error("database error while firing timers: {}; will retry", e.what());
  }
  pump_outbox(now);
  return {};
}

GatewaySession::Steady::time_point GatewaySession::next_wake(Steady::time_point now) const {
  auto wake = now + std::chrono::seconds(1);
  if (!ready_) return wake;
  wake = std::min(wake, next_heartbeat_);
  if (awaiting_ack_since_) wake = std::min(wake, *awaiting_ack_since_ + 2 * heartbeat_);
  if (auto due = engine_.next_due()) {
    auto in = *due - engine_.clock().now();
    wake = std::min(wake, now + std::max(std::chrono::milliseconds(0), in));
  }
  if (tokens_ < 1.0 || now < outbox_retry_at_) wake = std::min(wake, std::max(outbox_retry_at_, now + std::chrono::milliseconds(70)));
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
