#include "bot/config.h"
#include "core/text_file.h"
#include "handlers/shifts/reminders.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace dutybot {
namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& origin, const std::string& key, const std::string& what) {
  throw std::runtime_error(origin + ": key '" + key + "' " + what);
}

void read_string(const json& j, const char* key, const std::string& path, const std::string& origin, std::string& out) {
  if (!j.contains(key)) return;
  if (!j[key].is_string()) bad(origin, path + key, "must be a string");
  out = j[key].get<std::string>();
}

void read_seconds(const json& j, const char* key, const std::string& path, const std::string& origin,
                  std::chrono::milliseconds& out) {
  if (!j.contains(key)) return;
  if (!j[key].is_number() || j[key].get<double>() <= 0) bad(origin, path + key, "must be a positive number of seconds");
  out = std::chrono::milliseconds(static_cast<std::int64_t>(j[key].get<double>() * 1000));
}

void read_whole_seconds(const json& j, const char* key, const std::string& path, const std::string& origin,
                        std::chrono::seconds& out) {
  if (!j.contains(key)) return;
  if (!j[key].is_number_integer() || j[key].get<std::int64_t>() <= 0)
    bad(origin, path + key, "must be a positive whole number of seconds");
  out = std::chrono::seconds(j[key].get<std::int64_t>());
}

const json& section(const json& root, const char* key, const std::string& origin) {
  static const json empty = json::object();
  if (!root.contains(key)) return empty;
  if (!root[key].is_object()) bad(origin, key, "must be an object");
  return root[key];
}

}  // namespace

