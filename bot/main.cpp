// dutybot: the bot (run), and its tools (parse-duty).
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <date/tz.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "bot/config.h"
#include "bot/config_check.h"
#include "bot/engine.h"
#include "bot/gateway_client.h"
#include "bot/http_server.h"
#include "bot/logging.h"
#include "bot/systemd_notify.h"
#include "bot/web_routes.h"
#include "core/command_line.h"
#include "core/url.h"
#include "core/zone_time.h"
#include "handlers/common/handbook.h"
#include "handlers/common/handler.h"
#include "handlers/common/request_words.h"
#include "handlers/duty/duty_time.h"
#include "handlers/shifts/schedule.h"
#include "sandbox/embedded.h"
#include "storage/bot_store.h"

using namespace dutybot;

namespace {

enum Exit { kOk = 0, kFailure = 1, kUsageError = kUsageExit, kAuthFailed = 3 };

// `dutybot parse-duty`'s arguments.
struct ParseDutyArgs {
  std::string now;
  std::string tz = "Europe/Moscow";
  std::optional<std::string> text;
};

int cmd_parse_duty(const ParseDutyArgs& args) {
  auto now = parse_utc(args.now);
  if (!now) throw std::runtime_error("cannot read --now '" + args.now + "': use e.g. 2026-11-27T15:00:00+03:00");
  const date::time_zone* zone = zone_or_throw(args.tz);
  auto answer = [&](const std::string& text) -> std::pair<std::string, bool> {
    auto r = duty::read_duty_end(text, *now, zone);
    if (auto* e = std::get_if<duty::DutyTimeError>(&r)) return {"error: " + e->reason, false};
    const auto& end = std::get<duty::DutyEnd>(r);
    auto local = date::make_zoned(end.zone, std::chrono::time_point_cast<std::chrono::seconds>(end.end));
    return {date::format("%FT%T%Ez", local), true};
  };
  if (args.text) {
    auto [line, ok] = answer(*args.text);
    std::cout << line << "\n";
    return ok ? kOk : kFailure;
  }
  std::string line;
  while (std::getline(std::cin, line)) std::cout << answer(line).first << "\n";
  return kOk;
}

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t\r\"");
  auto e = s.find_last_not_of(" \t\r\"");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string local_text(TimePoint t, const date::time_zone* zone) {
  return date::format("%Y-%m-%d %H:%M", to_local(t, zone));
}

Config config_from(const std::string& path) { return path.empty() ? Config{} : load_config(path); }

// What both `schedule` commands work on: the config, its zone, the bot's database, and now.
struct ScheduleTool {
  explicit ScheduleTool(const std::string& config_path)
      : cfg(config_from(config_path)), zone(zone_or_throw(cfg.timezone)), store(cfg.db), now(SystemClock{}.now()) {}
  Config cfg;
  const date::time_zone* zone;
  storage::BotStore store;
  TimePoint now;
};

int cmd_schedule_list(const std::string& config_path) {
  ScheduleTool tool(config_path);
  const auto* zone = tool.zone;
  auto shifts = tool.store.shifts_between(tool.now - std::chrono::hours(24), tool.now + std::chrono::days(60));
  if (shifts.empty()) std::cout << "nothing planned\n";
  for (const auto& s : shifts)
    std::cout << local_text(s.start, zone) << " – " << local_text(s.end, zone) << "  " << s.user_id << "  " << s.name
              << "\n";
  return kOk;
}

// `dutybot check-config`: every problem, a line each; exit 0 when there is none, 2 when there are.
int cmd_check_config(const std::string& path) {
  const auto problems = check_config(path);
  for (const auto& p : problems) std::cout << p << "\n";
  if (!problems.empty()) {
    std::cout << problems.size() << (problems.size() == 1 ? " problem" : " problems") << " in " << path << "\n";
    return kUsageError;
  }
  std::cout << path << ": ok\n";
  return kOk;
}

// `dutybot backup FILE`: a consistent copy of the live database while the bot runs, checked before it is reported.
int cmd_backup(const std::string& file, const std::string& config_path) {
  const Config cfg = config_from(config_path);
  if (!std::filesystem::exists(cfg.db)) throw std::runtime_error("no database at '" + cfg.db + "' (config \"db\")");
  if (std::filesystem::exists(file))
    throw std::runtime_error("'" + file + "' exists already: a backup never overwrites a file");
  {
    storage::Database live(cfg.db);
    live.copy_into(file);
  }
  storage::Database copy(file);
  const std::string integrity = copy.integrity_check();
  if (integrity != "ok") {
    std::cerr << "dutybot: the copy " << file << " failed SQLite's integrity check:\n" << integrity << "\n";
    return kFailure;
  }
  auto seq = copy.prepare("SELECT value FROM meta WHERE key = 'last_seq'");
  const std::string at_seq = seq.step() ? seq.text(0) : "0";
  std::cout << "backup written: " << file << " (" << std::filesystem::file_size(file)
            << " bytes, events handled up to seq " << at_seq << ", integrity ok)\n";
  return kOk;
}

