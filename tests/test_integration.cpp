// The real bot and the real sandbox, as processes on 127.0.0.1: what a person in the messenger sees.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include "core/call_hook.h"
#include "support/http_post.h"
#include "support/live_setup.h"

using namespace dutybot;
using namespace dutybot::testing;
using namespace std::chrono_literals;
using Catch::Contains;

namespace {

bool from_bot_replying_to(const proto::MessageEvent& m, const std::string& id) {
  return m.from.role == proto::Role::bot && m.reply_to == std::optional<std::string>(id);
}

// A direct message from the bot that contains `needle`.
std::function<bool(const proto::MessageEvent&)> bot_dm_with(std::string needle) {
  return [needle](const proto::MessageEvent& m) {
    return m.from.role == proto::Role::bot && m.chat.kind == proto::ChatKind::direct &&
           m.text.find(needle) != std::string::npos;
  };
}

// Asks «кто дежурит?» until the bot answers (it may still be connecting); returns the answer.
std::string ask_who(sandbox::PersonClient& boris, std::chrono::seconds patience = 15s) {
  auto deadline = std::chrono::steady_clock::now() + patience;
  while (std::chrono::steady_clock::now() < deadline) {
    auto q = boris.post("staff", "кто дежурит?");
    REQUIRE(q.ok);
    if (auto a = boris.wait_message([&](auto& m) { return from_bot_replying_to(m, q.message_id); }, 3s)) return a->text;
  }
  FAIL("the bot never answered «кто дежурит?»");
  return {};
}

}  // namespace

TEST_CASE("duty end to end: declare, ask, a client changes nothing, restart keeps it and answers nothing twice") {
  TempDir dir;
  LiveSandbox sandbox(dir);
  LiveBot bot(dir, sandbox.url("/bot/v1"));
  auto anna = sandbox.person("t-anna");
  auto boris = sandbox.person("t-boris");
  auto ivan = sandbox.person("t-ivan");

  CHECK(ask_who(*boris) == "Сейчас никто не дежурит.");

  const std::string end = moscow_clock_in(120);
  auto declared = anna->post("staff", "Дежурю до " + end);
  REQUIRE(declared.ok);
  auto confirm = anna->wait_message([&](auto& m) { return from_bot_replying_to(m, declared.message_id); }, 10s);
  REQUIRE(confirm);
  CHECK_THAT(confirm->text, Contains("Анна") && Contains("до " + end));
  CHECK(confirm->chat.id == "staff");

  CHECK_THAT(ask_who(*boris), Contains("Сейчас дежурит Анна — до " + end));

  // A client's declaration in a country chat: no reply, no duty.
  auto client_says = ivan->post("c-turkey", "Дежурю до 20:00");
  REQUIRE(client_says.ok);
  CHECK_FALSE(ivan->wait_message([&](auto& m) { return from_bot_replying_to(m, client_says.message_id); }, 2s));
  auto who = ask_who(*boris);
  CHECK_THAT(who, Contains("Анна") && !Contains("Иван"));

  // Restart the bot gracefully: SIGTERM closes with 1000 and exits 0 within 5 s.
  bot.process().signal(SIGTERM);
  auto code = bot.process().wait(5s);
  REQUIRE(code);
  CHECK(*code == 0);
  bot.start();
  CHECK_THAT(ask_who(*boris), Contains("Сейчас дежурит Анна — до " + end));

  // Then a crash: kill -9 and start again.
  bot.process().signal(SIGKILL);
  bot.process().wait(5s);
  bot.start();
  CHECK_THAT(ask_who(*boris), Contains("Анна"));

  // From the whole history: every message got at most one reply from the bot.
  auto observer = sandbox.person("t-sveta", 0);
  std::map<std::string, int> replies;
  while (auto e = observer->next_event(1s)) {
    if (auto* m = std::get_if<proto::MessageEvent>(&e->event.body);
        m && m->from.role == proto::Role::bot && m->reply_to)
      ++replies[*m->reply_to];
  }
  CHECK(replies.size() >= 5);
  for (const auto& [msg, n] : replies) {
    INFO("message " << msg);
    CHECK(n == 1);
  }
  CHECK(replies.count(client_says.message_id) == 0);
  CHECK(bot.log().find("t-bot") == std::string::npos);  // the token never reaches a log line
}

