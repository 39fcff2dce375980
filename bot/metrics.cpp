#include "bot/metrics.h"

#include <cstdio>

#include "bot/engine.h"
#include "core/overloaded.h"

namespace dutybot {

void SecondsHistogram::observe(double seconds) {
  std::size_t i = 0;
  while (i < kBounds.size() && seconds > kBounds[i]) ++i;
  ++buckets[i];
  sum += seconds;
  ++count;
}

SecondsHistogram& SecondsHistogram::operator+=(const SecondsHistogram& more) {
  for (std::size_t i = 0; i < buckets.size(); ++i) buckets[i] += more.buckets[i];
  sum += more.sum;
  count += more.count;
  return *this;
}

std::size_t event_type_index(const proto::Event& event) {
  return std::visit(Overloaded{
                        [](const proto::MessageEvent& m) -> std::size_t { return m.edited_ts ? 1 : 0; },
                        [](const proto::MessageDeletedEvent&) -> std::size_t { return 2; },
                        [](const proto::MemberEvent&) -> std::size_t { return 3; },
                        [](const proto::ChatEvent&) -> std::size_t { return 4; },
                        [](const proto::RequestEvent&) -> std::size_t { return 5; },
                        [](const proto::RequestMessageEvent&) -> std::size_t { return 6; },
                        [](const proto::UnknownEvent&) -> std::size_t { return 7; },
                    },
                    event.body);
}

namespace {

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

void header(std::string& out, const char* name, const char* type, const char* help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

void gauge(std::string& out, const char* name, const char* help, double value) {
  header(out, name, "gauge", help);
  out += name;
  out += ' ' + number(value) + '\n';
}

double in_seconds(std::chrono::milliseconds d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

std::string render_metrics(const EngineStats& stats, const MetricsGauges& gauges, const WebhookCounts& webhooks) {
  std::string out;
  out.reserve(4096);
  header(out, "dutybot_events_total", "counter", "Events handled (gateway events by type; call: telephony webhooks).");
  for (std::size_t i = 0; i < kEventTypes.size(); ++i)
    out += "dutybot_events_total{type=\"" + std::string(kEventTypes[i]) + "\"} " +
           std::to_string(stats.events_by_type[i]) + '\n';

  header(out, "dutybot_event_handle_seconds", "histogram",
         "Time to route one event through the handlers and stage its effects.");
  std::int64_t cumulative = 0;
  for (std::size_t i = 0; i < SecondsHistogram::kBounds.size(); ++i) {
    cumulative += stats.handle_seconds.buckets[i];
    out += "dutybot_event_handle_seconds_bucket{le=\"" + number(SecondsHistogram::kBounds[i]) + "\"} " +
           std::to_string(cumulative) + '\n';
  }
  out += "dutybot_event_handle_seconds_bucket{le=\"+Inf\"} " + std::to_string(stats.handle_seconds.count) + '\n';
  out += "dutybot_event_handle_seconds_sum " + number(stats.handle_seconds.sum) + '\n';
  out += "dutybot_event_handle_seconds_count " + std::to_string(stats.handle_seconds.count) + '\n';

  header(out, "dutybot_nudges_total", "counter",
         "Notifications about waiting clients by kind (nudge, escalation, digest, handover).");
  std::map<std::string, std::int64_t> kinds{{"nudge", 0}, {"escalation", 0}, {"digest", 0}, {"handover", 0}};
  for (const auto& [kind, n] : stats.notifications_by_kind) kinds[kind] += n;
  for (const auto& [kind, n] : kinds) out += "dutybot_nudges_total{kind=\"" + kind + "\"} " + std::to_string(n) + '\n';

  header(out, "dutybot_webhook_requests_total", "counter", "Telephony webhook requests by HTTP status code.");
  if (webhooks.empty()) out += "dutybot_webhook_requests_total{code=\"200\"} 0\n";
  for (const auto& [code, n] : webhooks)
    out += "dutybot_webhook_requests_total{code=\"" + std::to_string(code) + "\"} " + std::to_string(n) + '\n';

  header(out, "dutybot_handler_failures_total", "counter", "Causes whose handlers threw (their effects were skipped).");
  out += "dutybot_handler_failures_total " + std::to_string(stats.handler_failures) + '\n';
  header(out, "dutybot_timers_fired_total", "counter", "Timers fired.");
  out += "dutybot_timers_fired_total " + std::to_string(stats.timers_fired) + '\n';

  gauge(out, "dutybot_gateway_connected", "1 when the link to the messenger is up and its hello was read.",
        gauges.gateway_connected ? 1 : 0);
  gauge(out, "dutybot_outbox_pending", "Messages stored and not yet confirmed by the gateway.",
        static_cast<double>(gauges.outbox_pending));
  gauge(out, "dutybot_open_waits", "Client questions in country chats waiting for a staff answer.",
        static_cast<double>(gauges.open_waits));
  gauge(out, "dutybot_oldest_wait_seconds", "How long the longest-waiting client has waited (0: nobody waits).",
        gauges.oldest_wait ? in_seconds(*gauges.oldest_wait) : 0.0);
  gauge(out, "dutybot_on_duty", "People on duty now.", static_cast<double>(gauges.on_duty));
  gauge(out, "dutybot_last_event_age_seconds", "Seconds since the last event was handled (-1: none since the start).",
        gauges.last_event_age ? in_seconds(*gauges.last_event_age) : -1.0);
  return out;
}

}  // namespace dutybot
