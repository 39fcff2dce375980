// Benchmark: catch-up speed, latency and memory of the real dutybot process against the real sandbox process,
// side by side with a parse-and-ack-only reader (the path's limit) on the same backlog. Prints a table; asserts
// nothing except that each run finished (performance is read, not unit-tested). scripts/bench.sh runs it; CI runs
// it once at a small size as a smoke test (`--events 600 --clients 20 --chats 10 --questions 10`).
#include <sys/resource.h>
#include <unistd.h>
#include <csignal>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>

#include <sqlite3.h>
#include <CLI/CLI.hpp>

#include "core/clock.h"
#include "core/protocol.h"
#include "sandbox/directory.h"
#include "sandbox/person_client.h"
#include "sandbox/state.h"
#include "storage/bot_store.h"
#include "storage/database.h"
#include "support/process.h"

using namespace dutybot;
using namespace dutybot::testing;
using Steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

struct Size {
  int events = 10000;
  int chats = 50;
  int clients = 200;
  int questions = 200;  // «кто дежурит?» round trips after catch-up, at 10 a second
  int repeats = 3;      // catch-up runs of each side
  int restart_events = 1000000;
  int restart_waits = 100000;
};

// ---- the backlog ----

constexpr const char* kBotToken = "t-bench-bot";
constexpr const char* kExpertToken = "t-expert-0";

std::string directory_json(const Size& size) {
  std::ostringstream out;
  out << R"({"bot": {"id": "dutybot", "name": "Дежурный", "token": ")" << kBotToken << R"("}, "users": [)";
  bool first = true;
  auto user = [&](const std::string& id, const std::string& name, const char* role, const std::string& token) {
    out << (first ? "" : ",") << "\n  "
        << R"({"id": ")" << id << R"(", "name": ")" << name << R"(", "role": ")" << role << R"(", "token": ")" << token
        << R"("})";
    first = false;
  };
  for (int i = 0; i < 4; ++i)
    user("u-assistant-" + std::to_string(i), "Ассистент " + std::to_string(i), "assistant",
         "t-assistant-" + std::to_string(i));
  for (int i = 0; i < 4; ++i)
    user("u-expert-" + std::to_string(i), "Эксперт " + std::to_string(i), "expert", "t-expert-" + std::to_string(i));
  user("u-supervisor", "Руководитель", "supervisor", "t-supervisor");
  for (int i = 0; i < size.clients; ++i)
    user("u-client-" + std::to_string(i), "Клиент " + std::to_string(i), "client", "t-client-" + std::to_string(i));
  out << "],\n\"chats\": [{\"id\": \"staff\", \"kind\": \"staff\", \"title\": \"Эксперты - общение\"}";
  for (int i = 0; i < size.chats; ++i)
    out << ",\n  {\"id\": \"c-" << i << "\", \"kind\": \"country\", \"title\": \"Страна " << i << "\"}";
  out << "]}\n";
  return out.str();
}

// Posts through the sandbox's own rules (rate limits, fan-out, seqs), on a manual clock that moves 50 ms a post.
class BacklogWriter {
public:
  BacklogWriter(const std::string& dir_json, const std::string& data, int posts)
      : directory_(sandbox::parse_directory(dir_json, "bench")),
        clock_(SystemClock().now() - milliseconds(50) * (posts + 10)),
        state_(directory_, data, clock_),
        bulk_(std::in_place, state_.db()) {}
  // The posts so far, committed at once (each post's own transaction is part of this one).
  void commit() {
    bulk_->commit();
    bulk_.reset();
  }