TEST_CASE("a refused token ends the bot with a clear message and a non-zero exit") {
  TempDir dir;
  LiveSandbox sandbox(dir);
  write_file(dir.file("bot.json"), R"({"messenger": {"url": ")" + sandbox.url("/bot/v1") + R"("}, "db": ")" +
                                       dir.file("bot.db") + R"(", "http": {"listen": "127.0.0.1:0"}})");
  ChildProcess bot({DUTYBOT_BIN, "--config", dir.file("bot.json")}, {{"DUTYBOT_TOKEN", "wrong"}}, dir.file("bot.log"));
  auto code = bot.wait(10s);
  REQUIRE(code);
  CHECK(*code == 3);
  CHECK_THAT(read_file(dir.file("bot.log")), Contains("401"));
}

TEST_CASE("the bot reconnects after the sandbox is killed and restarted on the same port") {
  TempDir dir;
  LiveSandbox sandbox(dir);
  LiveBot bot(dir, sandbox.url("/bot/v1"));
  auto boris = sandbox.person("t-boris");
  CHECK(ask_who(*boris) == "Сейчас никто не дежурит.");
  sandbox.kill9();
  sandbox.restart_same_port();
  auto boris2 = sandbox.person("t-boris");
  CHECK(ask_who(*boris2) == "Сейчас никто не дежурит.");
}

TEST_CASE("unanswered client messages over real sockets: nudge, none for answered or «спасибо», escalation, silence") {
  TempDir dir;
  LiveSandbox sandbox(dir);
  LiveBot bot(dir, sandbox.url("/bot/v1"), "",
              ",\n  \"unanswered\": {\"first_nudge_s\": 2, \"repeat_s\": 3, \"escalate_s\": 4}");
  auto anna = sandbox.person("t-anna");
  auto boris = sandbox.person("t-boris");
  auto sveta = sandbox.person("t-sveta");
  auto ivan = sandbox.person("t-ivan");
  auto maria = sandbox.person("t-maria");
  ask_who(*boris);  // the bot is up

  auto declared = anna->post("staff", "Дежурю до " + moscow_clock_in(120));
  REQUIRE(anna->wait_message([&](auto& m) { return from_bot_replying_to(m, declared.message_id); }, 10s));

  REQUIRE(ivan->post("c-turkey", "Здравствуйте! Где мой ваучер?").ok);
  auto maria_q = maria->post("c-egypt", "Подскажите про визу");
  REQUIRE(maria_q.ok);
  REQUIRE(boris->post("c-egypt", "Мария, виза не нужна", maria_q.message_id).ok);
  REQUIRE(maria->post("c-turkey", "Спасибо!").ok);

  auto is_bot_dm = [](const proto::MessageEvent& m) {
    return m.from.role == proto::Role::bot && m.chat.kind == proto::ChatKind::direct;
  };
  auto nudge = anna->wait_message(is_bot_dm, 6s);
  REQUIRE(nudge);
  CHECK_THAT(nudge->text, Contains("Турция — Иван") && !Contains("Мария"));

  auto escalation = sveta->wait_message(is_bot_dm, 6s);
  REQUIRE(escalation);
  CHECK_THAT(escalation->text, Contains("Иван") && Contains("Дежурит: Анна"));

  REQUIRE(anna->post("c-turkey", "Иван, ваучер отправили на почту").ok);
  // Drain whatever was already on its way, then nothing more for longer than the repeat.
  while (anna->wait_message(is_bot_dm, 500ms)) {
  }
  CHECK_FALSE(anna->wait_message(is_bot_dm, 4s));
  while (sveta->wait_message(is_bot_dm, 200ms)) {
  }
  CHECK_FALSE(sveta->wait_message(is_bot_dm, 1s));
}