int cmd_schedule_import(const std::string& csv_path, const std::string& config_path) {
  ScheduleTool tool(config_path);
  const Config& cfg = tool.cfg;
  const auto* zone = tool.zone;
  auto& store = tool.store;
  const TimePoint now = tool.now;
  std::ifstream in(csv_path);
  if (!in) throw std::runtime_error("cannot read '" + csv_path + "'");
  std::string line;
  std::getline(in, line);
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // a BOM from spreadsheet exports
  if (trim(line) != "user_id,start,end")
    throw std::runtime_error(csv_path + ": the first line must be user_id,start,end");

  storage::Batch batch;
  struct Planned {
    std::string user;
    TimePoint start, end;
  };
  std::vector<Planned> accepted;
  int added = 0, changed = 0, unchanged = 0, rejected = 0, number = 1;
  while (std::getline(in, line)) {
    ++number;
    if (trim(line).empty()) continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) f.push_back(trim(cell));
    auto reject = [&](const std::string& why) {
      ++rejected;
      std::cout << "rejected line " << number << ": " << why << "  (" << trim(line) << ")\n";
    };
    if (f.size() != 3) {
      reject("expected 3 fields: user_id,start,end");
      continue;
    }
    auto person = store.person(f[0]);
    if (!person || !proto::is_staff(person->role)) {
      reject("unknown person '" + f[0] + "' (the bot learns staff from the messenger: run it once first)");
      continue;
    }
    auto start = parse_local(f[1], zone), end = parse_local(f[2], zone);
    if (!start || !end) {
      reject("times must look like 2026-11-28T09:00 (seconds optional), local to " + cfg.timezone);
      continue;
    }
    if (*end <= *start) {
      reject("end before start");
      continue;
    }
    if (*end <= now) {
      reject("the shift is already over");
      continue;
    }
    if (auto problem = shifts::shift_problem(store, f[0], *start, *end)) {
      reject("overlap with another shift of " + f[0]);
      continue;
    }
    bool clash = false;
    for (const auto& a : accepted) clash = clash || (a.user == f[0] && a.start < *end && *start < a.end);
    if (clash) {
      reject("overlap with another shift of " + f[0] + " in this file");
      continue;
    }
    accepted.push_back({f[0], *start, *end});
    auto existing = store.shift_at(f[0], *start);
    const std::string what = local_text(*start, zone) + " – " + local_text(*end, zone) + "  " + f[0];
    if (existing && existing->end == *end) {
      ++unchanged;
      std::cout << "unchanged " << what << "\n";
      continue;
    }
    if (existing) {
      ++changed;
      std::cout << "changed   " << what << "  (was until " << local_text(existing->end, zone) << ")\n";
    } else {
      ++added;
      std::cout << "added     " << what << "\n";
    }
    for (auto& c : shifts::put_shift(f[0], *start, *end, now, cfg.shifts)) batch.changes.push_back(std::move(c));
    batch.changes.emplace_back(storage::RecordScheduleChange{
        storage::ScheduleChange{existing ? storage::ScheduleChangeKind::changed : storage::ScheduleChangeKind::added,
                                f[0],
                                "",
                                *start,
                                *end,
                                shifts::kImportedBy,
                                {}}});
  }
  store.apply(batch, now);
  std::cout << added << " added, " << changed << " changed, " << unchanged << " unchanged, " << rejected
            << " rejected\n";
  return rejected ? kFailure : kOk;
}

std::filesystem::path own_dir() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path(".") : p.parent_path();
}

