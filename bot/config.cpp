#include "bot/config.h"
#include "core/text_file.h"
#include "handlers/shifts/reminders.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace dutybot {
namespace {

using nlohmann::json;

// Reads the config's JSON, collecting every problem (its key and what would be right) instead of stopping at the
// first; a value with a problem keeps its default.
class Reader {
public:
  explicit Reader(std::string origin) : origin_(std::move(origin)) {}

  void bad(const std::string& key, const std::string& what) {
    problems_.push_back(origin_ + ": key '" + key + "' " + what);
  }
  // Every key of the object must be one of `known`: a misspelt key is an error, at every depth.
  void only_keys(const json& j, const std::string& path, std::initializer_list<const char*> known) {
    for (const char* k : known) known_.push_back(path + k);
    for (const auto& [key, _] : j.items()) {
      bool ok = false;
      for (const char* k : known) ok = ok || key == k;
      if (!ok) {
        std::string names;
        for (const char* k : known) names += std::string(names.empty() ? "" : ", ") + k;
        problems_.push_back(origin_ + ": unknown key '" + path + key + "' (known here: " + names + ")");
      }
    }
  }
  void string(const json& j, const char* key, const std::string& path, std::string& out) {
    if (!j.contains(key)) return;
    if (!j[key].is_string()) return bad(path + key, "must be a string");
    out = j[key].get<std::string>();
  }
  void seconds(const json& j, const char* key, const std::string& path, std::chrono::milliseconds& out) {
    if (!j.contains(key)) return;
    if (!j[key].is_number() || j[key].get<double>() <= 0)
      return bad(path + key, "must be a positive number of seconds");
    out = std::chrono::milliseconds(static_cast<std::int64_t>(j[key].get<double>() * 1000));
  }
  void whole_seconds(const json& j, const char* key, const std::string& path, std::chrono::seconds& out) {
    if (!j.contains(key)) return;
    if (!j[key].is_number_integer() || j[key].get<std::int64_t>() <= 0)
      return bad(path + key, "must be a positive whole number of seconds");
    out = std::chrono::seconds(j[key].get<std::int64_t>());
  }
  // A section's object; an empty one when it is missing or not an object (then a problem).
  const json& section(const json& root, const char* key) {
    static const json empty = json::object();
    if (!root.contains(key)) return empty;
    if (!root[key].is_object()) {
      bad(key, "must be an object");
      return empty;
    }
    return root[key];
  }
  const std::vector<std::string>& problems() const { return problems_; }
  // Every key only_keys was told of, with its path: what a config may hold.
  const std::vector<std::string>& known() const { return known_; }

private:
  std::string origin_;
  std::vector<std::string> problems_;
  std::vector<std::string> known_;
};

Config read_object(Reader& in, const json& root);

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

}  // namespace

const date::time_zone* zone_or_throw(const std::string& name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    throw std::runtime_error("unknown time zone '" + name + "' (expected an IANA name such as Europe/Moscow)");
  }
}

ConfigError::ConfigError(std::vector<std::string> problems)
    : std::runtime_error(joined(problems)), problems_(std::move(problems)) {}

Config parse_config(const std::string& text, const std::string& origin) {
  std::vector<std::string> problems;
  Config cfg = read_config(text, origin, problems);
  if (!problems.empty()) throw ConfigError(std::move(problems));
  return cfg;
}

Config read_config(const std::string& text, const std::string& origin, std::vector<std::string>& problems) {
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (root.is_discarded() || !root.is_object()) {
    problems.push_back(origin + (root.is_discarded() ? ": not valid JSON (comments are allowed)"
                                                     : ": the top level must be an object"));
    return Config{};
  }
  Reader in(origin);
  Config cfg = read_object(in, root);
  problems.insert(problems.end(), in.problems().begin(), in.problems().end());
  return cfg;
}

std::vector<std::string> config_keys() {
  Reader in("");
  read_object(in, json::object());
  return in.known();
}

