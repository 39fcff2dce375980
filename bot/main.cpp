// dutybot: the bot (run), and its tools (parse-duty).
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <date/tz.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "bot/cli_args.h"
#include "bot/config.h"
#include "bot/engine.h"
#include "bot/gateway_client.h"
#include "handlers/duty/duty_time.h"
#include "handlers/handler.h"
#include "sandbox/directory.h"
#include "sandbox/server.h"
#include "sandbox/state.h"
#include "storage/bot_store.h"

using namespace dutybot;

namespace {

const char* kUsage =
    "usage:\n"
    "  dutybot [--config FILE] [--log-level trace|debug|info|warn|error]\n"
    "  dutybot parse-duty --now ISO-8601 [--tz ZONE] [TEXT]   (no TEXT: one message a line from stdin)\n";

enum Exit { kOk = 0, kFailure = 1, kUsageError = 2, kAuthFailed = 3 };

const date::time_zone* zone_or_throw(const std::string& name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    throw std::runtime_error("unknown time zone '" + name + "' (expected an IANA name such as Europe/Moscow)");
  }
}

int cmd_parse_duty(const CliArgs& args) {
  args.require_known({"now", "tz"});
  auto now_text = args.get("now");
  if (!now_text) throw std::runtime_error("parse-duty needs --now ISO-8601 (with an offset or Z)");
  auto now = parse_utc(*now_text);
  if (!now) throw std::runtime_error("cannot read --now '" + *now_text + "': use e.g. 2026-11-27T15:00:00+03:00");
  const date::time_zone* zone = zone_or_throw(args.get_or("tz", "Europe/Moscow"));
  auto answer = [&](const std::string& text) -> std::pair<std::string, bool> {
    auto r = duty::read_duty_end(text, *now, zone);
    if (auto* e = std::get_if<duty::DutyTimeError>(&r)) return {"error: " + e->reason, false};
    const auto& end = std::get<duty::DutyEnd>(r);
    auto local = date::make_zoned(end.zone, std::chrono::time_point_cast<std::chrono::seconds>(end.end));
    return {date::format("%FT%T%Ez", local), true};
  };
  const auto& pos = args.positional();
  if (pos.size() > 1) throw std::runtime_error("parse-duty takes one TEXT (quote it)");
  if (pos.size() == 1) {
    auto [line, ok] = answer(pos[0]);
    std::cout << line << "\n";
    return ok ? kOk : kFailure;
  }
  std::string line;
  while (std::getline(std::cin, line)) std::cout << answer(line).first << "\n";
  return kOk;
}

std::filesystem::path own_dir() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path(".") : p.parent_path();
}

void print_how_to_talk(const std::string& client_url) {
  const std::string say = (own_dir() / "dutybot-sandbox").string() + " say --url " + client_url;
  std::cout << "dutybot is up on the embedded sandbox messenger at " << client_url << "\n"
            << "Talk to it from another terminal (demo tokens: assistants demo-anna, demo-oleg; experts demo-boris,\n"
            << "demo-vera; supervisor demo-sveta; clients demo-ivan, demo-maria, demo-petr):\n"
            << "  " << say << " --token demo-anna --chat staff \"Дежурю до 21:00\"\n"
            << "  " << say << " --token demo-boris --chat staff \"кто дежурит?\"\n"
            << "  " << say << " --token demo-anna --to dutybot \"/помощь\"\n"
            << "  " << (own_dir() / "dutybot-sandbox").string() << " tail --url " << client_url
            << " --token demo-boris   (watch the replies)\n"
            << "Stop with Ctrl-C." << std::endl;
}

int cmd_run(const CliArgs& args) {
  args.require_known({"config", "log-level"});
  auto logger = spdlog::stderr_color_mt("dutybot");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(args.get_or("log-level", "info")));

  Config cfg = args.get("config") ? load_config(*args.get("config")) : Config{};
  const date::time_zone* zone = zone_or_throw(cfg.timezone);

  storage::BotStore store(cfg.db);
  SystemClock clock;
  handlers::Router router = handlers::make_router();
  handlers::Settings settings;
  settings.zone = zone;
  if (!cfg.staff_chat.empty()) settings.staff_chat = cfg.staff_chat;
  settings.unanswered = {cfg.unanswered.first_nudge, cfg.unanswered.repeat, cfg.unanswered.escalate};
  settings.coverage = handlers::Coverage::from_spec(cfg.coverage.hours, cfg.coverage.holidays);
  Engine engine(store, router, settings, clock);

  boost::asio::io_context io;
  std::unique_ptr<sandbox::State> sandbox_state;
  std::unique_ptr<sandbox::Server> sandbox_server;
  GatewayOptions gw;
  if (cfg.embedded()) {
    // No messenger configured: start the sandbox in-process, with its state in a file beside the bot's database.
    auto [host, port] = split_host_port(cfg.sandbox.listen);
    std::string data = cfg.sandbox.data;
    if (data.empty()) {
      std::filesystem::path db(cfg.db);
      data = (db.parent_path() / (db.stem().string() + "-sandbox.db")).string();
    }
    auto dir = cfg.sandbox.directory.empty() ? sandbox::demo_directory() : sandbox::load_directory(cfg.sandbox.directory);
    gw.token = dir.bot.token;
    sandbox_state = std::make_unique<sandbox::State>(std::move(dir), data, clock);
    sandbox::ServerOptions so;
    so.host = host;
    so.port = port;
    sandbox_server = std::make_unique<sandbox::Server>(io, *sandbox_state, so);
    const std::string base = "ws://" + host + ":" + std::to_string(sandbox_server->port());
    gw.url = base + "/bot/v1";
    print_how_to_talk(base + "/client/v1");
  } else {
    gw.url = cfg.messenger.url;
    gw.token = load_token(cfg);
    gw.ca_file = cfg.messenger.ca_file;
    gw.insecure_skip_verify = cfg.messenger.insecure_skip_verify;
  }
  gw.backoff_initial = cfg.reconnect.initial;
  gw.backoff_max = cfg.reconnect.max;
  gw.stable_after = cfg.reconnect.stable;

  GatewayClient client(io, gw, engine);
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
    if (sandbox_server) sandbox_server->stop();
    io.stop();
  });
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    spdlog::info("signal {}: closing the link and stopping", sig);
    client.stop();
    // Whatever is still open after 5 s does not hold the exit.
    deadline.expires_after(std::chrono::milliseconds(4500));
    deadline.async_wait([&](const boost::system::error_code& e) {
      if (!e) io.stop();
    });
  });
  io.run();
  spdlog::info("stopped; handled {} events, {} duplicates skipped", engine.stats().handled, engine.stats().duplicates);
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string cmd = argc > 1 ? argv[1] : "";
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
      std::cout << kUsage;
      return kOk;
    }
    if (cmd == "parse-duty") return cmd_parse_duty(CliArgs(argc, argv, 2));
    CliArgs args(argc, argv, 1);
    if (!args.positional().empty()) throw std::runtime_error("unknown command '" + args.positional()[0] + "'");
    return cmd_run(args);
  } catch (const storage::DbError& e) {
    std::cerr << "dutybot: database error: " << e.what() << "\n";
    return kFailure;
  } catch (const std::exception& e) {
    std::cerr << "dutybot: " << e.what() << "\n";
    return kUsageError;
  }
}