void print_how_to_talk(const std::string& chat_url, const std::string& client_url) {
  const std::string say = (own_dir() / "dutybot-sandbox").string() + " say --url " + client_url;
  std::cout
      << "dutybot is up on the embedded sandbox messenger.\n"
      << "Open the chat in a browser and choose who you are: " << chat_url << "\n"
      << "Or talk to it from another terminal (demo tokens: assistants demo-anna, demo-oleg; experts demo-boris,\n"
      << "demo-vera; supervisor demo-sveta; clients demo-ivan, demo-maria, demo-petr):\n"
      << "  " << say << " --token demo-anna --chat staff \"Дежурю до 21:00\"\n"
      << "  " << say << " --token demo-boris --chat staff \"кто дежурит?\"\n"
      << "  " << say << " --token demo-anna --to dutybot \"/помощь\"\n"
      << "  " << (own_dir() / "dutybot-sandbox").string() << " request --url " << client_url
      << " --token demo-ivan --expert u-boris \"Хотим тур в Турцию на майские\"   (a site request)\n"
      << "  " << (own_dir() / "dutybot-sandbox").string() << " tail --url " << client_url
      << " --token demo-boris   (watch the replies)\n"
      << "The supervisors' console: ask for a login link as the supervisor and open it in a browser:\n"
      << "  " << say << " --token demo-sveta --to dutybot \"/панель\"\n"
      << "  " << (own_dir() / "dutybot-sandbox").string() << " tail --url " << client_url
      << " --token demo-sveta --after 0   (the link)\n"
      << "Stop with Ctrl-C." << std::endl;
}

// The handlers' settings a config gives, with the files it names read and checked; throws saying what is wrong.
handlers::Settings settings_from(const Config& cfg) {
  handlers::Settings settings;
  settings.zone = zone_or_throw(cfg.timezone);
  if (!cfg.staff_chat.empty()) settings.staff_chat = cfg.staff_chat;
  settings.unanswered = cfg.unanswered;
  settings.coverage = handlers::Coverage::from_spec(cfg.coverage.hours, cfg.coverage.holidays);
  settings.shifts = cfg.shifts;
  settings.calls = cfg.calls;
  settings.requests = cfg.requests;  // the thresholds; the word list's file is read below
  settings.console.public_url = cfg.http.console_url();
  for (const auto& [user, zone_name] : cfg.people_timezones) settings.people_zones[user] = zone_or_throw(zone_name);
  if (!cfg.handbook.empty()) settings.handbook = std::make_shared<handbook::Handbook>(handbook::load(cfg.handbook));
  if (!cfg.requests.words.empty())
    settings.words = std::make_shared<requests::WordList>(requests::WordList::load(cfg.requests.words));
  return settings;
}

// SIGHUP: the config read again. Thresholds, coverage, holidays, the handbook, the word list and zones take effect
// at once, without dropping the link; keys read only at start are logged and kept; a bad config changes nothing.
void reload_config(const std::string& path, const Config& running, Engine& engine, handlers::Settings& settings) {
  if (path.empty()) {
    spdlog::warn("reload: the bot runs on the embedded default (no --config): nothing to read again");
    return;
  }
  Config next;
  handlers::Settings next_settings;
  try {
    next = load_config(path);
    next_settings = settings_from(next);
  } catch (const std::exception& e) {
    spdlog::error("reload: {} is not usable, the running config stays:\n{}", path, e.what());
    return;
  }
  auto needs_restart = [](const char* key, const std::string& was, const std::string& now) {
    if (was != now) spdlog::warn("reload: '{}' changes only with a restart; still '{}'", key, was);
  };
  needs_restart("db", running.db, next.db);
  needs_restart("messenger.url", running.messenger.url, next.messenger.url);
  needs_restart("messenger.token_file", running.messenger.token_file, next.messenger.token_file);
  needs_restart("messenger.ca_file", running.messenger.ca_file, next.messenger.ca_file);
  needs_restart("http.listen", running.http.listen, next.http.listen);
  needs_restart("http.chart_js", running.http.chart_js, next.http.chart_js);
  needs_restart("hooks.secret_env", running.hooks.secret_env, next.hooks.secret_env);
  needs_restart("sandbox.listen", running.sandbox.listen, next.sandbox.listen);
  engine.replace_settings(next_settings);
  settings = std::move(next_settings);
  spdlog::info("reload: {} read again; thresholds, coverage, handbook, word list and zones in effect", path);
}