TEST_CASE("a scheduled shift over real sockets: pre-shift message, announcement, pre-end message, report, handover") {
  TempDir dir;
  LiveSandbox sandbox(dir);
  LiveBot bot(dir, sandbox.url("/bot/v1"), "", ",\n  \"shifts\": {\"pre_start_s\": 3, \"pre_end_s\": 3}");
  auto anna = sandbox.person("t-anna");
  auto boris = sandbox.person("t-boris");
  auto sveta = sandbox.person("t-sveta");
  ask_who(*boris);  // the bot is up and has met its staff

  // A shift from 5 s to 11 s from now, planned with the CLI while the bot runs.
  auto local = [](std::chrono::seconds ahead) {
    auto t = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) + ahead;
    return date::format("%Y-%m-%dT%H:%M:%S", date::make_zoned(date::locate_zone("Europe/Moscow"), t));
  };
  write_file(dir.file("plan.csv"), "user_id,start,end\nu-anna," + local(5s) + "," + local(11s) + "\n");
  REQUIRE(std::system((std::string(DUTYBOT_BIN) + " schedule import " + dir.file("plan.csv") + " --config " +
                       dir.file("bot.json") + " > " + dir.file("import.txt"))
                          .c_str()) == 0);
  CHECK_THAT(read_file(dir.file("import.txt")), Contains("1 added"));

  auto bot_dm = [](const proto::MessageEvent& m) {
    return m.from.role == proto::Role::bot && m.chat.kind == proto::ChatKind::direct;
  };
  auto pre = anna->wait_message(bot_dm, 6s);
  REQUIRE(pre);
  CHECK_THAT(pre->text, Contains("Позвоните на общий номер"));
  // The phone check, answered in reply to the pre-shift message: recorded (so no reminder at the start).
  auto checked = anna->post(pre->chat.id, "Проверила, всё ок", pre->id);
  REQUIRE(checked.ok);
  auto thanks = anna->wait_message(bot_dm, 3s);
  REQUIRE(thanks);
  CHECK_THAT(thanks->text, Contains("Записал: телефон проверен в "));
  auto announce = boris->wait_message(
      [](auto& m) { return m.from.role == proto::Role::bot && m.text.find("по графику") != std::string::npos; }, 6s);
  REQUIRE(announce);
  CHECK_THAT(announce->text, Contains("— Анна, по графику"));
  auto confirm = anna->wait_message(bot_dm, 3s);
  REQUIRE(confirm);
  CHECK_THAT(confirm->text, Contains("Подтвердите"));
  auto pre_end = anna->wait_message(bot_dm, 6s);
  REQUIRE(pre_end);
  CHECK_THAT(pre_end->text, Contains("Перед окончанием"));
  auto report = boris->wait_message(
      [](auto& m) { return m.from.role == proto::Role::bot && m.text.find("Итоги дежурства") != std::string::npos; },
      6s);
  REQUIRE(report);
  CHECK_THAT(report->text, Contains("Анна") && Contains("Дальше никто не дежурит") && Contains("Телефон проверен в "));
  auto handover = sveta->wait_message(bot_dm, 3s);
  REQUIRE(handover);
  CHECK_THAT(handover->text, Contains("никто не дежурит"));
}

