#pragma once
// The bot's vital signs in the Prometheus text format (GET /metrics): what the engine counted, and gauges read
// from the store when scraped.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/protocol.h"

namespace dutybot {

// A histogram of seconds with fixed buckets, as Prometheus reads it (counts kept per bucket, summed when written).
struct SecondsHistogram {
  static constexpr std::array<double, 11> kBounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};
  std::array<std::int64_t, kBounds.size() + 1> buckets{};  // the last one: above every bound
  double sum = 0;
  std::int64_t count = 0;

  void observe(double seconds);
  SecondsHistogram& operator+=(const SecondsHistogram& more);
};

// The event types the engine counts, by the protocol's names ("call" is a telephony webhook).
inline constexpr std::array<std::string_view, 9> kEventTypes{
    "message", "message_edited", "message_deleted", "member", "chat", "request", "request_message", "unknown", "call"};
std::size_t event_type_index(const proto::Event& event);
inline constexpr std::size_t kCallEventType = 8;

// Everything /metrics shows that is not the engine's counters: read at scrape time.
struct MetricsGauges {
  bool gateway_connected = false;
  std::int64_t outbox_pending = 0;
  std::int64_t open_waits = 0;
  std::optional<std::chrono::milliseconds> oldest_wait;
  std::int64_t on_duty = 0;
  std::optional<std::chrono::milliseconds> last_event_age;
};

// The webhook's answers by HTTP status.
using WebhookCounts = std::map<int, std::int64_t>;

struct EngineStats;
// The whole exposition, ending with a newline.
std::string render_metrics(const EngineStats& stats, const MetricsGauges& gauges, const WebhookCounts& webhooks);

}  // namespace dutybot
