// dutybot-sandbox: the messenger emulator (serve), and a person at a terminal (say, tail).
#include <csignal>
#include <cstdlib>
#include <iostream>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "core/command_line.h"
#include "core/url.h"
#include "sandbox/directory.h"
#include "sandbox/person_client.h"
#include "sandbox/server.h"
#include "sandbox/state.h"

using namespace dutybot;

namespace {

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

// What every person's command needs: where the messenger is, and who you are.
struct PersonArgs {
  std::string url = "ws://127.0.0.1:8765/client/v1";
  std::string token;
  std::string ca_file;
};

void add_person_options(CLI::App* cmd, PersonArgs& person) {
  cmd->add_option("--url", person.url, "the messenger's client endpoint")->capture_default_str();
  cmd->add_option("--token", person.token, "whose token to use")->envname("DUTYBOT_SANDBOX_TOKEN")->required();
  cmd->add_option("--ca-file", person.ca_file, "a PEM file of CAs to trust for wss://");
}

std::unique_ptr<sandbox::PersonClient> connect_person(const PersonArgs& person,
                                                      std::int64_t after = std::numeric_limits<std::int64_t>::max() /
                                                                           2) {
  sandbox::ConnectError err;
  auto c = sandbox::PersonClient::connect(person.url, person.token, &err, after, person.ca_file);
  if (!c) throw std::runtime_error(err.message);
  return c;
}

int print_result(const proto::Result& r) {
  if (r.ok) {
    if (!r.request_id.empty())
      std::cout << "ok " << r.request_id << "\n";
    else
      std::cout << "ok " << r.message_id << (r.chat_id.empty() ? "" : " in " + r.chat_id) << "\n";
    return 0;
  }
  std::cout << "error: " << (r.error ? r.error->code + " " + r.error->message : "unknown") << "\n";
  return 1;
}

int cmd_tail(const PersonArgs& person, std::int64_t after) {
  auto c = connect_person(person, after);
  std::cout << "connected as " << c->hello().me.name << " (" << c->hello().me.id << ")" << std::endl;
  for (;;) {
    auto e = c->next_event(std::chrono::seconds(3600));
    if (!e) continue;
    std::cout << describe(*e) << std::endl;
    c->ack(e->seq);
  }
}

// The messenger itself: `dutybot-sandbox` with no command.
struct ServeArgs {
  std::string listen = "127.0.0.1:8765";
  std::string directory;
  std::string data;
  std::optional<std::int64_t> heartbeat_ms;
  std::string tls_cert;
  std::string tls_key;
  std::string log_level = "info";
  std::string chaos;
  std::string calls_hook;  // the bot's /hooks/calls, for the browser chat's missed-call button
};

int cmd_serve(const ServeArgs& args) {
  spdlog::set_level(spdlog::level::from_str(args.log_level));
  const HostPort address = split_host_port(args.listen);
  sandbox::Directory dir = sandbox::load_directory_or_demo(args.directory);
  SystemClock clock;
  sandbox::State state(std::move(dir), args.data, clock);
  boost::asio::io_context io;
  sandbox::ServerOptions opt;
  opt.host = address.host;
  opt.port = address.port;
  if (args.heartbeat_ms) opt.heartbeat = std::chrono::milliseconds(*args.heartbeat_ms);
  opt.tls_cert = args.tls_cert;
  opt.tls_key = args.tls_key;
  opt.chaos = sandbox::parse_chaos(args.chaos);
  if (!args.calls_hook.empty()) {
    const char* secret = std::getenv("DUTYBOT_HOOK_SECRET");
    if (!secret || !*secret) throw std::runtime_error("--calls-hook needs the webhook secret in $DUTYBOT_HOOK_SECRET");
    opt.calls_hook_url = args.calls_hook;
    opt.calls_hook_secret = secret;
  }
  sandbox::Server server(io, state, opt);
  // The first line is a contract (tests and scripts read the port from it); the chat's address follows.
  std::cout << "listening on " << address.host << ":" << server.port() << "\n"
            << "the browser chat: " << (server.tls() ? "https://" : "http://") << address.host << ":" << server.port()
            << "/" << std::endl;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    server.stop();
    io.stop();
  });
  io.run();
  return 0;
}