TEST_CASE("a cover request over real sockets: taken by a reply, the schedule changed, the reminder to the new owner") {
  const auto* moscow = date::locate_zone("Europe/Moscow");
  auto local_now = [&] { return date::make_zoned(moscow, std::chrono::system_clock::now()).get_local_time(); };
  // «завтра» must name the same day for the test and the bot: not within minutes of midnight.
  while (true) {
    const auto since_midnight = local_now() - date::floor<date::days>(local_now());
    if (since_midnight > std::chrono::minutes(2) && since_midnight < std::chrono::hours(24) - std::chrono::minutes(5))
      break;
    std::this_thread::sleep_for(10s);
  }
  // The evening-before reminder at a moment already past today: a shift tomorrow is reminded as soon as it is planned
  // or handed over (the timed reminder at its moment is tested on a simulated clock, tests/test_cover.cpp).
  const std::string remind_at = date::format("%H:%M", date::floor<std::chrono::minutes>(local_now()) - 1min);
  const std::string tomorrow = date::format("%d.%m", date::floor<date::days>(local_now()) + date::days{1});
  TempDir dir;
  LiveSandbox sandbox(dir);
  LiveBot bot(dir, sandbox.url("/bot/v1"), "",
              ",\n  \"shifts\": {\"remind_day_before_at\": \"" + remind_at + "\", \"week_digest_at\": null}");
  auto anna = sandbox.person("t-anna");
  auto oleg = sandbox.person("t-oleg");
  auto boris = sandbox.person("t-boris");
  auto sveta = sandbox.person("t-sveta");
  ask_who(*boris);

  auto planned = sveta->post("staff", "/смена u-anna " + tomorrow + " 10:00-18:00");
  REQUIRE(planned.ok);
  REQUIRE(sveta->wait_message([&](auto& m) { return from_bot_replying_to(m, planned.message_id); }, 5s));
  auto first_reminder = anna->wait_message(bot_dm_with("Завтра у вас смена 10:00–18:00"), 5s);
  REQUIRE(first_reminder);

  auto asked = anna->post("staff", "Кто подменит меня завтра?");
  REQUIRE(asked.ok);
  auto post = boris->wait_message([&](auto& m) { return from_bot_replying_to(m, asked.message_id); }, 5s);
  REQUIRE(post);
  CHECK_THAT(post->text, Contains("Анна ищет замену") && Contains("10:00–18:00") && Contains("ответьте «беру»"));

  auto taken = oleg->post("staff", "беру", post->id);
  REQUIRE(taken.ok);
  auto done = boris->wait_message(
      [](auto& m) { return m.from.role == proto::Role::bot && m.text.find("✅ Замена") != std::string::npos; }, 5s);
  REQUIRE(done);
  CHECK_THAT(done->text, Contains("Анна → Олег"));
  CHECK(anna->wait_message(bot_dm_with("Вас подменяет Олег"), 5s));
  CHECK(sveta->wait_message(bot_dm_with("Замена в графике: Анна → Олег"), 5s));
  CHECK(oleg->wait_message(bot_dm_with("теперь ваша"), 5s));
  // The reminder ahead now goes to the new owner.
  auto reminder = oleg->wait_message(bot_dm_with("у вас смена"), 5s);
  REQUIRE(reminder);
  CHECK_THAT(reminder->text, Contains("Завтра у вас смена 10:00–18:00"));

  // The schedule shows the new owner, in the chat and on the command line.
  auto list = boris->post("staff", "/график");
  REQUIRE(list.ok);
  auto shown = boris->wait_message([&](auto& m) { return from_bot_replying_to(m, list.message_id); }, 5s);
  REQUIRE(shown);
  CHECK_THAT(shown->text, Contains("• Олег 10:00–18:00"));
  REQUIRE(std::system((std::string(DUTYBOT_BIN) + " schedule list --config " + dir.file("bot.json") + " > " +
                       dir.file("list.txt"))
                          .c_str()) == 0);
  const std::string cli = read_file(dir.file("list.txt"));
  CHECK_THAT(cli, Contains("u-oleg  Олег"));
  CHECK(cli.find("u-anna") == std::string::npos);
}

