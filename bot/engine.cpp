#include "bot/engine.h"

#include <map>

#include <spdlog/spdlog.h>

#include "bot/log_cause.h"
#include "core/req_id.h"
#include "core/utf8.h"
#include "storage/database.h"

namespace dutybot {

Engine::Engine(storage::BotStore& store, const handlers::Router& router, handlers::Settings settings,
               const Clock& clock)
    : store_(store), router_(router), settings_(std::move(settings)), clock_(clock) {}

std::int64_t Engine::on_hello(const proto::Hello& hello) {
  bot_id_ = hello.me.id;
  storage::Batch batch;
  batch.changes.emplace_back(storage::UpsertPerson{hello.me});
  for (const auto& c : hello.chats) batch.changes.emplace_back(storage::UpsertChat{c});
  for (const auto& s : hello.staff) batch.changes.emplace_back(storage::UpsertPerson{s});
  // Roles may have changed while we were away: whoever is no longer a supervisor loses the console at once.
  batch.changes.emplace_back(storage::EndConsoleAccess{});
  store_.apply(batch, clock_.now());
  gap_resume_at_.reset();

  const std::int64_t ours = store_.last_seq();
  if (hello.last_acked_seq < ours) {
    // Either our last acks were lost in a crash, or the gateway lost its state and restarted its numbering.
    // Both are safe the same way: follow the gateway's numbering and skip what we handled by event_id.
    spdlog::warn(
        "gateway's last acked seq {} is below ours {}: following the gateway's numbering, "
        "deduplicating by event id",
        hello.last_acked_seq, ours);
    store_.set_last_seq(hello.last_acked_seq);
    return hello.last_acked_seq;
  }
  return ours;
}

void Engine::on_gap(const proto::Gap& gap) {
  spdlog::warn("gateway no longer holds events after seq {}; continuing from seq {} (events in between are lost)",
               store_.last_seq(), gap.oldest_seq);
  gap_resume_at_ = gap.oldest_seq;
}

handlers::Effects Engine::run_handlers(TimePoint now, const std::string& what,
                                       const std::function<handlers::Effects(const handlers::Context&)>& route) {
  try {
    handlers::Context ctx{now, store_, settings_, bot_id_, secrets_};
    return route(ctx);
  } catch (const storage::DbError&) {
    throw;  // the store failed: nothing is acked, the cause comes back
  } catch (const std::exception& e) {
    // A handler bug must not wedge the bot on one cause forever: it is recorded as handled, without effects.
    ++stats_.handler_failures;
    spdlog::error("handlers failed on {}: {}; skipping its effects", what, e.what());
    return {};
  }
}

storage::Batch Engine::batch_for(const handlers::Effects& fx, const std::string& cause) const {
  storage::Batch batch;
  batch.changes = fx.changes;
  std::map<std::string, std::size_t> uses;  // a purpose used twice by one cause gets an index
  for (const auto& m : fx.messages) {
    // A text over the protocol's limit goes out as several messages, cut between lines: no line is lost. Each
    // part's req_id is the purpose's next index, so a one-part message keeps the req_id it always had.
    for (auto& part : utf8::split_lines(m.text, proto::kMaxTextChars)) {
      proto::Send s;
      s.req_id = make_req_id(cause, m.purpose, uses[m.purpose]++);
      s.chat_id = m.chat_id;
      s.to_user = m.to_user;
      s.text = std::move(part);
      s.reply_to = m.reply_to;
      if (m.secret && s.text.find(*m.secret) != std::string::npos) batch.secrets[s.req_id] = *m.secret;
      if (!m.waits.empty()) batch.listed_waits[s.req_id] = m.waits;  // every part: a reply to any of them names them
      if (m.topic) batch.topics[s.req_id] = *m.topic;
      batch.outgoing.push_back(std::move(s));
    }
  }
  return batch;
}

template <class Path>
Engine::Outcome Engine::without_throwing(Path path) {
  try {
    return path();
  } catch (const storage::DbError& e) {
    last_store_error_ = e.what();
    return Outcome::store_failed;
  }
}

Engine::Outcome Engine::on_event(const proto::EventFrame& frame) {
  const BatchOutcome batch = on_events(std::span(&frame, 1));
  if (batch.done == 1) return last_outcome_;
  return batch.stop;
}

EngineStats& operator+=(EngineStats& total, const EngineStats& more) {
  total.handled += more.handled;
  total.duplicates += more.duplicates;
  total.out_of_order += more.out_of_order;
  total.handler_failures += more.handler_failures;
  total.timers_fired += more.timers_fired;
  total.batches += more.batches;
  for (std::size_t i = 0; i < total.events_by_type.size(); ++i) total.events_by_type[i] += more.events_by_type[i];
  total.handle_seconds += more.handle_seconds;
  for (const auto& [kind, n] : more.notifications_by_kind) total.notifications_by_kind[kind] += n;
  if (more.last_event_at) total.last_event_at = more.last_event_at;
  return total;
}

Engine::BatchOutcome Engine::handle_in_transaction(std::span<const proto::EventFrame> frames, EngineStats& counts) {
  BatchOutcome out;
  for (const auto& frame : frames) {
    const Outcome outcome = handle_event(frame, counts);
    if (outcome == Outcome::out_of_order) {
      out.stop = outcome;
      return out;
    }
    last_outcome_ = outcome;
    ++out.done;
  }
  return out;
}

Engine::BatchOutcome Engine::commit_batch(std::span<const proto::EventFrame> frames) {
  const auto gap_before = gap_resume_at_;
  try {
    EngineStats counts;
    storage::Transaction tx(store_.db());
    const BatchOutcome out = handle_in_transaction(frames, counts);
    store_.write_cursor();
    tx.commit();
    if (out.done > 0) ++counts.batches;
    stats_ += counts;
    return out;
  } catch (...) {
    gap_resume_at_ = gap_before;
    store_.forget_cached_state();  // rolled back: memory must not keep what did not commit
    throw;
  }
}

Engine::BatchOutcome Engine::on_events(std::span<const proto::EventFrame> frames) {
  if (frames.empty()) return {};
  try {
    return commit_batch(frames);
  } catch (const storage::DbError& e) {
    // Rolled back: nothing of the batch is stored. One event per transaction finds the one that fails.
    if (frames.size() == 1) {
      last_store_error_ = e.what();
      return {0, Outcome::store_failed};
    }
    return handle_one_by_one(frames);
  }
}

Engine::BatchOutcome Engine::handle_one_by_one(std::span<const proto::EventFrame> frames) {
  BatchOutcome out;
  for (const auto& frame : frames) {
    try {
      const BatchOutcome one = commit_batch(std::span(&frame, 1));
      if (one.done == 0) {
        out.stop = one.stop;
        return out;
      }
      ++out.done;
    } catch (const storage::DbError& e) {
      last_store_error_ = e.what();
      out.stop = Outcome::store_failed;
      return out;
    }
  }
  return out;
}

Engine::Outcome Engine::on_call(const CallHook& call) {
  return without_throwing([&] { return handle_call(call); });
}

Engine::Outcome Engine::handle_event(const proto::EventFrame& frame, EngineStats& counts) {
  const std::size_t type = event_type_index(frame.event);
  const LogCause cause{frame.seq, frame.event.event_id, kEventTypes[type]};
  const LogCauseScope logged_with(cause);
  const std::int64_t last = store_.last_seq();
  const TimePoint now = clock_.now();
  if (frame.seq <= last) {
    ++counts.duplicates;
    return Outcome::duplicate;
  }
  const bool follows_gap = gap_resume_at_ && frame.seq == *gap_resume_at_;
  if (frame.seq != last + 1 && !follows_gap) {
    ++counts.out_of_order;
    spdlog::warn("event seq {} does not follow {}: resuming from {}", frame.seq, last, last);
    return Outcome::out_of_order;
  }
  gap_resume_at_.reset();

  // Inside commit_batch's transaction: the claim commits with the event's effects, or neither does.
  if (!store_.claim_event(frame.event.event_id, frame.seq, now)) {
    storage::Batch batch;
    batch.seq = frame.seq;
    store_.apply(batch, now);
    ++counts.duplicates;
    return Outcome::duplicate;
  }

  const auto started = std::chrono::steady_clock::now();
  handlers::Effects fx = run_handlers(now, "event " + frame.event.event_id,
                                      [&](const handlers::Context& ctx) { return router_.route(frame.event, ctx); });
  storage::Batch batch = batch_for(fx, "e:" + frame.event.event_id);
  batch.seq = frame.seq;
  store_.apply(batch, now);
  spdlog::debug("handled: {} changes, {} messages", fx.changes.size(), fx.messages.size());
  ++counts.handled;
  ++counts.events_by_type[type];
  counts.handle_seconds.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  counts.last_event_at = now;
  count_notifications(fx, counts);
  return Outcome::handled;
}

Engine::Outcome Engine::handle_call(const CallHook& call) {
  const TimePoint now = clock_.now();
  const std::string id = call.dedupe_id();
  if (store_.event_seen(id)) {
    ++stats_.duplicates;
    return Outcome::duplicate;
  }
  const LogCause cause{0, id, kEventTypes[kCallEventType]};
  const LogCauseScope logged_with(cause);
  const auto started = std::chrono::steady_clock::now();
  handlers::Effects fx =
      run_handlers(now, id, [&](const handlers::Context& ctx) { return router_.route_call(call, ctx); });
  storage::Batch batch = batch_for(fx, id);
  batch.event_id = id;
  store_.apply(batch, now);
  spdlog::debug("handled: {} changes, {} messages", fx.changes.size(), fx.messages.size());
  ++stats_.handled;
  ++stats_.events_by_type[kCallEventType];
  stats_.handle_seconds.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  stats_.last_event_at = now;
  count_notifications(fx, stats_);
  return Outcome::handled;
}

Engine::TimerRun Engine::run_due() {
  TimerRun run;
  try {
    run_due_timers(run);
  } catch (const storage::DbError& e) {
    run.store_error = e.what();
  }
  return run;
}

void Engine::run_due_timers(TimerRun& run) {
  for (;;) {
    const TimePoint now = clock_.now();
    auto due = store_.due_timers(now, 64);
    if (due.empty()) break;
    for (const auto& t : due) {
      const std::string name = t.kind + ":" + t.key;
      const LogCause cause{0, name, "timer"};
      const LogCauseScope logged_with(cause);
      handlers::Effects fx =
          run_handlers(now, "timer " + name, [&](const handlers::Context& ctx) { return router_.fire(t, ctx); });
      auto batch = batch_for(fx, "t:" + name + ":" + std::to_string(to_unix_ms(t.due)));
      batch.fired_timer_id = t.id;
      store_.apply(batch, now);
      spdlog::debug("handled: {} changes, {} messages", fx.changes.size(), fx.messages.size());
      ++run.fired;
      ++stats_.timers_fired;
      count_notifications(fx, stats_);
    }
  }
}

void Engine::count_notifications(const handlers::Effects& fx, EngineStats& counts) {
  for (const auto& c : fx.changes)
    if (const auto* n = std::get_if<storage::Notified>(&c)) ++counts.notifications_by_kind[n->kind];
}

Engine::ResultAction Engine::on_result(const proto::Result& r) {
  const TimePoint now = clock_.now();
  if (r.ok) {
    store_.mark_sent(r.req_id, r.message_id, now);
    return ResultAction::done;
  }
  const std::string code = r.error ? r.error->code : "unknown";
  if (code == "rate_limited") return ResultAction::retry;
  spdlog::error("send {} failed: {} {}", r.req_id, code, r.error ? r.error->message : "");
  store_.mark_failed(r.req_id, code, now);
  return ResultAction::failed;
}

}  // namespace dutybot