int cmd_run(const std::string& config_path, const std::string& log_level, LogFormat log_format) {
  configure_logging(log_level, log_format);

  Config cfg = config_from(config_path);
  // The database's folder is made when missing (check-config tells when it cannot be).
  if (const auto folder = std::filesystem::absolute(cfg.db).parent_path(); !std::filesystem::is_directory(folder))
    std::filesystem::create_directories(folder);
  storage::BotStore store(cfg.db);
  SystemClock clock;
  // Dedupe ids, finished outbox rows and ended duties older than 30 days are history nobody replays.
  store.prune(clock.now() - std::chrono::days(30));
  handlers::Router router = handlers::make_router();
  handlers::Settings settings = settings_from(cfg);  // files named are read and checked now: a bad one stops the start
  Engine engine(store, router, settings, clock);

  boost::asio::io_context io;
  std::unique_ptr<sandbox::EmbeddedSandbox> sandbox;
  GatewayOptions gw;
  if (cfg.embedded()) {
    // No messenger configured: start the sandbox in-process, with its state in a file beside the bot's database.
    sandbox::EmbeddedOptions so{cfg.sandbox.listen, cfg.sandbox.data, cfg.sandbox.directory};
    if (so.data.empty()) {
      std::filesystem::path db(cfg.db);
      so.data = (db.parent_path() / (db.stem().string() + "-sandbox.db")).string();
    }
    sandbox = std::make_unique<sandbox::EmbeddedSandbox>(io, so, clock);
    gw.token = sandbox->bot_token();
    gw.url = sandbox->bot_url();
    print_how_to_talk(sandbox->chat_url(), sandbox->client_url());
  } else {
    gw.url = cfg.messenger.url;
    gw.token = load_token(cfg);
    gw.ca_file = cfg.messenger.ca_file;
    gw.insecure_skip_verify = cfg.messenger.insecure_skip_verify;
  }
  gw.backoff_initial = cfg.reconnect.initial;
  gw.backoff_max = cfg.reconnect.max;
  gw.stable_after = cfg.reconnect.stable;

  // The telephony webhook, signed with the secret from the environment variable the config names.
  std::string hook_secret;
  if (const char* v = std::getenv(cfg.hooks.secret_env.c_str()); v && *v) hook_secret = v;
  if (hook_secret.empty() && cfg.embedded()) hook_secret = "demo-hook-secret";
  if (hook_secret.empty()) spdlog::warn("calls webhook disabled: ${} is not set", cfg.hooks.secret_env);
  GatewayClient client(io, gw, engine);
  // One listener for the webhook, the console, the metrics and the health checks; they run whether or not the
  // webhook's secret is set.
  WebRoutes routes(WebServices{engine, store, settings, hook_secret,
                               [&](const CallHook& call) {
                                 if (engine.on_call(call) != Engine::Outcome::store_failed) return true;
                                 spdlog::error(
                                     "database error while storing {}: {}; answered 503 so the telephony "
                                     "retries",
                                     call.dedupe_id(), engine.last_store_error());
                                 return false;
                               },
                               [&] { return client.connected(); }, nullptr, cfg.http.chart_js});
  const auto [http_host, http_port] = split_host_port(cfg.http.listen);
  HttpServer http(io, http_host, http_port, routes);
  spdlog::info("console and metrics on http://{}:{}/ (login links point to {})", http_host, http.port(),
               settings.console.public_url);
  if (!hook_secret.empty()) spdlog::info("calls webhook on http://{}:{}/hooks/calls", http_host, http.port());
  if (sandbox && !hook_secret.empty())  // the browser chat's missed-call button
    sandbox->enable_calls("http://" + http_host + ":" + std::to_string(http.port()) + "/hooks/calls", hook_secret);
  // The database is open and the listeners are bound: systemd may start what waits for the bot.
  systemd::notify_ready("console on http://" + http_host + ":" + std::to_string(http.port()) + "/, messenger " +
                        (cfg.embedded() ? std::string("embedded") : cfg.messenger.url));
  // The watchdog's pings come from the event loop itself: a loop stuck for WatchdogSec= gets the bot restarted.
  boost::asio::steady_timer watchdog(io);
  const auto ping_every = systemd::watchdog_ping_interval();
  std::function<void()> ping_watchdog = [&] {
    systemd::notify_watchdog();
    watchdog.expires_after(*ping_every);
    watchdog.async_wait([&](const boost::system::error_code& ec) {
      if (!ec) ping_watchdog();
    });
  };
  if (ping_every) ping_watchdog();
  int exit_code = kOk;
  boost::asio::steady_timer deadline(io);
  client.start([&](GatewayExit how, const std::string& why) {
    if (how == GatewayExit::auth_failed) {
      std::cerr << "dutybot: authentication failed: " << why << "\n";
      exit_code = kAuthFailed;
    } else if (how == GatewayExit::bad_config) {
      std::cerr << "dutybot: " << why << "\n";
      exit_code = kUsageError;
    }
    if (sandbox) sandbox->stop();
    http.stop();
    io.stop();
  });
  boost::asio::signal_set hangups(io, SIGHUP);
  std::function<void()> await_hangup = [&] {
    hangups.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec) return;
      systemd::notify_reloading();
      reload_config(config_path, cfg, engine, settings);
      systemd::notify_ready("config read again");
      await_hangup();
    });
  };
  await_hangup();
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    spdlog::info("signal {}: closing the link and stopping", sig);
    systemd::notify_stopping();
    hangups.cancel();
    watchdog.cancel();
    client.stop();
    http.stop();
    // Whatever is still open after 5 s does not hold the exit.
    deadline.expires_after(std::chrono::milliseconds(4500));
    deadline.async_wait([&](const boost::system::error_code& e) {
      if (!e) io.stop();
    });
  });
  io.run();
  const EngineStats& stats = engine.stats();
  spdlog::info(
      "stopped; handled {} events in {} transactions, {} duplicates skipped; {} timers fired; {} SQL statements",
      stats.handled, stats.batches, stats.duplicates, stats.timers_fired, store.db().statements_run());
  return exit_code;
}