TEST_CASE("logs for journald (priority prefixes, no timestamps) and for log shippers (one JSON object a line)") {
  TempDir dir;
  LiveSandbox sandbox(dir);
  auto wait_for = [](const std::function<std::string()>& log, const std::string& needle) {
    for (int i = 0; i < 100 && log().find(needle) == std::string::npos; ++i) std::this_thread::sleep_for(100ms);
    return log().find(needle) != std::string::npos;
  };
  auto lines_of = [](const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) out.push_back(line);
    return out;
  };
  {
    LiveBot bot(dir, sandbox.url("/bot/v1"), "", "", {{"JOURNAL_STREAM", "8:12345"}});
    REQUIRE(wait_for([&] { return bot.log(); }, "connected as"));
    bot.process().signal(SIGTERM);
    bot.process().wait(5s);
    bool info = false, warning = false;
    for (const auto& line : lines_of(bot.log())) {
      INFO(line);
      REQUIRE(line.size() > 3);
      CHECK((line[0] == '<' && line[2] == '>' && std::string("234567").find(line[1]) != std::string::npos));
      CHECK(line.find("[20") == std::string::npos);  // journald stamps lines itself
      info = info || (line.rfind("<6>connected as", 0) == 0);
      warning = warning || (line.rfind("<4>", 0) == 0);  // the webhook secret is not set: a warning
    }
    CHECK(info);
    CHECK(warning);
  }
  ChildProcess json_bot({DUTYBOT_BIN, "--config", dir.file("bot.json"), "--log-format", "json", "--log-level", "debug"},
                        {{"DUTYBOT_TOKEN", "t-bot"}}, dir.file("json.log"));
  REQUIRE(wait_for([&] { return read_file(dir.file("json.log")); }, "connected as"));
  auto boris = sandbox.person("t-boris");
  ask_who(*boris);  // an event handled: its line carries the event's fields
  json_bot.signal(SIGTERM);
  json_bot.wait(5s);
  const auto lines = lines_of(read_file(dir.file("json.log")));
  REQUIRE(lines.size() >= 2);
  bool with_event = false;
  for (const auto& line : lines) {
    INFO(line);
    auto j = nlohmann::json::parse(line, nullptr, false);
    REQUIRE(j.is_object());
    CHECK(j["time"].get<std::string>().size() == 24);  // 2026-12-03T21:10:16.068Z
    CHECK((j["level"] == "info" || j["level"] == "warning" || j["level"] == "debug"));
    CHECK(j["msg"].is_string());
    if (j.contains("seq")) {
      CHECK(j["seq"].get<std::int64_t>() > 0);
      CHECK(j["type"].is_string());
      CHECK(j["cause"].is_string());
      with_event = with_event || (j["msg"].get<std::string>().rfind("handled: ", 0) == 0 && j["type"] == "message");
    }
  }
  CHECK(with_event);
}

TEST_CASE("SIGHUP reads the config again: the new handbook at once, the link kept; a bad config changes nothing") {
  TempDir dir;
  LiveSandbox sandbox(dir);
  const std::string handbook = read_file(HANDBOOK_JSON);
  REQUIRE(handbook.find("Правила дежурства:") != std::string::npos);
  write_file(dir.file("handbook.json"), handbook);
  LiveBot bot(dir, sandbox.url("/bot/v1"), "", ",\n  \"handbook\": \"" + dir.file("handbook.json") + "\"");
  auto boris = sandbox.person("t-boris");
  ask_who(*boris);
  auto rules = [&] {
    auto q = boris->post("staff", "/правила");
    REQUIRE(q.ok);
    auto a = boris->wait_message([&](auto& m) { return from_bot_replying_to(m, q.message_id); }, 5s);
    REQUIRE(a);
    return a->text;
  };
  auto wait_log = [&](const std::string& needle) {
    for (int i = 0; i < 50 && bot.log().find(needle) == std::string::npos; ++i) std::this_thread::sleep_for(100ms);
    return bot.log().find(needle) != std::string::npos;
  };
  CHECK_THAT(rules(), Contains("Правила дежурства:"));

  // The handbook changes, but the config now has a misspelt key: the reload refuses it and nothing changes.
  std::string v2 = handbook;
  v2.replace(v2.find("Правила дежурства:"), std::string("Правила дежурства:").size(),
             "Правила дежурства (с 1 января):");
  write_file(dir.file("handbook.json"), v2);
  const std::string good = read_file(dir.file("bot.json"));
  std::string bad = good;
  bad.insert(bad.rfind('}'), ",\n  \"unanswered\": {\"repeat\": 60}\n");
  write_file(dir.file("bot.json"), bad);
  bot.process().signal(SIGHUP);
  REQUIRE(wait_log("the running config stays"));
  CHECK_THAT(bot.log(), Contains("unknown key 'unanswered.repeat'"));
  CHECK_THAT(rules(), Contains("Правила дежурства:"));

  // Fixed, and with a key that needs a restart: the handbook takes effect, the database stays.
  std::string next = good;
  next.replace(next.find("bot.db"), 6, "other.db");
  write_file(dir.file("bot.json"), next);
  bot.process().signal(SIGHUP);
  REQUIRE(wait_log("read again"));
  CHECK_THAT(bot.log(), Contains("'db' changes only with a restart"));
  CHECK_THAT(rules(), Contains("Правила дежурства (с 1 января):"));
  CHECK(bot.process().running());
  const std::string log = bot.log();
  std::size_t connects = 0;
  for (auto p = log.find("connected as"); p != std::string::npos; p = log.find("connected as", p + 1)) ++connects;
  CHECK(connects == 1);  // the link was never dropped
}