  std::string post(const std::string& token, const std::string& chat, const std::string& text,
                   std::optional<std::string> reply_to = std::nullopt) {
    proto::Send s;
    s.req_id = "bench-" + std::to_string(++counter_);
    s.chat_id = chat;
    s.text = text;
    s.reply_to = std::move(reply_to);
    return check(state_.send(account(token), s).result);
  }
  void edit(const std::string& token, const std::string& message_id, const std::string& text) {
    check(state_.edit(account(token), proto::Edit{"bench-" + std::to_string(++counter_), message_id, text}).result);
  }
  void remove(const std::string& token, const std::string& message_id) {
    check(state_.remove(account(token), proto::Delete{"bench-" + std::to_string(++counter_), message_id}).result);
  }
  std::int64_t bot_seq() { return state_.last_seq("dutybot"); }
  // As if the bot had been sent and had acked `seq` events before.
  void set_bot_seq(std::int64_t seq) {
    state_.db().prepare("UPDATE accounts SET last_seq = ?1, acked_seq = ?1 WHERE id = 'dutybot'").bind(1, seq).run();
  }

private:
  const sandbox::Account& account(const std::string& token) {
    clock_.advance(milliseconds(50));
    const sandbox::Account* a = directory_.by_token(token);
    if (!a) throw std::runtime_error("no account with token " + token);
    return *a;
  }
  static std::string check(const proto::Result& r) {
    if (!r.ok) throw std::runtime_error("backlog post failed: " + (r.error ? r.error->message : std::string("?")));
    return r.message_id;
  }
  sandbox::Directory directory_;
  ManualClock clock_;
  sandbox::State state_;
  std::optional<storage::Transaction> bulk_;
  std::int64_t counter_ = 0;
};

const char* kQuestions[] = {"Подскажите, нужна ли виза?",           "Какая погода в мае?",
                            "Сколько стоит трансфер из аэропорта?", "Можно ли поменять даты тура?",
                            "Есть ли детская анимация в отеле?",    "Во сколько вылет, уточните пожалуйста?",
                            "Нужна ли страховка для ребёнка?"};
const char* kAnswers[] = {"Добрый день! Сейчас уточню и отвечу.", "Виза не нужна, достаточно загранпаспорта.",
                          "Трансфер входит в стоимость тура.", "Да, анимация есть, с 10 до 22 часов."};

// The realistic mix: three quarters clients' questions and thanks, a fifth staff answers and replies, some edits and
// deletions, a few declarations; the last event is an expert's «кто дежурит?». Returns that question's message id.
std::string write_mixed_backlog(BacklogWriter& w, const Size& size) {
  std::mt19937 rng(12345);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  std::vector<std::pair<std::string, std::string>> last_client_message(size.chats);  // chat → (token, message id)
  w.post("t-assistant-0", "staff", "Дежурю до 23:59");
  for (int i = 1; i < size.events - 1; ++i) {
    const int roll = pick(100);
    const int chat = pick(size.chats);
    const std::string chat_id = "c-" + std::to_string(chat);
    if (roll < 75) {
      const std::string token = "t-client-" + std::to_string(pick(size.clients));
      const std::string text = roll < 60 ? kQuestions[pick(7)] : "Спасибо!";
      last_client_message[chat] = {token, w.post(token, chat_id, text)};
    } else if (roll < 95) {
      const std::string staff =
          roll < 88 ? "t-assistant-" + std::to_string(pick(4)) : "t-expert-" + std::to_string(pick(4));
      auto& [client, message] = last_client_message[chat];
      w.post(staff, chat_id, kAnswers[pick(4)], message.empty() ? std::nullopt : std::optional(message));
    } else if (roll < 98) {
      auto& [client, message] = last_client_message[chat];
      if (message.empty()) continue;
      if (roll < 97)
        w.edit(client, message, "Уточню вопрос: нужна ли виза ребёнку?");
      else
        w.remove(client, message);
      message.clear();
    } else if (i % (size.events / 4) == 0) {  // a few declarations
      w.post("t-assistant-" + std::to_string(pick(4)), "staff", pick(2) ? "Дежурю до 23:59" : "Дежурю до 23:30");
    } else {
      w.post("t-expert-" + std::to_string(pick(4)), "staff", "Коллеги, кто возьмёт клиента в чате " + chat_id + "?");
    }
  }
  return w.post(kExpertToken, "staff", "кто дежурит?");
}

