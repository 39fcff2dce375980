#pragma once
// The bot's one path for events and timers: dedupe → route → pure handlers → one transaction; outbox bookkeeping.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bot/metrics.h"
#include "core/call_hook.h"
#include "core/clock.h"
#include "core/protocol.h"
#include "handlers/common/handler.h"
#include "storage/bot_store.h"

namespace dutybot {

// Counters of what the engine saw, for logs and tests.
struct EngineStats {
  std::int64_t handled = 0;
  std::int64_t duplicates = 0;
  std::int64_t out_of_order = 0;
  std::int64_t handler_failures = 0;
  std::int64_t timers_fired = 0;
  std::int64_t batches = 0;                                       // transactions that committed events
  std::array<std::int64_t, kEventTypes.size()> events_by_type{};  // handled, by kEventTypes
  SecondsHistogram handle_seconds;                                // per handled event or webhook
  std::map<std::string, std::int64_t> notifications_by_kind;      // Notified changes committed, by kind
  std::optional<TimePoint> last_event_at;                         // when the last event or webhook was handled
};

class Engine {
public:
  Engine(storage::BotStore& store, const handlers::Router& router, handlers::Settings settings, const Clock& clock);

  // New thresholds, coverage, handbook, word list and zones (a reload): the next cause is handled with them.
  void replace_settings(handlers::Settings settings) { settings_ = std::move(settings); }
  // Learns people and chats from hello; returns the seq to resume after.
  std::int64_t on_hello(const proto::Hello& hello);

  enum class Outcome {
    handled,       // effects and seq committed
    duplicate,     // seen before (by seq or event_id); seq committed, nothing done
    out_of_order,  // a seq gap: the caller resumes from last_seq()
    store_failed,  // the transaction failed (last_store_error() says why): not acked, the cause comes back
  };
  Outcome on_event(const proto::EventFrame& frame);
  // What on_events did: `done` frames from the first were committed (handled or duplicate) in one transaction;
  // when done < size, `stop` says why the next one was not (out_of_order or store_failed).
  struct BatchOutcome {
    std::size_t done = 0;
    Outcome stop = Outcome::handled;
  };
  // Group commit: the frames, in order, in one transaction. A store failure rolls the batch back and replays it
  // one event per transaction, so the events before the failing one still commit; none is lost or repeated.
  BatchOutcome on_events(std::span<const proto::EventFrame> frames);
  // A telephony webhook: deduplicated by call id and event, handled in one transaction.
  Outcome on_call(const CallHook& call);
  // Why the last store_failed happened.
  const std::string& last_store_error() const { return last_store_error_; }
  // The server no longer holds our next seq and continues from oldest_seq.
  void on_gap(const proto::Gap& gap);

  std::int64_t last_seq() const { return store_.last_seq(); }
  std::optional<TimePoint> next_due() const { return store_.next_due(); }
  // What run_due did: timers fired, and the store's failure that stopped it (the rest fire on a later tick).
  struct TimerRun {
    int fired = 0;
    std::optional<std::string> store_error;
  };
  // Fires every timer due now, each in its own transaction.
  TimerRun run_due();

  std::vector<storage::OutboxMessage> pending_outbox(int limit) const { return store_.pending_outbox(limit); }
  enum class ResultAction { done, retry, failed };
  ResultAction on_result(const proto::Result& result);

  const EngineStats& stats() const { return stats_; }
  const std::string& bot_id() const { return bot_id_; }
  const Clock& clock() const { return clock_; }
  // Where login codes come from (tests give a fixed source); default: the system's CSPRNG.
  void set_secret_source(const SecretSource* secrets) { secrets_ = secrets; }

private:
  storage::Batch batch_for(const handlers::Effects& fx, const std::string& cause) const;
  // The paths themselves; the store's failures leave them as storage::DbError, which the public entry points
  // turn into Outcome::store_failed: no exception crosses the engine's boundary.
  Outcome handle_event(const proto::EventFrame& frame, EngineStats& counts);
  // Handles frames in the open transaction until one is not handled; returns how many were, and why it stopped.
  BatchOutcome handle_in_transaction(std::span<const proto::EventFrame> frames, EngineStats& counts);
  BatchOutcome handle_one_by_one(std::span<const proto::EventFrame> frames);
  // One transaction over the frames, the cursor written and committed; a failure rolls back the store and what
  // memory holds of it (and the gap state), then propagates.
  BatchOutcome commit_batch(std::span<const proto::EventFrame> frames);
  Outcome handle_call(const CallHook& call);
  template <class Path>
  Outcome without_throwing(Path path);
  void run_due_timers(TimerRun& run);
  // Counts what the committed effects notified, by kind.
  static void count_notifications(const handlers::Effects& fx, EngineStats& counts);
  // Routes one cause through the handlers; a handler's exception (not the store's) yields no effects.
  handlers::Effects run_handlers(TimePoint now, const std::string& what,
                                 const std::function<handlers::Effects(const handlers::Context&)>& route);

  storage::BotStore& store_;
  const handlers::Router& router_;
  handlers::Settings settings_;
  const Clock& clock_;
  const SecretSource* secrets_ = nullptr;
  std::string bot_id_;
  std::optional<std::int64_t> gap_resume_at_;
  std::string last_store_error_;
  Outcome last_outcome_ = Outcome::handled;  // of the last frame on_events committed
  EngineStats stats_;
};

EngineStats& operator+=(EngineStats& total, const EngineStats& more);

}  // namespace dutybot
