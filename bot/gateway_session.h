#pragma once
// The protocol logic of one gateway connection, free of sockets: hello/resume, events → engine → ack,
// heartbeats and dead-link detection, the outbox pump with rate limiting. The I/O layer feeds it frames and ticks.
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "bot/engine.h"

namespace dutybot {

// Counts of bad or odd input, logged once per kind and reason.
struct InputStats {
  std::int64_t bad_frames = 0;
  std::int64_t unknown_ops = 0;
  std::int64_t unknown_events = 0;
  std::int64_t server_errors = 0;
};

class GatewaySession {
public:
  using Steady = std::chrono::steady_clock;
  using SendFn = std::function<void(std::string)>;

  GatewaySession(Engine& engine, SendFn send);

  enum class Next { go_on, reconnect_now, reconnect_later, stop_auth };
  struct Step {
    Next next = Next::go_on;
    std::string why;
  };

  Step on_frame(std::string_view text, Steady::time_point now);
  Step on_tick(Steady::time_point now);
  // When on_tick wants to run next.
  Steady::time_point next_wake(Steady::time_point now) const;

  bool ready() const { return ready_; }
  std::int64_t in_flight() const { return static_cast<std::int64_t>(in_flight_.size()); }
  const InputStats& input_stats() const { return input_; }
  std::chrono::milliseconds heartbeat_interval() const { return heartbeat_; }

private:
  Step on_hello(const proto::Hello& hello, Steady::time_point now);
  Step on_event(const proto::EventFrame& event, Steady::time_point now);
  void pump_outbox(Steady::time_point now);
  void note_bad_input(std::int64_t& counter, const std::string& what);

  Engine& engine_;
  SendFn send_;
  bool ready_ = false;  // hello seen, resume sent
  std::chrono::milliseconds heartbeat_{15000};
  Steady::time_point next_heartbeat_{};
  std::optional<Steady::time_point> awaiting_ack_since_;
  std::set<std::string> in_flight_;
  Steady::time_point outbox_retry_at_{};
  double tokens_ = kBurst;
  Steady::time_point tokens_at_{};
  std::set<std::string> logged_;  // one log line per kind of bad input
  InputStats input_;

  static constexpr double kRatePerSecond = 15.0;  // below the gateway's 20/s
  static constexpr double kBurst = 20.0;
  static constexpr std::size_t kWindow = 32;
};

}  // namespace dutybot