// Every client asks once in each chat, nobody answers: as many open waits as events.
std::string write_open_waits_backlog(BacklogWriter& w, int waits, int chats, int clients) {
  w.post("t-assistant-0", "staff", "Дежурю до 23:59");
  for (int i = 0; i < waits; ++i)
    w.post("t-client-" + std::to_string(i % clients), "c-" + std::to_string((i / clients) % chats), kQuestions[i % 7]);
  return w.post(kExpertToken, "staff", "кто дежурит?");
}

// ---- processes ----

struct Sandbox {
  std::unique_ptr<ChildProcess> process;
  std::string address;
  std::string url(const char* path) const { return "ws://" + address + path; }
};

Sandbox start_sandbox(const TempDir& dir) {
  Sandbox s;
  s.process = std::make_unique<ChildProcess>(
      std::vector<std::string>{SANDBOX_BIN, "--listen", "127.0.0.1:0", "--directory", dir.file("directory.json"),
                               "--data", dir.file("sandbox.db")},
      std::map<std::string, std::string>{}, dir.file("sandbox.log"));
  auto line = s.process->read_line(std::chrono::seconds(60));
  if (!line || line->rfind("listening on ", 0) != 0) throw std::runtime_error("the sandbox did not start");
  s.address = line->substr(13);
  return s;
}

double cpu_seconds_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream rest(all.substr(all.rfind(')') + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stol(field);
    if (i == 15) stime = std::stol(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double rss_mib_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  return 0;
}

struct BotRun {
  double seconds = 0;  // process start to the reply to the final question
  double cpu_seconds = 0;
  std::unique_ptr<ChildProcess> process;
};

void write_bot_config(const TempDir& dir, const Sandbox& sandbox) {
  write_file(dir.file("bot.json"), R"({"messenger": {"url": ")" + sandbox.url("/bot/v1") + R"("}, "db": ")" +
                                       dir.file("bot.db") + R"(", "http": {"listen": "127.0.0.1:0"}})" + "\n");
}

// The expert who asks «кто дежурит?», connected for live events only.
std::unique_ptr<sandbox::PersonClient> connect_expert(const Sandbox& sandbox) {
  sandbox::ConnectError err;
  auto expert = sandbox::PersonClient::connect(sandbox.url("/client/v1"), kExpertToken, &err, 1LL << 60);
  if (!expert) throw std::runtime_error("expert connect: " + err.message);
  return expert;
}

// Starts dutybot on this sandbox and waits for its reply to `question` (seen by the expert who asked it).
BotRun run_bot_until_reply(const TempDir& dir, const Sandbox& sandbox, const std::string& question,
                           sandbox::PersonClient& expert) {
  write_bot_config(dir, sandbox);
  BotRun run;
  const auto t0 = Steady::now();
  // BENCH_BOT_PREFIX runs the bot under a profiler, e.g. "perf record -g -o /tmp/bot.perf".
  std::vector<std::string> argv;
  if (const char* prefix = std::getenv("BENCH_BOT_PREFIX")) {
    std::istringstream words(prefix);
    for (std::string w; words >> w;) argv.push_back(w);
  }
  for (const std::string& a : {std::string(DUTYBOT_BIN), std::string("--config"), dir.file("bot.json")})
    argv.push_back(a);
  run.process = std::make_unique<ChildProcess>(argv, std::map<std::string, std::string>{{"DUTYBOT_TOKEN", kBotToken}},
                                               dir.file("bot.log"));
  auto reply = expert.wait_message(
      [&](const proto::MessageEvent& m) { return m.from.role == proto::Role::bot && m.reply_to == question; },
      std::chrono::minutes(10));
  if (!reply) throw std::runtime_error("dutybot did not answer the final question; see " + dir.file("bot.log"));
  run.seconds = std::chrono::duration<double>(Steady::now() - t0).count();
  run.cpu_seconds = cpu_seconds_of(run.process->pid());
  return run;
}

// The limit: this program in `read` mode, which parses every event and acks it, nothing else.
double run_reader(const Sandbox& sandbox, std::int64_t until_seq, const char* self) {
  const auto t0 = Steady::now();
  ChildProcess reader({self, "read", "--url", sandbox.url("/bot/v1"), "--until", std::to_string(until_seq)});
  auto code = reader.wait(std::chrono::minutes(10));
  if (code != 0) throw std::runtime_error("the reader failed");
  return std::chrono::duration<double>(Steady::now() - t0).count();
}

