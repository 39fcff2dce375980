// dutybot-sandbox: the messenger emulator (serve), and a person at a terminal (say, tail).
#include <csignal>
#include <cstdlib>
#include <iostream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>

#include "bot/cli_args.h"
#include "sandbox/directory.h"
#include "sandbox/person_client.h"
#include "sandbox/server.h"
#include "sandbox/state.h"

using namespace dutybot;

namespace {

const char* kUsage =
    "usage:\n"
    "  dutybot-sandbox [--listen HOST:PORT] [--directory FILE] [--data FILE] [--heartbeat-ms N]\n"
    "                  [--tls-cert FILE --tls-key FILE] [--log-level LEVEL]\n"
    "                  [--chaos no-heartbeat-ack,garbage,rate-limit-odd,replay-skip,reconnect,oversize]\n"
    "  dutybot-sandbox say --url URL --token TOKEN (--chat ID | --to USER) [--reply-to MSG] TEXT\n"
    "  dutybot-sandbox tail --url URL --token TOKEN [--after SEQ] [--ca-file FILE]\n"
    "  dutybot-sandbox request --url URL --token TOKEN [--source site|app|search] [--from-search true|false]\n"
    "                  [--prepaid RUB] [--expert USER] TEXT          (a client creates a request)\n"
    "  dutybot-sandbox request-say --url URL --token TOKEN --id REQUEST TEXT   (a message in a request)\n"
    "  dutybot-sandbox request-update --url URL --token TOKEN --id REQUEST [--status S] [--reminder TEXT]\n"
    "                  [--assistant USER] [--expert USER]          (staff)\n";

std::string describe(const proto::EventFrame& f) {
  std::string line = "seq " + std::to_string(f.seq) + " ";
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, proto::MessageEvent>) {
          line += (e.edited_ts ? "edited " : "") + e.id + " [" + e.chat.id + "] " + e.from.name + " (" +
                  std::string(proto::to_string(e.from.role)) + ")";
          if (e.reply_to) line += " ↪" + *e.reply_to;
          std::string text = e.text;
          for (auto& c : text)
            if (c == '\n') c = ' ';
          line += ": " + text;
        } else if constexpr (std::is_same_v<T, proto::MessageDeletedEvent>) {
          line += "deleted " + e.id + " [" + e.chat.id + "]";
        } else if constexpr (std::is_same_v<T, proto::MemberEvent>) {
          line += "member " + e.user.id + " " + e.user.name + " (" + std::string(proto::to_string(e.user.role)) + ")";
        } else if constexpr (std::is_same_v<T, proto::ChatEvent>) {
          line += "chat " + e.chat.id + " " + e.chat.title;
        } else if constexpr (std::is_same_v<T, proto::RequestEvent>) {
          const auto& r = e.request;
          line += "request " + r.id + " [" + r.status + "] " + r.client.name + " " + r.client_phone + " (" + r.source +
                  ")" + (r.reminder.empty() ? "" : " «" + r.reminder + "»") + ": " + r.text;
        } else if constexpr (std::is_same_v<T, proto::RequestMessageEvent>) {
          line += "request_message " + e.id + " [" + e.request_id + "] " + e.from.name + " (" +
                  std::string(proto::to_string(e.from.role)) + ")" + (e.to ? " → " + e.to->name : "") + ": " + e.text;
        } else {
          line += "event " + e.type;
        }
      },
      f.event.body);
  return line;
}

std::string token_from(const CliArgs& args) {
  if (auto t = args.get("token")) return *t;
  if (const char* env = std::getenv("DUTYBOT_SANDBOX_TOKEN")) return env;
  throw std::runtime_error("--token is required (or env DUTYBOT_SANDBOX_TOKEN)");
}

std::unique_ptr<sandbox::PersonClient> connect_person(const CliArgs& args) {
  sandbox::ConnectError err;
  auto c = sandbox::PersonClient::connect(args.get_or("url", "ws://127.0.0.1:8765/client/v1"), token_from(args), &err,
                                          /*after_seq=*/std::numeric_limits<std::int64_t>::max() / 2,
                                          args.get_or("ca-file", ""));
  if (!c) {
    std::cerr << "error: " << err.message << "\n";
    std::exit(1);
  }
  return c;
}

int print_result(const proto::Result& r) {
  if (r.ok) {
    if (!r.request_id.empty()) std::cout << "ok " << r.request_id << "\n";
    else std::cout << "ok " << r.message_id << (r.chat_id.empty() ? "" : " in " + r.chat_id) << "\n";
    return 0;
  }
  std::cout << "error: " << (r.error ? r.error->code + " " + r.error->message : "unknown") << "\n";
  return 1;
}

std::string one_text(const CliArgs& args, const char* cmd) {
  if (args.positional().size() != 2) throw std::runtime_error(std::string(cmd) + " takes exactly one TEXT argument (quote it)");
  return args.positional()[1];
}