// systemd's side of sd_notify: the datagram socket PID 1 listens on ($NOTIFY_SOCKET), here the test's own.
class NotifySocket {
public:
  explicit NotifySocket(const std::string& path) : path_(path), fd_(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    REQUIRE(path.size() < sizeof addr.sun_path);
    std::strcpy(addr.sun_path, path.c_str());
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    timeval tv{0, 100'000};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~NotifySocket() { ::close(fd_); }
  // The next notification that contains `what`, waiting up to `patience`; every one read is kept in seen().
  std::optional<std::string> wait_for(const std::string& what, std::chrono::milliseconds patience) {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (std::chrono::steady_clock::now() < deadline) {
      char buf[4096];
      const auto n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) continue;
      seen_.emplace_back(buf, static_cast<std::size_t>(n));
      if (seen_.back().find(what) != std::string::npos) return seen_.back();
    }
    return std::nullopt;
  }
  const std::vector<std::string>& seen() const { return seen_; }

private:
  std::string path_;
  int fd_;
  std::vector<std::string> seen_;
};

TEST_CASE("under systemd (Type=notify): READY once listening, watchdog pings from the loop, RELOADING, STOPPING") {
  TempDir dir;
  LiveSandbox sandbox(dir);
  NotifySocket systemd(dir.file("notify"));
  // WatchdogSec=0.4s, as systemd passes it: the bot pings every 0.2 s.
  LiveBot bot(dir, sandbox.url("/bot/v1"), "", "",
              {{"NOTIFY_SOCKET", dir.file("notify")}, {"WATCHDOG_USEC", "400000"}});
  const auto ready = systemd.wait_for("READY=1", 10s);
  REQUIRE(ready);
  CHECK(systemd.seen().size() == 1);  // READY comes first: nothing is pinged before the bot is up
  // Ready means bound: the HTTP listener named in STATUS= takes a connection at once.
  const auto at = ready->find("http://127.0.0.1:");
  REQUIRE(at != std::string::npos);
  const int port = std::stoi(ready->substr(at + 17));
  int tcp = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<unsigned short>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  CHECK(::connect(tcp, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  ::close(tcp);

  // Pings at half the watchdog's time: about 5 in a second, whatever else the loop does meanwhile.
  auto boris = sandbox.person("t-boris");
  ask_who(*boris);
  const auto before = systemd.seen().size();
  systemd.wait_for("no such state", 1000ms);
  std::size_t pings = 0;
  for (std::size_t i = before; i < systemd.seen().size(); ++i) pings += systemd.seen()[i] == "WATCHDOG=1";
  CHECK(pings >= 3);
  CHECK(pings <= 7);

  bot.process().signal(SIGHUP);  // no --config change: read again all the same
  CHECK(systemd.wait_for("RELOADING=1", 5s));
  CHECK(systemd.wait_for("READY=1", 5s));
  bot.process().signal(SIGTERM);
  CHECK(systemd.wait_for("STOPPING=1", 5s));
  CHECK(bot.process().wait(6s) == std::optional<int>(0));
}

TEST_CASE("missed calls over real sockets and HTTP: signatures checked, a z- line call nudged, a callback ends it") {
  TempDir dir;
  LiveSandbox sandbox(dir);
  const unsigned short port = free_port();
  LiveBot bot(
      dir, sandbox.url("/bot/v1"), "",
      ",\n  \"http\": {\"listen\": \"127.0.0.1:" + std::to_string(port) + "\"},\n  \"calls\": {\"callback_s\": 3}",
      {{"DUTYBOT_HOOK_SECRET", "t-hook"}});
  auto anna = sandbox.person("t-anna");
  auto sveta = sandbox.person("t-sveta");
  auto boris = sandbox.person("t-boris");
  ask_who(*boris);
  auto declared = anna->post("staff", "Дежурю до " + moscow_clock_in(120));
  REQUIRE(anna->wait_message([&](auto& m) { return from_bot_replying_to(m, declared.message_id); }, 10s));

  auto now_iso = format_utc(std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()));
  const std::string missed = R"({"event":"missed","call_id":"c-1","ts":")" + now_iso +
                             R"(","from":"+7-916-000-00-00","to_line":"z-office-1","to_user":null})";
  auto signed_headers = [](const std::string& body, TimePoint at = SystemClock().now()) {
    const CallHookSignature sig = sign_call_hook("t-hook", body, at);
    return std::vector<std::string>{"X-Timestamp: " + sig.timestamp, "X-Signature: " + sig.signature};
  };
  CHECK(http_post(port, "/hooks/calls", missed, {}) == 401);
  CHECK(http_post(port, "/hooks/calls", missed, {"X-Signature: sha256=00"}) == 401);
  CHECK(http_post(port, "/hooks/calls", "not json", signed_headers("not json")) == 400);
  // Signed six minutes ago: refused as a replay, before anything is done.
  CHECK(http_post(port, "/hooks/calls", missed, signed_headers(missed, SystemClock().now() - 6min)) == 401);
  const auto fresh = signed_headers(missed);
  CHECK(http_post(port, "/hooks/calls", missed, fresh) == 200);
  CHECK(http_post(port, "/hooks/calls", missed, fresh) == 200);  // a recent repeat: nothing done twice

  auto bot_dm = [](const proto::MessageEvent& m) {
    return m.from.role == proto::Role::bot && m.chat.kind == proto::ChatKind::direct;
  };
  auto nudge = anna->wait_message(bot_dm, 5s);
  REQUIRE(nudge);
  CHECK_THAT(nudge->text, Contains("+7-916-000-00-00 на линию z-office-1"));
  CHECK_FALSE(anna->wait_message(bot_dm, 1s));  // the replay said nothing

  const std::string callback = R"({"event":"callback","call_id":"c-2","ts":")" + now_iso +
                               R"(","from":"+7-916-000-00-00","to_line":"z-office-1","to_user":null})";
  CHECK(http_post(port, "/hooks/calls", callback, signed_headers(callback)) == 200);
  CHECK_FALSE(sveta->wait_message(bot_dm, 4s));  // past the 3 s deadline: returned in time, so silence
}