int run(int argc, char** argv) {
  CLI::App app{"dutybot-sandbox: the messenger emulator (with no command), and a person at a terminal.",
               "dutybot-sandbox"};
  configure_app(app);
  ServeArgs serve;
  app.add_option("--listen", serve.listen, "HOST:PORT to serve on (port 0: a free one)")->capture_default_str();
  app.add_option("--directory", serve.directory, "a directory file of bot, people and chats; none: the demo");
  app.add_option("--data", serve.data, "the SQLite file for seqs, messages and requests; none: in memory");
  app.add_option("--heartbeat-ms", serve.heartbeat_ms, "the heartbeat interval announced in hello")
      ->check(CLI::PositiveNumber);
  app.add_option("--tls-cert", serve.tls_cert, "PEM certificate chain: serve wss://")
      ->needs(app.add_option("--tls-key", serve.tls_key, "PEM private key of --tls-cert"));
  add_log_level_option(app, serve.log_level);
  app.add_option("--chaos", serve.chaos,
                 "misbehave towards bots: no-heartbeat-ack,garbage,rate-limit-odd,replay-skip,reconnect,oversize");
  app.add_option("--calls-hook", serve.calls_hook,
                 "the bot's calls webhook (http://HOST:PORT/hooks/calls): the browser chat's missed-call button "
                 "posts there, signed with $DUTYBOT_HOOK_SECRET");

  PersonArgs person;
  std::string text;
  auto* say = app.add_subcommand("say", "post a message as a person");
  add_person_options(say, person);
  proto::Send send;
  auto* where = say->add_option_group("where", "where to post: exactly one of --chat and --to");
  where->add_option("--chat", send.chat_id, "the chat to post in");
  where->add_option("--to", send.to_user, "post in the direct chat with this user id");
  where->require_option(1);
  say->add_option("--reply-to", send.reply_to, "the message id this answers");
  say->add_option("TEXT", text, "the message (quote it)")->required();

  auto* tail = app.add_subcommand("tail", "print every event a person sees, live");
  add_person_options(tail, person);
  std::int64_t after = std::numeric_limits<std::int64_t>::max() / 2;
  tail->add_option("--after", after, "replay from after this seq (default: live only)");

  auto* request = app.add_subcommand("request", "create a request as a client");
  add_person_options(request, person);
  proto::RequestCreate create;
  create.source = "site";
  request->add_option("--source", create.source, "where it came from")
      ->check(CLI::IsMember({"site", "app", "search"}))
      ->capture_default_str();
  request->add_option("--from-search", create.from_search, "whether the tour was picked in the search (true|false)");
  request->add_option("--prepaid", create.prepaid_rub, "the prepayment in rubles")->check(CLI::NonNegativeNumber);
  request->add_option("--expert", create.expert_id, "the expert's user id");
  request->add_option("TEXT", text, "the request's text (quote it)")->required();

  auto* request_say = app.add_subcommand("request-say", "write a message in a request");
  add_person_options(request_say, person);
  std::string request_id;
  request_say->add_option("--id", request_id, "the request's id")->required();
  request_say->add_option("TEXT", text, "the message (quote it)")->required();

  auto* request_update = app.add_subcommand("request-update", "change a request's status or «Напоминание» (staff)");
  add_person_options(request_update, person);
  proto::RequestUpdate update;
  request_update->add_option("--id", update.request_id, "the request's id")->required();
  request_update->add_option("--status", update.status, "new|in_progress|waiting_client|booked|closed");
  request_update->add_option("--reminder", update.reminder, "the «Напоминание» text");
  request_update->add_option("--assistant", update.assistant_id, "the assistant's user id");
  request_update->add_option("--expert", update.expert_id, "the expert's user id");
  app.require_subcommand(0, 1);

  if (auto stop = parse_command_line(app, argc, argv)) return *stop;

  try {
    if (*say) {
      send.req_id = "say-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
      send.text = text;
      return print_result(connect_person(person)->send(send));
    }
    if (*tail) return cmd_tail(person, after);
    if (*request) {
      create.text = text;
      return print_result(connect_person(person)->create_request(create));
    }
    if (*request_say) return print_result(connect_person(person)->post_in_request(request_id, text));
    if (*request_update) return print_result(connect_person(person)->update_request(update));
    return cmd_serve(serve);
  } catch (const std::exception& e) {
    std::cerr << "dutybot-sandbox: " << e.what() << "\n";
    const bool person_command = *say || *tail || *request || *request_say || *request_update;
    return person_command ? 1 : 2;  // a person's command that failed; the server that could not start
  }
}
}  // namespace

int main(int argc, char** argv) { return guarded_main("dutybot-sandbox", run, argc, argv, 1); }