int cmd_say(const CliArgs& args) {
  args.require_known({"url", "token", "chat", "to", "reply-to", "ca-file"});
  proto::Send s;
  s.req_id = "say-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
  s.chat_id = args.get("chat");
  s.to_user = args.get("to");
  if (s.chat_id.has_value() == s.to_user.has_value()) throw std::runtime_error("give exactly one of --chat and --to");
  s.reply_to = args.get("reply-to");
  s.text = one_text(args, "say");
  return print_result(connect_person(args)->send(s));
}

int cmd_request(const CliArgs& args) {
  args.require_known({"url", "token", "source", "from-search", "prepaid", "expert", "ca-file"});
  proto::RequestCreate c;
  c.source = args.get_or("source", "site");
  c.from_search = args.get_or("from-search", "false") == "true";
  try {
    c.prepaid_rub = std::stoll(args.get_or("prepaid", "0"));
  } catch (const std::exception&) {
    throw std::runtime_error("--prepaid must be a whole number of rubles");
  }
  c.expert_id = args.get("expert");
  c.text = one_text(args, "request");
  return print_result(connect_person(args)->create_request(c));
}

int cmd_request_say(const CliArgs& args) {
  args.require_known({"url", "token", "id", "ca-file"});
  if (!args.get("id")) throw std::runtime_error("--id REQUEST is required");
  return print_result(connect_person(args)->post_in_request(*args.get("id"), one_text(args, "request-say")));
}

int cmd_request_update(const CliArgs& args) {
  args.require_known({"url", "token", "id", "status", "reminder", "assistant", "expert", "ca-file"});
  if (!args.get("id")) throw std::runtime_error("--id REQUEST is required");
  proto::RequestUpdate u;
  u.request_id = *args.get("id");
  u.status = args.get("status");
  u.reminder = args.get("reminder");
  u.assistant_id = args.get("assistant");
  u.expert_id = args.get("expert");
  return print_result(connect_person(args)->update_request(u));
}

int cmd_tail(const CliArgs& args) {
  args.require_known({"url", "token", "after", "ca-file"});
  std::int64_t after = std::numeric_limits<std::int64_t>::max() / 2;  // live only
  if (auto a = args.get("after")) after = std::stoll(*a);
  sandbox::ConnectError err;
  auto c = sandbox::PersonClient::connect(args.get_or("url", "ws://127.0.0.1:8765/client/v1"), token_from(args), &err,
                                          after, args.get_or("ca-file", ""));
  if (!c) {
    std::cerr << "error: " << err.message << "\n";
    return 1;
  }
  std::cout << "connected as " << c->hello().me.name << " (" << c->hello().me.id << ")" << std::endl;
  for (;;) {
    auto e = c->next_event(std::chrono::seconds(3600));
    if (!e) continue;
    std::cout << describe(*e) << std::endl;
    c->ack(e->seq);
  }
}

int cmd_serve(const CliArgs& args) {
  args.require_known({"listen", "directory", "data", "heartbeat-ms", "tls-cert", "tls-key", "log-level", "chaos"});
  spdlog::set_level(spdlog::level::from_str(args.get_or("log-level", "info")));
  auto [host, port] = split_host_port(args.get_or("listen", "127.0.0.1:8765"));
  sandbox::Directory dir = args.get("directory") ? sandbox::load_directory(*args.get("directory"))
                                                 : sandbox::demo_directory();
  SystemClock clock;
  sandbox::State state(std::move(dir), args.get_or("data", ""), clock);
  boost::asio::io_context io;
  sandbox::ServerOptions opt;
  opt.host = host;
  opt.port = port;
  if (auto hb = args.get("heartbeat-ms")) opt.heartbeat = std::chrono::milliseconds(std::stoll(*hb));
  opt.tls_cert = args.get_or("tls-cert", "");
  opt.tls_key = args.get_or("tls-key", "");
  opt.chaos = sandbox::parse_chaos(args.get_or("chaos", ""));
  sandbox::Server server(io, state, opt);
  std::cout << "listening on " << host << ":" << server.port() << std::endl;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    server.stop();
    io.stop();
  });
  io.run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string cmd = argc > 1 ? argv[1] : "";
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
      std::cout << kUsage;
      return 0;
    }
    if (cmd == "say") return cmd_say(CliArgs(argc, argv, 1));
    if (cmd == "tail") return cmd_tail(CliArgs(argc, argv, 2));
    if (cmd == "request") return cmd_request(CliArgs(argc, argv, 1));
    if (cmd == "request-say") return cmd_request_say(CliArgs(argc, argv, 1));
    if (cmd == "request-update") return cmd_request_update(CliArgs(argc, argv, 1));
    CliArgs args(argc, argv, 1);
    if (!args.positional().empty()) throw std::runtime_error("unknown command '" + args.positional()[0] + "'");
    return cmd_serve(args);
  } catch (const std::exception& e) {
    std::cerr << "dutybot-sandbox: " << e.what() << "\n" << kUsage;
    return 2;
  }
}