TEST_CASE(
    "a site request over real sockets: told at once, again while new, silence after a status change; a payment "
    "question to the expert") {
  TempDir dir;
  LiveSandbox sandbox(dir);
  LiveBot bot(dir, sandbox.url("/bot/v1"), "",
              ",\n  \"requests\": {\"call_s\": 2, \"escalate_s\": 60, \"note_grace_s\": 60}");
  auto anna = sandbox.person("t-anna");
  auto ivan = sandbox.person("t-ivan");
  auto boris = sandbox.person("t-boris");
  ask_who(*boris);
  auto declared = anna->post("staff", "Дежурю до " + moscow_clock_in(120));
  REQUIRE(anna->wait_message([&](auto& m) { return from_bot_replying_to(m, declared.message_id); }, 10s));

  proto::RequestCreate create;
  create.source = "site";
  create.text = "Хотим тур в Турцию на майские, двое взрослых";
  auto created = ivan->create_request(create);
  REQUIRE(created.ok);
  auto told = anna->wait_message(bot_dm_with("Новая заявка с сайта"), 5s);
  REQUIRE(told);
  CHECK_THAT(told->text, Contains(created.request_id) && Contains("Иван, +7-916-000-00-00") &&
                             Contains("Хотим тур в Турцию на майские") && Contains("«Подбор отдыха»"));
  auto again = anna->wait_message(bot_dm_with("всё ещё в статусе «новая»"), 5s);  // call_s = 2
  REQUIRE(again);
  CHECK_THAT(again->text, Contains(created.request_id));

  proto::RequestUpdate called;
  called.request_id = created.request_id;
  called.status = "in_progress";
  called.reminder = "Двое взрослых, 1–10 мая, бюджет 200 тыс.";
  REQUIRE(anna->update_request(called).ok);
  CHECK_FALSE(anna->wait_message([](auto& m) { return m.from.role == proto::Role::bot; }, 3s));  // nothing more

  // The client writes to the expert about payment: the assistant is told at once, with the reason.
  proto::RequestUpdate assign;
  assign.request_id = created.request_id;
  assign.expert_id = "u-boris";
  REQUIRE(anna->update_request(assign).ok);
  REQUIRE(ivan->post_in_request(created.request_id, "Как оплатить картой?").ok);
  auto handed = anna->wait_message(bot_dm_with("Сообщение эксперту"), 5s);
  REQUIRE(handed);
  CHECK_THAT(handed->text, Contains("клиент Иван → эксперт Борис") && Contains("оплата"));
}

