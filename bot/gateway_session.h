#pragma once
// The protocol logic of one gateway connection, free of sockets: hello/resume, events → engine → ack,
// heartbeats and dead-link detection, the outbox pump with rate limiting. The I/O layer feeds it frames and ticks.
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

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

  // One frame from the gateway. more_buffered: the socket already holds more input, so an event may wait for the
  // ones behind it and all be committed in one transaction with one ack (group commit). Without it, or when the
  // batch is full or old enough, the queued events are handled at once: a live event never waits for a batch.
  Step on_frame(std::string_view text, Steady::time_point now, bool more_buffered = false);
  // Handles the queued events now (one transaction, one cumulative ack).
  Step flush(Steady::time_point now);
  std::size_t queued_events() const { return queued_.size(); }
  Step on_tick(Steady::time_point now);
  // When on_tick wants to run next.
  Steady::time_point next_wake(Steady::time_point now) const;

  bool ready() const { return ready_; }
  std::int64_t in_flight() const { return static_cast<std::int64_t>(in_flight_.size()); }
  const InputStats& input_stats() const { return input_; }
  std::chrono::milliseconds heartbeat_interval() const { return heartbeat_; }

private:
  Step on_hello(const proto::Hello& hello, Steady::time_point now);
  Step queue_event(proto::EventFrame event, Steady::time_point now, bool more_buffered);
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
  std::vector<proto::EventFrame> queued_;  // events read, not yet handled
  Steady::time_point first_queued_at_{};
  std::set<std::string> logged_;  // one log line per kind of bad input
  InputStats input_;

  static constexpr double kRatePerSecond = 15.0;  // below the gateway's 20/s
  static constexpr double kBurst = 20.0;
  static constexpr std::size_t kWindow = 32;
  static constexpr std::size_t kMaxBatch = 256;                // events per transaction
  static constexpr std::chrono::milliseconds kMaxBatchAge{5};  // the longest an event waits for the ones behind it
};

}  // namespace dutybot
