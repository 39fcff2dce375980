#pragma once
// Test support: the real dutybot and dutybot-sandbox processes on 127.0.0.1, with a test directory and config.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <csignal>

#include <date/tz.h>
#include <string>

#include "sandbox/person_client.h"
#include "support/process.h"

namespace dutybot::testing {

inline const char* kTestDirectory = R"json({
  "bot": {"id": "dutybot", "name": "Дежурный", "token": "t-bot"},
  "users": [
    {"id": "u-anna",  "name": "Анна",  "role": "assistant",  "token": "t-anna"},
    {"id": "u-oleg",  "name": "Олег",  "role": "assistant",  "token": "t-oleg"},
    {"id": "u-boris", "name": "Борис", "role": "expert",     "token": "t-boris"},
    {"id": "u-sveta", "name": "Светлана", "role": "supervisor", "token": "t-sveta"},
    {"id": "u-ivan",  "name": "Иван",  "role": "client",     "token": "t-ivan", "phone": "+7-916-000-00-00"},
    {"id": "u-maria", "name": "Мария", "role": "client",     "token": "t-maria"}
  ],
  "chats": [
    {"id": "staff", "kind": "staff", "title": "Эксперты - общение"},
    {"id": "c-turkey", "kind": "country", "title": "Турция"},
    {"id": "c-egypt", "kind": "country", "title": "Египет"}
  ]
})json";

// A sandbox process with --data; restartable on the same port.
class LiveSandbox {
public:
  // extra: more sandbox arguments (e.g. --tls-cert/--tls-key); then URLs use wss://<host for URLs>.
  explicit LiveSandbox(const TempDir& dir, std::vector<std::string> extra = {}, std::string url_host = "")
      : dir_(dir), extra_(std::move(extra)), url_host_(std::move(url_host)) {
    write_file(dir.file("directory.json"), kTestDirectory);
    start("127.0.0.1:0");
  }
  void start(const std::string& listen) {
    std::vector<std::string> argv{SANDBOX_BIN,
                                  "--listen",
                                  listen,
                                  "--directory",
                                  dir_.file("directory.json"),
                                  "--data",
                                  dir_.file("sandbox.db"),
                                  "--heartbeat-ms",
                                  "5000"};
    argv.insert(argv.end(), extra_.begin(), extra_.end());
    proc_ = std::make_unique<ChildProcess>(argv, std::map<std::string, std::string>{}, dir_.file("sandbox.log"));
    auto line = proc_->read_line(std::chrono::seconds(10));
    if (!line || line->rfind("listening on ", 0) != 0) throw std::runtime_error("sandbox did not start");
    address_ = line->substr(13);
  }
  void kill9() {
    proc_->signal(SIGKILL);
    proc_->wait(std::chrono::seconds(5));
  }
  void restart_same_port() { start(address_); }
  std::string url(const std::string& path) const {
    if (url_host_.empty()) return "ws://" + address_ + path;
    return "wss://" + url_host_ + address_.substr(address_.rfind(':')) + path;
  }
  std::string ca_file;  // for people's wss:// connections

  std::unique_ptr<sandbox::PersonClient> person(const std::string& token, std::int64_t after = 1LL << 60) {
    sandbox::ConnectError err;
    auto c = sandbox::PersonClient::connect(url("/client/v1"), token, &err, after, ca_file);
    if (!c) throw std::runtime_error("person connect failed: " + err.message);
    return c;
  }

private:
  const TempDir& dir_;
  std::vector<std::string> extra_;
  std::string url_host_;
  std::unique_ptr<ChildProcess> proc_;
  std::string address_;
};

// The bot process with a config pointing at the sandbox.
class LiveBot {
public:
  // ca_file: messenger.ca_file, when set; extra: more top-level config, starting with a comma.
  LiveBot(const TempDir& dir, const std::string& url, const std::string& ca_file = "", const std::string& extra = "",
          std::map<std::string, std::string> env = {})
      : dir_(dir), env_(std::move(env)) {
    env_["DUTYBOT_TOKEN"] = "t-bot";
    std::string messenger = R"({"url": ")" + url + "\"";
    if (!ca_file.empty()) messenger += R"(, "ca_file": ")" + ca_file + "\"";
    messenger += "}";
    // The HTTP listener (console, metrics) on a free port unless the test names one: tests run side by side.
    const std::string http =
        extra.find("\"http\"") == std::string::npos ? ",\n  \"http\": {\"listen\": \"127.0.0.1:0\"}" : "";
    write_file(dir.file("bot.json"),
               "{\n  // test config\n  \"messenger\": " + messenger + ",\n  \"db\": \"" + dir.file("bot.db") +
                   "\",\n  \"reconnect\": {\"initial_s\": 0.2, \"max_s\": 1}" + http + extra + "\n}\n");
    start();
  }
  void start() {
    proc_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{DUTYBOT_BIN, "--config", dir_.file("bot.json"), "--log-level", "debug"}, env_,
        dir_.file("bot.log"));
  }
  ChildProcess& process() { return *proc_; }
  std::string log() const { return read_file(dir_.file("bot.log")); }

private:
  const TempDir& dir_;
  std::map<std::string, std::string> env_;
  std::unique_ptr<ChildProcess> proc_;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
inline unsigned short free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("bind failed");
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// "HH:MM" in Moscow, `minutes_ahead` from now, rounded down to a multiple of 5 minutes.
inline std::string moscow_clock_in(int minutes_ahead) {
  auto t =
      std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now()) + std::chrono::minutes(minutes_ahead);
  auto local = date::make_zoned(date::locate_zone("Europe/Moscow"), t).get_local_time();
  auto mins = std::chrono::floor<std::chrono::minutes>(local);
  mins -= std::chrono::minutes(date::floor<std::chrono::minutes>(mins.time_since_epoch()).count() % 5);
  // Midnight is «24:00» in the bot's confirmations (the end of that day), so a test run two hours before midnight
  // would expect the wrong spelling: it takes 23:55 instead.
  if (date::format("%H:%M", mins) == "00:00") mins -= std::chrono::minutes(5);
  return date::format("%H:%M", mins);
}

}  // namespace dutybot::testing