int read_mode(const std::string& url, std::int64_t until) {
  sandbox::ConnectError err;
  auto client = sandbox::PersonClient::connect(url, kBotToken, &err, 0);
  if (!client) {
    std::cerr << "reader: " << err.message << "\n";
    return 1;
  }
  for (;;) {
    auto text = client->read_raw(std::chrono::seconds(30));
    if (!text) return 1;
    auto frame = proto::decode_server_frame(*text);
    if (auto* ev = std::get_if<proto::EventFrame>(&frame)) {
      // Cumulative acks, as the bot sends them: one per 256 events (the bot's largest batch) and the last.
      if (ev->seq % 256 == 0 || ev->seq >= until) client->ack(ev->seq);
      if (ev->seq >= until) return 0;
    }
  }
}

std::string stat_line(const std::string& log) {
  std::istringstream in(read_file(log));
  std::string line, found;
  while (std::getline(in, line))
    if (line.find("stopped; handled") != std::string::npos) found = line;
  return found;
}

std::int64_t number_before(const std::string& line, const std::string& word) {
  auto at = line.find(word);
  if (at == std::string::npos || at < 2) return -1;
  auto start = line.rfind(' ', at - 2);
  return std::stoll(line.substr(start + 1, at - start - 2));
}

void stop(BotRun& run) {
  run.process->signal(SIGTERM);
  run.process->wait(std::chrono::seconds(10));
}

// ---- the scenarios ----

// In the last run: «кто дежурит?» at a steady 10 a second, the bot's statements and memory; the report's lines.
std::string measure_after_catch_up(const Size& size, const TempDir& dir, BotRun& bot, sandbox::PersonClient& expert) {
  // Round trips at a steady 10 questions a second, after catch-up.
  std::vector<double> rtt_ms;
  std::vector<std::pair<double, int>> slowest;  // (ms, question's index), to say when the outliers happened
  auto next = Steady::now();
  for (int i = 0; i < size.questions; ++i) {
    next += milliseconds(100);
    std::this_thread::sleep_until(next);
    const auto t0 = Steady::now();
    auto r = expert.post("staff", "кто дежурит?");
    if (!r.ok || r.message_id.empty()) throw std::runtime_error("question not posted");
    auto reply = expert.wait_message(
        [&](const proto::MessageEvent& m) { return m.from.role == proto::Role::bot && m.reply_to == r.message_id; },
        std::chrono::seconds(10));
    if (!reply) throw std::runtime_error("no reply to a question after catch-up");
    rtt_ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - t0).count());
    slowest.emplace_back(rtt_ms.back(), i);
  }
  std::this_thread::sleep_for(milliseconds(500));
  const double idle_rss = rss_mib_of(bot.process->pid());
  std::int64_t posted_in_catch_up = 0;
  {
    storage::Database db(dir.file("bot.db"));
    auto st = db.prepare("SELECT COUNT(*) FROM outbox");
    st.step();
    posted_in_catch_up = st.int64(0) - size.questions;
  }
  stop(bot);
  const std::string stats = stat_line(dir.file("bot.log"));
  const std::int64_t statements = number_before(stats, "SQL statements");
  const std::int64_t handled = number_before(stats, "events in");
  const std::int64_t transactions = number_before(stats, "transactions,");

  std::sort(rtt_ms.begin(), rtt_ms.end());
  auto pct = [&](double p) {
    return rtt_ms.empty()
               ? 0.0
               : rtt_ms[std::min(rtt_ms.size() - 1, static_cast<std::size_t>(p * static_cast<double>(rtt_ms.size())))];
  };
  char line[512];
  std::string out;
  if (handled > 0) {
    std::snprintf(
        line, sizeof line, "%-34s %12s %12.2f   (%lld statements, %lld events handled in %lld transactions)\n",
        "SQL statements per event", "", static_cast<double>(statements) / static_cast<double>(handled),
        static_cast<long long>(statements), static_cast<long long>(handled), static_cast<long long>(transactions));
    out += line;
  }
  std::snprintf(line, sizeof line,
                "«кто дежурит?» round trip at 10/s, %d questions: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                size.questions, pct(0.5), pct(0.9), pct(0.99), rtt_ms.empty() ? 0.0 : rtt_ms.back());
  out += line;
  std::sort(slowest.rbegin(), slowest.rend());
  if (slowest.size() > 3) slowest.resize(3);
  out += "the slowest round trips (question number, 10 a second):";
  for (const auto& [ms, index] : slowest) {
    std::snprintf(line, sizeof line, " #%d %.2f ms;", index + 1, ms);
    out += line;
  }
  out += "\n";
  std::snprintf(line, sizeof line, "the bot's own messages (replies, nudges) over the run, less the %d answers: %lld\n",
                size.questions, static_cast<long long>(posted_in_catch_up));
  out += line;
  std::snprintf(line, sizeof line, "RSS idle after catch-up: %.1f MiB\n", idle_rss);
  out += line;
  return out;
}