namespace {

// The config from its parsed top-level object; every problem goes to `in`.
Config read_object(Reader& in, const json& root) {
  in.only_keys(root, "",
               {"messenger", "db", "timezone", "staff_chat", "reconnect", "unanswered", "coverage", "shifts",
                "handbook", "http", "hooks", "calls", "sandbox", "people_timezones", "requests"});
  Config cfg;
  const json& m = in.section(root, "messenger");
  in.only_keys(m, "messenger.", {"url", "token_file", "ca_file", "insecure_skip_verify"});
  in.string(m, "url", "messenger.", cfg.messenger.url);
  in.string(m, "token_file", "messenger.", cfg.messenger.token_file);
  in.string(m, "ca_file", "messenger.", cfg.messenger.ca_file);
  if (m.contains("insecure_skip_verify")) {
    if (!m["insecure_skip_verify"].is_boolean())
      in.bad("messenger.insecure_skip_verify", "must be true or false");
    else
      cfg.messenger.insecure_skip_verify = m["insecure_skip_verify"].get<bool>();
  }
  if (!cfg.messenger.url.empty() && cfg.messenger.url.rfind("ws://", 0) != 0 &&
      cfg.messenger.url.rfind("wss://", 0) != 0)
    in.bad("messenger.url",
           "must start with wss:// (or ws:// on a trusted network); leave it out for the embedded sandbox");
  in.string(root, "db", "", cfg.db);
  in.string(root, "timezone", "", cfg.timezone);
  in.string(root, "staff_chat", "", cfg.staff_chat);
  if (root.contains("people_timezones")) {
    if (!root["people_timezones"].is_object()) {
      in.bad("people_timezones", "must be an object of user id → zone");
    } else {
      for (const auto& [user, zone] : root["people_timezones"].items()) {
        if (!zone.is_string())
          in.bad("people_timezones." + user, "must be an IANA zone name");
        else
          cfg.people_timezones[user] = zone.get<std::string>();
      }
    }
  }
  const json& r = in.section(root, "reconnect");
  in.only_keys(r, "reconnect.", {"initial_s", "max_s", "stable_s"});
  in.seconds(r, "initial_s", "reconnect.", cfg.reconnect.initial);
  in.seconds(r, "max_s", "reconnect.", cfg.reconnect.max);
  in.seconds(r, "stable_s", "reconnect.", cfg.reconnect.stable);
  const json& u = in.section(root, "unanswered");
  in.only_keys(u, "unanswered.", {"first_nudge_s", "repeat_s", "escalate_s", "claim_s"});
  in.whole_seconds(u, "first_nudge_s", "unanswered.", cfg.unanswered.first_nudge);
  in.whole_seconds(u, "repeat_s", "unanswered.", cfg.unanswered.repeat);
  in.whole_seconds(u, "escalate_s", "unanswered.", cfg.unanswered.escalate);
  in.whole_seconds(u, "claim_s", "unanswered.", cfg.unanswered.claim);
  const json& sh = in.section(root, "shifts");
  in.only_keys(sh, "shifts.",
               {"pre_start_s", "pre_end_s", "reward_rub", "remind_day_before_at", "week_digest_at", "cover_approval",
                "cover_escalate_s"});
  in.whole_seconds(sh, "pre_start_s", "shifts.", cfg.shifts.pre_start);
  in.whole_seconds(sh, "pre_end_s", "shifts.", cfg.shifts.pre_end);
  if (sh.contains("reward_rub")) {
    if (!sh["reward_rub"].is_number_integer() || sh["reward_rub"].get<std::int64_t>() < 0 ||
        sh["reward_rub"].get<std::int64_t>() > 10'000'000)
      in.bad("shifts.reward_rub", "must be a whole number of rubles from 0 to 10000000");
    else
      cfg.shifts.reward_rub = sh["reward_rub"].get<std::int64_t>();
  }
  // The reminders ahead: a time or a weekday and a time; null turns each off.
  if (sh.contains("remind_day_before_at")) {
    const json& v = sh["remind_day_before_at"];
    std::optional<std::chrono::minutes> at;
    if (v.is_string()) at = shifts::parse_time_of_day(v.get<std::string>());
    if (!v.is_null() && (!at || *at >= std::chrono::hours(24)))
      in.bad("shifts.remind_day_before_at", "must be a time of day like \"18:00\", or null for no reminder");
    else
      cfg.shifts.remind_day_before_at = at;
  }
  if (sh.contains("week_digest_at")) {
    const json& v = sh["week_digest_at"];
    std::optional<handlers::WeeklyMoment> at;
    if (v.is_string()) at = shifts::parse_weekly_moment(v.get<std::string>());
    if (!v.is_null() && (!at || at->time >= std::chrono::hours(24)))
      in.bad("shifts.week_digest_at", "must be a weekday and a time like \"sun 18:00\", or null for no digest");
    else
      cfg.shifts.week_digest_at = at;
  }
  if (sh.contains("cover_approval")) {
    if (!sh["cover_approval"].is_boolean())
      in.bad("shifts.cover_approval", "must be true or false");
    else
      cfg.shifts.cover_approval = sh["cover_approval"].get<bool>();
  }
  in.whole_seconds(sh, "cover_escalate_s", "shifts.", cfg.shifts.cover_escalate);
  in.string(root, "handbook", "", cfg.handbook);
  const json& http = in.section(root, "http");
  in.only_keys(http, "http.", {"listen", "public_url", "chart_js"});
  in.string(http, "listen", "http.", cfg.http.listen);
  in.string(http, "public_url", "http.", cfg.http.public_url);
  if (!cfg.http.public_url.empty() && cfg.http.public_url.rfind("http://", 0) != 0 &&
      cfg.http.public_url.rfind("https://", 0) != 0)
    in.bad("http.public_url", "must start with http:// or https:// (the address supervisors open)");
  in.string(http, "chart_js", "http.", cfg.http.chart_js);
  const json& hooks = in.section(root, "hooks");
  in.only_keys(hooks, "hooks.", {"secret_env"});
  in.string(hooks, "secret_env", "hooks.", cfg.hooks.secret_env);
  const json& calls = in.section(root, "calls");
  in.only_keys(calls, "calls.", {"callback_s", "owner_grace_s"});
  in.whole_seconds(calls, "callback_s", "calls.", cfg.calls.callback);
  in.whole_seconds(calls, "owner_grace_s", "calls.", cfg.calls.owner_grace);
  const json& rq = in.section(root, "requests");
  in.only_keys(rq, "requests.", {"call_s", "escalate_s", "note_grace_s", "expert_grace_s", "order_grace_s", "words"});
  in.whole_seconds(rq, "call_s", "requests.", cfg.requests.call);
  in.whole_seconds(rq, "escalate_s", "requests.", cfg.requests.escalate);
  in.whole_seconds(rq, "note_grace_s", "requests.", cfg.requests.note_grace);
  in.whole_seconds(rq, "expert_grace_s", "requests.", cfg.requests.expert_grace);
  in.whole_seconds(rq, "order_grace_s", "requests.", cfg.requests.order_grace);
  in.string(rq, "words", "requests.", cfg.requests.words);
  const json& cov = in.section(root, "coverage");
  in.only_keys(cov, "coverage.", {"hours", "holidays"});
  if (cov.contains("hours")) {
    if (!cov["hours"].is_object()) {
      in.bad("coverage.hours", "must be an object of day → \"HH:MM-HH:MM\" or a list of them");
    } else {
      for (const auto& [day, v] : cov["hours"].items()) {
        auto& ranges = cfg.coverage.hours[day];
        if (v.is_string()) {
          if (!v.get<std::string>().empty()) ranges.push_back(v.get<std::string>());
        } else if (v.is_array()) {
          for (const auto& range : v) {
            if (!range.is_string())
              in.bad("coverage.hours." + day, "must hold \"HH:MM-HH:MM\" strings");
            else
              ranges.push_back(range.get<std::string>());
          }
        } else if (!v.is_null()) {
          in.bad("coverage.hours." + day, "must be \"HH:MM-HH:MM\", a list of them, or null");
        }
      }
    }
  }
  if (cov.contains("holidays")) {
    if (!cov["holidays"].is_array()) {
      in.bad("coverage.holidays", "must be a list of \"YYYY-MM-DD\"");
    } else {
      for (const auto& h : cov["holidays"]) {
        if (!h.is_string())
          in.bad("coverage.holidays", "must be a list of \"YYYY-MM-DD\"");
        else
          cfg.coverage.holidays.push_back(h.get<std::string>());
      }
    }
  }
  const json& s = in.section(root, "sandbox");
  in.only_keys(s, "sandbox.", {"listen", "data", "directory"});
  in.string(s, "listen", "sandbox.", cfg.sandbox.listen);
  in.string(s, "data", "sandbox.", cfg.sandbox.data);
  in.string(s, "directory", "sandbox.", cfg.sandbox.directory);
  if (cfg.db.empty()) in.bad("db", "must not be empty");
  return cfg;
}

}  // namespace