TEST_CASE("the request rules over real sockets: new requests first (a reminder), no self-assignment (supervisors)") {
  TempDir dir;
  LiveSandbox sandbox(dir);
  LiveBot bot(dir, sandbox.url("/bot/v1"), "", ",\n  \"requests\": {\"order_grace_s\": 1}");
  auto boris = sandbox.person("t-boris");
  auto sveta = sandbox.person("t-sveta");
  auto ivan = sandbox.person("t-ivan");
  auto maria = sandbox.person("t-maria");
  ask_who(*boris);
  auto declared = boris->post("staff", "Дежурю до " + moscow_clock_in(120));  // an expert on duty
  REQUIRE(boris->wait_message([&](auto& m) { return from_bot_replying_to(m, declared.message_id); }, 10s));
  proto::RequestCreate create;
  create.source = "site";
  create.text = "Хотим тур в Турцию на майские";
  auto first = ivan->create_request(create);
  REQUIRE(first.ok);
  std::this_thread::sleep_for(1500ms);  // past requests.order_grace_s
  create.text = "Нужен тур в Грецию в июне";
  auto second = maria->create_request(create);
  REQUIRE(second.ok);

  // Boris takes the second one first: the first has waited past the grace.
  proto::RequestUpdate take;
  take.request_id = second.request_id;
  take.status = "in_progress";
  REQUIRE(boris->update_request(take).ok);
  auto reminder = boris->wait_message(bot_dm_with("Сначала новые запросы"), 5s);
  REQUIRE(reminder);
  CHECK_THAT(reminder->text, Contains(first.request_id + " (Иван, "));

  // A supervisor assigning him is no breach; making himself the expert of the first one is, told at once.
  proto::RequestUpdate assign;
  assign.request_id = second.request_id;
  assign.expert_id = "u-boris";
  REQUIRE(sveta->update_request(assign).ok);
  assign.request_id = first.request_id;
  REQUIRE(boris->update_request(assign).ok);
  auto alert = sveta->wait_message(bot_dm_with("Самоназначение"), 5s);
  REQUIRE(alert);
  CHECK_THAT(alert->text, Contains("заявку " + first.request_id + " (Иван, +7-916-000-00-00)") && Contains("(Борис)"));
  CHECK_FALSE(sveta->wait_message(bot_dm_with(second.request_id), 1s));  // nothing about the supervisor's own
}