Config parse_config(const std::string& text, const std::string& origin) {
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (root.is_discarded()) throw std::runtime_error(origin + ": not valid JSON");
  if (!root.is_object()) throw std::runtime_error(origin + ": the top level must be an object");
  static const char* known[] = {"messenger",  "db",       "timezone", "staff_chat",       "reconnect",
                                "unanswered", "coverage", "shifts",   "handbook",         "http",
                                "hooks",      "calls",    "sandbox",  "people_timezones", "requests"};
  for (const auto& [key, _] : root.items()) {
    bool ok = false;
    for (const char* k : known) ok = ok || key == k;
    if (!ok) throw std::runtime_error(origin + ": unknown key '" + key + "'");
  }
  Config cfg;
  const json& m = section(root, "messenger", origin);
  read_string(m, "url", "messenger.", origin, cfg.messenger.url);
  read_string(m, "token_file", "messenger.", origin, cfg.messenger.token_file);
  read_string(m, "ca_file", "messenger.", origin, cfg.messenger.ca_file);
  if (m.contains("insecure_skip_verify")) {
    if (!m["insecure_skip_verify"].is_boolean()) bad(origin, "messenger.insecure_skip_verify", "must be true or false");
    cfg.messenger.insecure_skip_verify = m["insecure_skip_verify"].get<bool>();
  }
  read_string(root, "db", "", origin, cfg.db);
  read_string(root, "timezone", "", origin, cfg.timezone);
  read_string(root, "staff_chat", "", origin, cfg.staff_chat);
  if (root.contains("people_timezones")) {
    if (!root["people_timezones"].is_object()) bad(origin, "people_timezones", "must be an object of user id → zone");
    for (const auto& [user, zone] : root["people_timezones"].items()) {
      if (!zone.is_string()) bad(origin, "people_timezones." + user, "must be an IANA zone name");
      cfg.people_timezones[user] = zone.get<std::string>();
    }
  }
  const json& r = section(root, "reconnect", origin);
  read_seconds(r, "initial_s", "reconnect.", origin, cfg.reconnect.initial);
  read_seconds(r, "max_s", "reconnect.", origin, cfg.reconnect.max);
  read_seconds(r, "stable_s", "reconnect.", origin, cfg.reconnect.stable);
  const json& u = section(root, "unanswered", origin);
  read_whole_seconds(u, "first_nudge_s", "unanswered.", origin, cfg.unanswered.first_nudge);
  read_whole_seconds(u, "repeat_s", "unanswered.", origin, cfg.unanswered.repeat);
  read_whole_seconds(u, "escalate_s", "unanswered.", origin, cfg.unanswered.escalate);
  read_whole_seconds(u, "claim_s", "unanswered.", origin, cfg.unanswered.claim);
  const json& sh = section(root, "shifts", origin);
  read_whole_seconds(sh, "pre_start_s", "shifts.", origin, cfg.shifts.pre_start);
  read_whole_seconds(sh, "pre_end_s", "shifts.", origin, cfg.shifts.pre_end);
  if (sh.contains("reward_rub")) {
    if (!sh["reward_rub"].is_number_integer() || sh["reward_rub"].get<std::int64_t>() < 0 ||
        sh["reward_rub"].get<std::int64_t>() > 10'000'000)
      bad(origin, "shifts.reward_rub", "must be a whole number of rubles from 0 to 10000000");
    cfg.shifts.reward_rub = sh["reward_rub"].get<std::int64_t>();
  }
  // The reminders ahead: a time or a weekday and a time; null turns each off.
  if (sh.contains("remind_day_before_at")) {
    const json& v = sh["remind_day_before_at"];
    std::optional<std::chrono::minutes> at;
    if (v.is_string()) at = shifts::parse_time_of_day(v.get<std::string>());
    if (!v.is_null() && (!at || *at >= std::chrono::hours(24)))
      bad(origin, "shifts.remind_day_before_at", "must be a time of day like \"18:00\", or null for no reminder");
    cfg.shifts.remind_day_before_at = at;
  }
  if (sh.contains("week_digest_at")) {
    const json& v = sh["week_digest_at"];
    std::optional<handlers::WeeklyMoment> at;
    if (v.is_string()) at = shifts::parse_weekly_moment(v.get<std::string>());
    if (!v.is_null() && (!at || at->time >= std::chrono::hours(24)))
      bad(origin, "shifts.week_digest_at", "must be a weekday and a time like \"sun 18:00\", or null for no digest");
    cfg.shifts.week_digest_at = at;
  }
  if (sh.contains("cover_approval")) {
    if (!sh["cover_approval"].is_boolean()) bad(origin, "shifts.cover_approval", "must be true or false");
    cfg.shifts.cover_approval = sh["cover_approval"].get<bool>();
  }
  read_whole_seconds(sh, "cover_escalate_s", "shifts.", origin, cfg.shifts.cover_escalate);
  read_string(root, "handbook", "", origin, cfg.handbook);
  const json& http = section(root, "http", origin);
  read_string(http, "listen", "http.", origin, cfg.http.listen);
  read_string(http, "public_url", "http.", origin, cfg.http.public_url);
  if (!cfg.http.public_url.empty() && cfg.http.public_url.rfind("http://", 0) != 0 &&
      cfg.http.public_url.rfind("https://", 0) != 0)
    bad(origin, "http.public_url", "must start with http:// or https:// (the address supervisors open)");
  read_string(http, "chart_js", "http.", origin, cfg.http.chart_js);
  read_string(section(root, "hooks", origin), "secret_env", "hooks.", origin, cfg.hooks.secret_env);
  const json& calls = section(root, "calls", origin);
  read_whole_seconds(calls, "callback_s", "calls.", origin, cfg.calls.callback);
  read_whole_seconds(calls, "owner_grace_s", "calls.", origin, cfg.calls.owner_grace);
  const json& rq = section(root, "requests", origin);
  read_whole_seconds(rq, "call_s", "requests.", origin, cfg.requests.call);
  read_whole_seconds(rq, "escalate_s", "requests.", origin, cfg.requests.escalate);
  read_whole_seconds(rq, "note_grace_s", "requests.", origin, cfg.requests.note_grace);
  read_whole_seconds(rq, "expert_grace_s", "requests.", origin, cfg.requests.expert_grace);
  read_string(rq, "words", "requests.", origin, cfg.requests.words);
  const json& cov = section(root, "coverage", origin);
  if (cov.contains("hours")) {
    if (!cov["hours"].is_object())
      bad(origin, "coverage.hours", "must be an object of day → \"HH:MM-HH:MM\" or a list of them");
    for (const auto& [day, v] : cov["hours"].items()) {
      auto& ranges = cfg.coverage.hours[day];
      if (v.is_string()) {
        if (!v.get<std::string>().empty()) ranges.push_back(v.get<std::string>());
      } else if (v.is_array()) {
        for (const auto& r : v) {
          if (!r.is_string()) bad(origin, "coverage.hours." + day, "must hold \"HH:MM-HH:MM\" strings");
          ranges.push_back(r.get<std::string>());
        }
      } else if (!v.is_null()) {
        bad(origin, "coverage.hours." + day, "must be \"HH:MM-HH:MM\", a list of them, or null");
      }
    }
  }
  if (cov.contains("holidays")) {
    if (!cov["holidays"].is_array()) bad(origin, "coverage.holidays", "must be a list of \"YYYY-MM-DD\"");
    for (const auto& h : cov["holidays"]) {
      if (!h.is_string()) bad(origin, "coverage.holidays", "must be a list of \"YYYY-MM-DD\"");
      cfg.coverage.holidays.push_back(h.get<std::string>());
    }
  }
  const json& s = section(root, "sandbox", origin);
  read_string(s, "listen", "sandbox.", origin, cfg.sandbox.listen);
  read_string(s, "data", "sandbox.", origin, cfg.sandbox.data);
  read_string(s, "directory", "sandbox.", origin, cfg.sandbox.directory);
  if (cfg.db.empty()) bad(origin, "db", "must not be empty");
  return cfg;
}

Config load_config(const std::string& path) { return parse_config(read_text_file(path, "config file"), path); }

std::string load_token(const Config& cfg) {
  if (const char* env = std::getenv("DUTYBOT_TOKEN"); env && *env) return env;
  if (!cfg.messenger.token_file.empty()) {
    std::ifstream in(cfg.messenger.token_file);
    if (!in) throw std::runtime_error("cannot read the token file '" + cfg.messenger.token_file + "'");
    std::string token;
    std::getline(in, token);
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (token.empty()) throw std::runtime_error("the token file '" + cfg.messenger.token_file + "' is empty");
    return token;
  }
  throw std::runtime_error("no token: set DUTYBOT_TOKEN or messenger.token_file in the config");
}

}  // namespace dutybot