// The median of some timings.
double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

void catch_up(const Size& size, const char* self) {
  TempDir gen;
  std::string question;
  std::int64_t bot_seq = 0;
  {
    BacklogWriter w(directory_json(size), gen.file("sandbox.db"), size.events);
    question = write_mixed_backlog(w, size);
    bot_seq = w.bot_seq();
    w.commit();
  }
  // Each run on a fresh copy of the same backlog, reader then bot, alternating: the machine's noise falls on both.
  std::vector<double> reader_runs, bot_runs, cpu_runs;
  std::string after;
  for (int run = 0;; ++run) {
    auto dir = std::make_unique<TempDir>();
    write_file(dir->file("directory.json"), directory_json(size));
    std::filesystem::copy_file(gen.file("sandbox.db"), dir->file("sandbox.db"));
    Sandbox sandbox = start_sandbox(*dir);
    reader_runs.push_back(run_reader(sandbox, bot_seq, self));
    auto expert = connect_expert(sandbox);
    BotRun bot = run_bot_until_reply(*dir, sandbox, question, *expert);
    bot_runs.push_back(bot.seconds);
    cpu_runs.push_back(bot.cpu_seconds);
    if (run + 1 < size.repeats) {
      stop(bot);
      continue;
    }
    after = measure_after_catch_up(size, *dir, bot, *expert);
    break;
  }
  const auto events = static_cast<double>(bot_seq);
  const double reader_s = median(reader_runs), bot_s = median(bot_runs);
  std::printf("backlog: %lld events for the bot over %d country chats and %d clients; medians of %d runs\n",
              static_cast<long long>(bot_seq), size.chats, size.clients, size.repeats);
  std::printf("%-34s %12s %12s\n", "", "reader", "dutybot");
  std::printf("%-34s %12.3f %12.3f\n", "start to last event / reply, s", reader_s, bot_s);
  std::printf("%-34s %12.0f %12.0f\n", "events/s", events / reader_s, events / bot_s);
  std::printf("%-34s %12s %11.0f%%\n", "share of the limit", "", 100.0 * reader_s / bot_s);
  std::printf("%-34s %12s %12.1f\n", "CPU µs per event (incl. start)", "", 1e6 * median(cpu_runs) / events);
  std::printf("each run (reader s / dutybot s):");
  for (std::size_t i = 0; i < bot_runs.size(); ++i) std::printf(" %.3f/%.3f", reader_runs[i], bot_runs[i]);
  std::printf("\n%s", after.c_str());
}

void open_waits_memory(const Size& size) {
  TempDir dir;
  Size s = size;
  write_file(dir.file("directory.json"), directory_json(s));
  const int waits = std::min(s.events, s.chats * s.clients);
  std::string question;
  {
    BacklogWriter w(directory_json(s), dir.file("sandbox.db"), waits + 2);
    question = write_open_waits_backlog(w, waits, s.chats, s.clients);
    w.commit();
  }
  Sandbox sandbox = start_sandbox(dir);
  auto expert = connect_expert(sandbox);
  BotRun bot = run_bot_until_reply(dir, sandbox, question, *expert);
  std::this_thread::sleep_for(milliseconds(500));
  const double rss = rss_mib_of(bot.process->pid());
  storage::Database db(dir.file("bot.db"));
  auto open = db.prepare("SELECT COUNT(*) FROM waits WHERE status = 'open'");
  open.step();
  std::printf("RSS with %lld open waits: %.1f MiB (caught up in %.3f s)\n", static_cast<long long>(open.int64(0)), rss,
              bot.seconds);
  stop(bot);
}