Config load_config(const std::string& path) { return parse_config(read_text_file(path, "config file"), path); }

TokenSource token_source(const Config& cfg) {
  if (const char* dir = std::getenv("CREDENTIALS_DIRECTORY"); dir && *dir) {
    std::string path = std::string(dir) + "/token";
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) return {TokenSource::Kind::credential, path};
  }
  if (const char* env = std::getenv("DUTYBOT_TOKEN"); env && *env) return {TokenSource::Kind::environment, ""};
  if (!cfg.messenger.token_file.empty()) return {TokenSource::Kind::file, cfg.messenger.token_file};
  return {};
}

std::string read_token_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read the token file '" + path + "'");
  std::string token;
  std::getline(in, token);
  while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (token.empty()) throw std::runtime_error("the token file '" + path + "' is empty: write the bot's token in it");
  return token;
}

std::string load_token(const Config& cfg) {
  const TokenSource source = token_source(cfg);
  switch (source.kind) {
    case TokenSource::Kind::credential:
    case TokenSource::Kind::file:
      return read_token_file(source.path);
    case TokenSource::Kind::environment:
      return std::getenv("DUTYBOT_TOKEN");
    case TokenSource::Kind::none:
      break;
  }
  throw std::runtime_error(kNoTokenHelp);
}

}  // namespace dutybot