int run(int argc, char** argv) {
  CLI::App app{
      "dutybot: the on-duty assistant's bot for the OnlineTur.ru messenger.\n"
      "With no command it runs the bot (with no --config: on the embedded sandbox messenger).",
      "dutybot"};
  configure_app(app);
  std::string config_path, log_level = "info";
  app.add_option("--config", config_path, "the JSON config file (comments allowed); none: the embedded default");
  add_log_level_option(app, log_level);
  std::string log_format = "text";
  app.add_option("--log-format", log_format,
                 "text (with $JOURNAL_STREAM set: journald's <N> priority prefixes, no timestamps), or json (one "
                 "object a line: time, level, msg, and while a cause is handled its seq, cause and type)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();

  auto* schedule = app.add_subcommand("schedule", "the planned schedule")->require_subcommand(1);
  std::string csv_path, schedule_config;
  auto* import = schedule->add_subcommand(
      "import", "plan shifts from a CSV file (header user_id,start,end; local times such as 2026-11-28T09:00)");
  import->add_option("FILE", csv_path, "the CSV file")->required();
  import->add_option("--config", schedule_config, "the bot's config file (for its database and zone)");
  auto* list = schedule->add_subcommand("list", "print the shifts planned from yesterday on");
  list->add_option("--config", schedule_config, "the bot's config file (for its database and zone)");

  std::string check_path = "/etc/dutybot/config.json";
  auto* check = app.add_subcommand(
      "check-config", "check the config and every file it names; print every problem; exit 0 when good, 2 when not");
  check->add_option("--config", check_path, "the config file")->capture_default_str();

  std::string backup_file, backup_config;
  auto* backup = app.add_subcommand(
      "backup", "write a consistent copy of the bot's database, also while the bot runs (restore: README)");
  backup->add_option("FILE", backup_file, "the new file (never overwritten)")->required();
  backup->add_option("--config", backup_config, "the bot's config file (for its database)");

  ParseDutyArgs parse_duty;
  auto* parse = app.add_subcommand("parse-duty", "read the end of a duty from «Дежурю до …» as the bot would");
  parse->add_option("--now", parse_duty.now, "the moment the message is read at, ISO-8601 with an offset or Z")
      ->required();
  parse->add_option("--tz", parse_duty.tz, "the writer's IANA zone")->capture_default_str();
  parse->add_option("TEXT", parse_duty.text, "the message; none: one message a line from standard input");

  if (auto stop = parse_command_line(app, argc, argv)) return *stop;

  try {
    if (*parse) return cmd_parse_duty(parse_duty);
    if (*import) return cmd_schedule_import(csv_path, schedule_config);
    if (*list) return cmd_schedule_list(schedule_config);
    if (*backup) return cmd_backup(backup_file, backup_config);
    if (*check) return cmd_check_config(check_path);
    return cmd_run(config_path, log_level, log_format == "json" ? LogFormat::json : LogFormat::text);
  } catch (const storage::DbError& e) {
    std::cerr << "dutybot: database error: " << e.what() << "\n";
    return kFailure;
  } catch (const std::exception& e) {
    std::cerr << "dutybot: " << e.what() << "\n";
    return kUsageError;
  }
}
}  // namespace

int main(int argc, char** argv) { return guarded_main("dutybot", run, argc, argv, kFailure); }