void restart(const Size& size) {
  TempDir dir;
  Size s = size;
  s.clients = 10;
  s.chats = 10;
  write_file(dir.file("directory.json"), directory_json(s));
  // A bot database that has handled restart_events events and closed restart_waits waits.
  {
    storage::BotStore store(dir.file("bot.db"));
    auto& db = store.db();
    storage::Transaction tx(db);
    const std::int64_t now = to_unix_ms(SystemClock().now());
    auto ev = db.prepare("INSERT INTO processed_events(event_id, seq, handled_at) VALUES (?, ?, ?)");
    for (int i = 1; i <= s.restart_events; ++i)
      ev.bind(1, "e-old-" + std::to_string(i)).bind(2, i).bind(3, now - std::int64_t{s.restart_events - i} * 2).run();
    auto wait = db.prepare(
        "INSERT INTO waits(chat_id, chat_title, client_id, client_name, first_text, started_at, status, answered_at, "
        "answered_by) VALUES (?, 'Страна', ?, 'Клиент', 'вопрос', ?, 'answered', ?, 'u-assistant-0')");
    for (int i = 0; i < s.restart_waits; ++i) {
      const std::int64_t at = now - (s.restart_waits - i) * 20000LL;
      wait.bind(1, "c-" + std::to_string(i % 10)).bind(2, "u-client-" + std::to_string(i % 10)).bind(3, at);
      wait.bind(4, at + 60000).run();
    }
    db.prepare("UPDATE meta SET value = ? WHERE key = 'last_seq'").bind(1, std::to_string(s.restart_events)).run();
    tx.commit();
  }
  std::string question;
  {
    BacklogWriter w(directory_json(s), dir.file("sandbox.db"), 4);
    w.set_bot_seq(s.restart_events);
    question = w.post(kExpertToken, "staff", "кто дежурит?");
    w.commit();
  }
  Sandbox sandbox = start_sandbox(dir);
  auto expert = connect_expert(sandbox);
  BotRun bot = run_bot_until_reply(dir, sandbox, question, *expert);
  std::printf("restart with %d handled events and %d closed waits: start to the first event answered in %.3f s\n",
              s.restart_events, s.restart_waits, bot.seconds);
  stop(bot);
}

int run(int argc, char** argv) {
  CLI::App app{"dutybot's catch-up benchmark: the real bot and a parse-and-ack reader against the real sandbox"};
  Size size;
  app.add_option("--events", size.events, "events in the backlog")->capture_default_str();
  app.add_option("--chats", size.chats, "country chats")->capture_default_str();
  app.add_option("--clients", size.clients, "clients")->capture_default_str();
  app.add_option("--questions", size.questions, "«кто дежурит?» round trips at 10/s")->capture_default_str();
  app.add_option("--repeats", size.repeats, "catch-up runs of each side (the medians are reported)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--restart-events", size.restart_events, "handled events in the restart database")
      ->capture_default_str();
  app.add_option("--restart-waits", size.restart_waits, "closed waits in the restart database")->capture_default_str();
  std::string url;
  std::int64_t until = 0;
  auto* read = app.add_subcommand("read", "(internal) the parse-and-ack reader");
  read->add_option("--url", url)->required();
  read->add_option("--until", until)->required();
  CLI11_PARSE(app, argc, argv);
  if (*read) return read_mode(url, until);
  try {
    catch_up(size, argv[0]);
    open_waits_memory(size);
    restart(size);
  } catch (const std::exception& e) {
    std::cerr << "bench_catchup: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (...) {
    return 1;
  }
}
