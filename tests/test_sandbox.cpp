// The sandbox messenger: protocol v1's server side, over real WebSocket connections on 127.0.0.1.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/call_hook.h"
#include "core/secret.h"
#include "sandbox/person_client.h"
#include "sandbox/web_api.h"
#include "support/process.h"
#include "support/sandbox_thread.h"

using namespace dutybot;
using namespace dutybot::sandbox;
using namespace dutybot::testing;
using namespace std::chrono_literals;
using Catch::Contains;

namespace {

std::unique_ptr<PersonClient> join(SandboxThread& sb, const std::string& token, std::int64_t after = 0,
                                   const std::string& path = "/client/v1") {
  ConnectError err;
  auto c = PersonClient::connect(sb.url(path), token, &err, after);
  if (!c) FAIL("connect failed: " << err.message);
  return c;
}

proto::Send send_to(const std::string& req_id, const std::string& chat, const std::string& text) {
  proto::Send s;
  s.req_id = req_id;
  s.chat_id = chat;
  s.text = text;
  return s;
}

// Reads frames until one matches or the deadline passes.
std::optional<std::string> read_until(PersonClient& c, const std::string& needle, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto f =
        c.read_raw(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
    if (!f) return std::nullopt;
    if (f->find(needle) != std::string::npos) return f;
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("an unknown token is refused with 401 before the upgrade; a wrong path with 403") {
  SandboxThread sb(demo_directory());
  ConnectError err;
  CHECK_FALSE(PersonClient::connect(sb.url(), "nope", &err));
  CHECK(err.http_status == 401);
  CHECK_FALSE(PersonClient::connect(sb.url(), "", &err));
  CHECK(err.http_status == 401);
  CHECK_FALSE(PersonClient::connect(sb.url("/client/v1"), "demo-bot-token", &err));
  CHECK(err.http_status == 403);
  CHECK_FALSE(PersonClient::connect(sb.url("/bot/v1"), "demo-anna", &err));
  CHECK(err.http_status == 403);
}

TEST_CASE("hello tells each account its chats and the staff") {
  SandboxThread sb(demo_directory());
  auto bot = join(sb, "demo-bot-token", 0, "/bot/v1");
  CHECK(bot->hello().me.role == proto::Role::bot);
  CHECK(bot->hello().chats.size() == 7 + 8);  // staff + six countries + a direct chat per person
  CHECK(bot->hello().staff.size() == 5);
  auto ivan = join(sb, "demo-ivan");
  std::vector<std::string> ids;
  for (const auto& c : ivan->hello().chats) ids.push_back(c.id);
  CHECK(std::find(ids.begin(), ids.end(), "staff") == ids.end());
  CHECK(std::find(ids.begin(), ids.end(), "dm:u-ivan") != ids.end());
  CHECK(std::find(ids.begin(), ids.end(), "dm:u-anna") == ids.end());
}

TEST_CASE("who sees what: staff chat for staff, direct chats for their person and the bot") {
  SandboxThread sb(demo_directory());
  auto bot = join(sb, "demo-bot-token", 0, "/bot/v1");
  auto anna = join(sb, "demo-anna");
  auto boris = join(sb, "demo-boris");
  auto ivan = join(sb, "demo-ivan");

  REQUIRE(anna->post("staff", "Дежурю до 20:00").ok);
  CHECK(boris->wait_message([](auto& m) { return m.text == "Дежурю до 20:00"; }, 2s));
  CHECK(bot->wait_message([](auto& m) { return m.text == "Дежурю до 20:00"; }, 2s));
  // The client sees nothing of it, and cannot post there.
  CHECK_FALSE(ivan->wait_message([](auto&) { return true; }, 300ms));
  auto refused = ivan->post("staff", "hi");
  CHECK_FALSE(refused.ok);
  CHECK(refused.error->code == "forbidden");

  // A direct message to the bot lands in dm:u-anna, seen by Anna and the bot only.
  proto::Send dm;
  dm.req_id = "dm-1";
  dm.to_user = "dutybot";
  dm.text = "привет";
  auto r = anna->send(dm);
  REQUIRE(r.ok);
  CHECK(r.chat_id == "dm:u-anna");
  CHECK(bot->wait_message([](auto& m) { return m.chat.id == "dm:u-anna" && m.chat.kind == proto::ChatKind::direct; },
                          2s));
  CHECK_FALSE(boris->wait_message([](auto& m) { return m.chat.id == "dm:u-anna"; }, 300ms));
  // The bot answers by user id; a person cannot write to another person.
  proto::Send back;
  back.req_id = "dm-2";
  back.to_user = "u-anna";
  back.text = "здравствуйте";
  CHECK(bot->send(back).chat_id == "dm:u-anna");
  CHECK(anna->wait_message([](auto& m) { return m.from.role == proto::Role::bot; }, 2s));
  proto::Send p2p = back;
  p2p.req_id = "dm-3";
  p2p.to_user = "u-boris";
  CHECK(anna->send(p2p).error->code == "forbidden");
}

TEST_CASE("a repeated req_id gets the first result and posts nothing new") {
  SandboxThread sb(demo_directory());
  auto anna = join(sb, "demo-anna");
  auto first = anna->send(send_to("same", "staff", "раз"));
  auto second = anna->send(send_to("same", "staff", "раз"));
  REQUIRE(first.ok);
  CHECK(second.ok);
  CHECK(second.message_id == first.message_id);
  auto boris = join(sb, "demo-boris", 0);
  int seen = 0;
  while (boris->wait_message([](auto& m) { return m.text == "раз"; }, 300ms)) ++seen;
  CHECK(seen == 1);
}

TEST_CASE("text limits, bad frames and bad requests") {
  SandboxThread sb(demo_directory());
  auto anna = join(sb, "demo-anna");
  CHECK(anna->send(send_to("e1", "staff", "   ")).error->code == "bad_request");
  CHECK(anna->send(send_to("e2", "staff", std::string(4097, 'a'))).error->code == "bad_request");
  CHECK(anna->send(send_to("e3", "staff", std::string(4096, 'a'))).ok);
  CHECK(anna->send(send_to("e4", "nowhere", "x")).error->code == "not_found");
  CHECK(anna->send(send_to("e5", "staff", "x")).ok);
  auto reply = send_to("e6", "staff", "x");
  reply.reply_to = "m-404";
  CHECK(anna->send(reply).error->code == "not_found");

  anna->send_raw("this is not json");
  CHECK(read_until(*anna, R"("code":"bad_frame")", 2s));
  anna->send_raw(R"({"op":"send","chat_id":"staff","text":"no req id"})");
  CHECK(read_until(*anna, R"("code":"bad_frame")", 2s));
  anna->send_raw(R"({"op":"send","req_id":"bad-1","chat_id":"staff","text":42})");
  auto r = read_until(*anna, R"("req_id":"bad-1")", 2s);
  REQUIRE(r);
  CHECK_THAT(*r, Contains("bad_request"));
  anna->send_raw(R"({"op":"wave"})");  // unknown op: ignored, connection goes on
  CHECK(anna->send(send_to("e7", "staff", "still here")).ok);
}

TEST_CASE("a frame over 64 KiB closes the connection with 1009") {
  SandboxThread sb(demo_directory());
  auto anna = join(sb, "demo-anna");
  anna->send_raw(R"({"op":"send","req_id":"big","chat_id":"staff","text":")" + std::string(70000, 'a') + "\"}");
  CHECK_THROWS(read_until(*anna, "never", 3s));
  CHECK(anna->close_code() == 1009);
}

TEST_CASE("the rate limit answers rate_limited with retry_after, beyond bursts of 40") {
  SandboxThread sb(demo_directory());
  auto anna = join(sb, "demo-anna");
  for (int i = 0; i < 60; ++i)
    anna->send_raw(proto::encode(proto::ClientFrame{send_to("burst-" + std::to_string(i), "c-turkey", "x")}));
  int ok = 0, limited = 0;
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (ok + limited < 60 && std::chrono::steady_clock::now() < deadline) {
    auto f = anna->read_raw(1s);
    if (!f) break;
    auto frame = proto::decode_server_frame(*f);
    if (auto* r = std::get_if<proto::Result>(&frame)) {
      if (r->ok)
        ++ok;
      else if (r->error && r->error->code == "rate_limited") {
        ++limited;
        CHECK(r->error->retry_after);
      }
    }
  }
  CHECK(ok >= 40);
  CHECK(ok < 60);
  CHECK(limited == 60 - ok);
}

TEST_CASE("resume replays what came after the seq, acks are cumulative and come back in hello") {
  SandboxThread sb(demo_directory());
  {
    auto anna = join(sb, "demo-anna");
    for (int i = 1; i <= 5; ++i) REQUIRE(anna->post("staff", "сообщение " + std::to_string(i)).ok);
  }
  auto boris = join(sb, "demo-boris", 2);
  std::vector<std::int64_t> seqs;
  while (auto e = boris->next_event(500ms)) seqs.push_back(e->seq);
  CHECK(seqs == std::vector<std::int64_t>{3, 4, 5});
  boris->ack(4);
  boris->ack(2);  // cumulative: going back is ignored
  boris->close();
  std::this_thread::sleep_for(100ms);
  auto again = join(sb, "demo-boris", -1);
  CHECK(again->hello().last_acked_seq == 4);
}

TEST_CASE("a resume older than the retained events gets a gap first") {
  SandboxThread sb(demo_directory(), {}, "", /*retained=*/10);
  {
    auto anna = join(sb, "demo-anna");
    for (int i = 1; i <= 40; ++i) REQUIRE(anna->post("c-turkey", "q" + std::to_string(i)).ok);
  }
  auto boris = join(sb, "demo-boris", 0);
  auto first = boris->read_raw(2s);
  REQUIRE(first);
  auto frame = proto::decode_server_frame(*first);
  REQUIRE(std::holds_alternative<proto::Gap>(frame));
  std::int64_t oldest = std::get<proto::Gap>(frame).oldest_seq;
  CHECK(oldest > 1);
  CHECK(oldest <= 40 - 10 + 1);
  auto e = boris->next_event(1s);
  REQUIRE(e);
  CHECK(e->seq == oldest);
}

TEST_CASE("a silent connection is closed with 4000, one that never resumes with 4001") {
  ServerOptions opt;
  opt.heartbeat = 200ms;
  opt.resume_timeout = 300ms;
  SandboxThread sb(demo_directory(), opt);
  {
    auto quiet = join(sb, "demo-anna");
    quiet->heartbeats = false;
    CHECK_THROWS(read_until(*quiet, "never", 3s));
    CHECK(quiet->close_code() == 4000);
  }
  {
    auto no_resume = join(sb, "demo-anna", -1);
    CHECK_THROWS(read_until(*no_resume, "never", 3s));
    CHECK(no_resume->close_code() == 4001);
  }
  {
    auto alive = join(sb, "demo-anna");  // heartbeats itself: stays open
    CHECK_FALSE(read_until(*alive, "never", 1s));
    CHECK(alive->post("staff", "жив").ok);
  }
}

TEST_CASE("people edit and delete their own messages; everyone who sees the chat is told") {
  SandboxThread sb(demo_directory());
  auto anna = join(sb, "demo-anna");
  auto boris = join(sb, "demo-boris");
  auto posted = anna->post("staff", "Дежурю до 20:00");
  REQUIRE(posted.ok);
  CHECK(anna->edit(posted.message_id, "Дежурю до 21:00").ok);
  auto edited = boris->wait_message([](auto& m) { return m.edited_ts.has_value(); }, 2s);
  REQUIRE(edited);
  CHECK(edited->text == "Дежурю до 21:00");
  CHECK(boris->edit(posted.message_id, "чужое").error->code == "forbidden");
  CHECK(anna->remove(posted.message_id).ok);
  bool deleted = false;
  for (int i = 0; i < 10 && !deleted; ++i) {
    auto e = boris->next_event(500ms);
    if (!e) break;
    deleted = std::holds_alternative<proto::MessageDeletedEvent>(e->event.body);
  }
  CHECK(deleted);
}

TEST_CASE("with --data, seqs, acks, messages and req_ids survive a restart") {
  TempDir dir;
  const std::string data = dir.file("sandbox.db");
  std::string first_id;
  {
    SandboxThread sb(demo_directory(), {}, data);
    auto anna = join(sb, "demo-anna");
    auto r = anna->send(send_to("keep-1", "staff", "до рестарта"));
    REQUIRE(r.ok);
    first_id = r.message_id;
    auto boris = join(sb, "demo-boris");
    auto e = boris->next_event(1s);
    REQUIRE(e);
    boris->ack(e->seq);
    std::this_thread::sleep_for(100ms);
  }
  SandboxThread sb(demo_directory(), {}, data);
  auto anna = join(sb, "demo-anna");
  auto again = anna->send(send_to("keep-1", "staff", "до рестарта"));
  CHECK(again.message_id == first_id);  // idempotency remembered
  auto r2 = anna->post("staff", "после рестарта");
  CHECK(r2.message_id != first_id);
  auto boris = join(sb, "demo-boris", -1);
  CHECK(boris->hello().last_acked_seq == 1);
  boris->send_raw(proto::encode(proto::ClientFrame{proto::Resume{1}}));
  auto e = boris->next_event(1s);
  REQUIRE(e);
  CHECK(e->seq == 2);  // numbering continued
}

TEST_CASE("the directory file is checked with clear errors") {
  CHECK_THROWS_WITH(parse_directory("{}", "d.json"), Contains("missing 'bot'"));
  CHECK_THROWS_WITH(
      parse_directory(
          R"({"bot":{"id":"b","name":"B","token":"t"},"users":[{"id":"u","name":"U","token":"t2","role":"boss"}],"chats":[]})",
          "d.json"),
      Contains("role"));
  CHECK_THROWS_WITH(
      parse_directory(
          R"({"bot":{"id":"b","name":"B","token":"t"},"users":[{"id":"u","name":"U","token":"t","role":"client"}],"chats":[]})",
          "d.json"),
      Contains("duplicate token"));
  auto d = parse_directory(
      R"({"bot":{"id":"b","name":"B","token":"t"},"users":[],"chats":[{"id":"c","kind":"country","title":"Турция"}]})",
      "d.json");
  CHECK(d.chat("c")->title == "Турция");
}

TEST_CASE("a restart with a changed directory announces who joined or changed and which chats are new") {
  TempDir dir;
  const std::string data = dir.file("sandbox.db");
  { SandboxThread sb(demo_directory(), {}, data); }
  auto changed = demo_directory();
  changed.users.push_back(Account{{"u-nina", "Нина", proto::Role::assistant}, "demo-nina", ""});
  changed.users[0].user.name = "Анна Петрова";
  changed.chats.push_back(proto::Chat{"c-cuba", proto::ChatKind::country, "Куба"});
  SandboxThread sb(changed, {}, data);
  auto bot = join(sb, "demo-bot-token", 0, "/bot/v1");
  std::vector<std::string> seen;
  while (auto e = bot->next_event(500ms)) {
    if (auto* m = std::get_if<proto::MemberEvent>(&e->event.body)) seen.push_back("member " + m->user.name);
    if (auto* c = std::get_if<proto::ChatEvent>(&e->event.body)) seen.push_back("chat " + c->chat.title);
  }
  CHECK(seen == std::vector<std::string>{"member Анна Петрова", "member Нина", "chat Куба"});
  auto ivan = join(sb, "demo-ivan", 0);
  auto e = ivan->next_event(500ms);  // a client sees the new country chat, not the staff changes
  REQUIRE(e);
  CHECK(std::holds_alternative<proto::ChatEvent>(e->event.body));
}

namespace {

// The next event of type T on a connection, skipping others; nullopt at the deadline.
template <class T>
std::optional<T> next_of(PersonClient& c, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto e = c.next_event(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
    if (!e) return std::nullopt;
    if (auto* body = std::get_if<T>(&e->event.body)) return *body;
  }
  return std::nullopt;
}

proto::RequestCreate site_request(const std::string& text, std::optional<std::string> expert = std::nullopt) {
  proto::RequestCreate c;
  c.source = "site";
  c.text = text;
  c.expert_id = std::move(expert);
  return c;
}

}  // namespace

TEST_CASE("requests: a client creates one; the bot and staff see it with the client's phone, other clients do not") {
  SandboxThread sb(demo_directory());
  auto bot = join(sb, "demo-bot-token", 0, "/bot/v1");
  auto anna = join(sb, "demo-anna");
  auto ivan = join(sb, "demo-ivan");
  auto maria = join(sb, "demo-maria");

  auto created = ivan->create_request(site_request("Хотим тур в Турцию на майские", "u-boris"));
  REQUIRE(created.ok);
  CHECK(created.request_id.rfind("r-", 0) == 0);
  auto seen = next_of<proto::RequestEvent>(*bot, 2s);
  REQUIRE(seen);
  CHECK(seen->request.id == created.request_id);
  CHECK(seen->request.client == proto::PersonRef{"u-ivan", "Иван"});
  CHECK(seen->request.client_phone == "+7-916-000-00-00");
  CHECK(seen->request.status == "new");
  CHECK(seen->request.reminder.empty());
  CHECK(seen->request.expert == std::optional<proto::PersonRef>(proto::PersonRef{"u-boris", "Борис"}));
  CHECK(seen->changed_by == std::optional<proto::PersonRef>(proto::PersonRef{"u-ivan", "Иван"}));  // who acted
  // Its text is also its first message, addressed to the expert.
  auto first = next_of<proto::RequestMessageEvent>(*bot, 2s);
  REQUIRE(first);
  CHECK(first->text == "Хотим тур в Турцию на майские");
  CHECK(first->to == std::optional<proto::PersonRef>(proto::PersonRef{"u-boris", "Борис"}));
  CHECK(next_of<proto::RequestEvent>(*anna, 2s));
  CHECK(next_of<proto::RequestEvent>(*ivan, 2s));
  CHECK_FALSE(next_of<proto::RequestEvent>(*maria, 300ms));
  // Another client cannot write in it: for them it does not exist.
  CHECK(maria->post_in_request(created.request_id, "а я?").error->code == "not_found");
}

TEST_CASE(
    "requests: staff update status and «Напоминание»; a change is an event, no change is none; roles and limits") {
  SandboxThread sb(demo_directory());
  auto bot = join(sb, "demo-bot-token", 0, "/bot/v1");
  auto anna = join(sb, "demo-anna");
  auto ivan = join(sb, "demo-ivan");
  auto id = ivan->create_request(site_request("Нужен тур в Египет")).request_id;
  REQUIRE(next_of<proto::RequestEvent>(*bot, 2s));

  proto::RequestUpdate u;
  u.request_id = id;
  u.status = "in_progress";
  u.reminder = "Двое взрослых, 10 ночей, бюджет 200 тыс.";
  u.assistant_id = "u-anna";
  auto ok = anna->update_request(u);
  REQUIRE(ok.ok);
  auto changed = next_of<proto::RequestEvent>(*bot, 2s);
  REQUIRE(changed);
  CHECK(changed->request.status == "in_progress");
  CHECK(changed->request.reminder == "Двое взрослых, 10 ночей, бюджет 200 тыс.");
  CHECK(changed->request.assistant == std::optional<proto::PersonRef>(proto::PersonRef{"u-anna", "Анна"}));
  CHECK(changed->changed_by == std::optional<proto::PersonRef>(proto::PersonRef{"u-anna", "Анна"}));
  CHECK(anna->update_request(u).ok);  // the same values again: nothing changes, no event
  CHECK_FALSE(next_of<proto::RequestEvent>(*bot, 300ms));

  CHECK(ivan->update_request(u).error->code == "forbidden");  // clients do not update requests
  proto::RequestUpdate bad = u;
  bad.expert_id = "u-anna";  // not an expert
  CHECK(anna->update_request(bad).error->code == "not_found");
  bad = u;
  bad.request_id = "r-404";
  CHECK(anna->update_request(bad).error->code == "not_found");
  // A status outside the list is refused by the codec with the reason.
  anna->send_raw(R"({"op":"request_update","req_id":"x1","request_id":")" + id + R"(","status":"done"})");
  auto refused = read_until(*anna, "\"x1\"", 2s);
  REQUIRE(refused);
  CHECK_THAT(*refused, Contains("bad_request") && Contains("status"));
  // Only clients create requests; bots do none of it.
  CHECK(anna->create_request(site_request("тест")).error->code == "forbidden");
  proto::RequestMessage from_bot{"b1", id, "ответ"};
  CHECK(bot->perform(proto::ClientFrame{from_bot}, "b1").error->code == "forbidden");
  CHECK(ivan->create_request(site_request("   ")).error->code == "bad_request");
}

TEST_CASE("with --data, requests survive a restart and their ids go on") {
  TempDir dir;
  const std::string data = dir.file("sandbox.db");
  std::string id;
  {
    SandboxThread sb(demo_directory(), {}, data);
    auto ivan = join(sb, "demo-ivan");
    id = ivan->create_request(site_request("Тур в Сочи")).request_id;
    REQUIRE_FALSE(id.empty());
  }
  SandboxThread sb(demo_directory(), {}, data);
  auto anna = join(sb, "demo-anna");
  auto bot = join(sb, "demo-bot-token", 1LL << 60, "/bot/v1");
  proto::RequestUpdate u;
  u.request_id = id;
  u.status = "in_progress";
  REQUIRE(anna->update_request(u).ok);
  auto changed = next_of<proto::RequestEvent>(*bot, 2s);
  REQUIRE(changed);
  CHECK(changed->request.text == "Тур в Сочи");  // the stored request, changed
  CHECK(changed->request.status == "in_progress");
  auto ivan = join(sb, "demo-ivan");
  CHECK(ivan->create_request(site_request("Ещё один")).request_id != id);
}

TEST_CASE("requests: a client writes to the expert, staff write to the client") {
  SandboxThread sb(demo_directory());
  auto bot = join(sb, "demo-bot-token", 0, "/bot/v1");
  auto boris = join(sb, "demo-boris");
  auto ivan = join(sb, "demo-ivan");
  auto id = ivan->create_request(site_request("Тур на Мальдивы", "u-boris")).request_id;
  REQUIRE(next_of<proto::RequestMessageEvent>(*bot, 2s));
  REQUIRE(ivan->post_in_request(id, "Срочно: оплата не проходит").ok);
  auto m = next_of<proto::RequestMessageEvent>(*bot, 2s);
  REQUIRE(m);
  CHECK(m->from.role == proto::Role::client);
  CHECK(m->to == std::optional<proto::PersonRef>(proto::PersonRef{"u-boris", "Борис"}));
  REQUIRE(boris->post_in_request(id, "Сейчас проверю").ok);
  auto answer = next_of<proto::RequestMessageEvent>(*bot, 2s);
  REQUIRE(answer);
  CHECK(answer->from.id == "u-boris");
  CHECK(answer->to == std::optional<proto::PersonRef>(proto::PersonRef{"u-ivan", "Иван"}));
}

// ---- the browser chat's side (sandbox/web_api.h): pure, no sockets ----

TEST_CASE("the browser's subprotocol offer: the chat protocol and a base64url bearer token") {
  auto offer = parse_subprotocols("dutybot.v1, bearer.dutybot.v1." + base64url_encode("demo-anna"));
  CHECK(offer.chat_protocol);
  REQUIRE(offer.token);
  CHECK(*offer.token == "demo-anna");
  CHECK_FALSE(offer.malformed);

  auto cyrillic = parse_subprotocols("bearer.dutybot.v1." + base64url_encode("токен") + ",dutybot.v1");
  CHECK(cyrillic.token == std::optional<std::string>("токен"));
  CHECK(cyrillic.chat_protocol);

  CHECK_FALSE(parse_subprotocols("dutybot.v1").token);
  CHECK_FALSE(parse_subprotocols("chat, superchat").chat_protocol);
  CHECK(parse_subprotocols("dutybot.v1, bearer.dutybot.v1.%%%").malformed);
  CHECK(parse_subprotocols("dutybot.v1, bearer.dutybot.v1.").malformed);  // an empty token is no token
  CHECK(parse_subprotocols("bearer.dutybot.v1.a").malformed);             // 6 bits are no byte
  CHECK_FALSE(parse_subprotocols("").chat_protocol);
}

TEST_CASE("base64url round-trips every byte and refuses what no encoder writes") {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t n = 0; n <= all.size(); n += 37) {
    const std::string part = all.substr(0, n);
    CHECK(base64url_decode(base64url_encode(part)) == std::optional<std::string>(part));
  }
  CHECK(base64url_encode("demo-anna") == "ZGVtby1hbm5h");
  CHECK_FALSE(base64url_decode("ZGVtby1hbm5h="));  // padding is not base64url as we write it
  CHECK_FALSE(base64url_decode("ZGVtby+hbm5h"));   // the standard alphabet's '+'
  CHECK_FALSE(base64url_decode("Zh"));             // stray bits after the last byte
}

TEST_CASE("the page's people, login and files") {
  const Directory dir = demo_directory();
  const auto people = nlohmann::json::parse(people_reply(dir, true).body);
  CHECK(people["calls"] == true);
  CHECK(people["bot"] == "Дежурный");
  REQUIRE(people["people"].size() == dir.users.size());
  for (const auto& p : people["people"]) {
    CHECK_FALSE(p.contains("token"));  // tokens only through the login, one person at a time
    CHECK(p["id"] != "dutybot");
  }

  const WebReply anna = login_reply(dir, R"({"user":"u-anna"})");
  CHECK(anna.status == 200);
  CHECK(nlohmann::json::parse(anna.body)["token"] == "demo-anna");
  CHECK(login_reply(dir, R"({"user":"dutybot"})").status == 404);  // the bot is nobody to choose
  CHECK(login_reply(dir, R"({"user":"u-nobody"})").status == 404);
  CHECK(login_reply(dir, R"({"user":5})").status == 404);
  CHECK(login_reply(dir, "not json").status == 400);

  const WebAsset* index = web_asset("/");
  REQUIRE(index);
  CHECK(index->content_type == "text/html; charset=utf-8");
  CHECK_THAT(std::string(index->body), Contains("Кто вы?"));
  REQUIRE(web_asset("/chat.js"));
  CHECK(web_asset("/chat.js")->content_type == "text/javascript; charset=utf-8");
  CHECK_FALSE(web_asset("/../CMakeLists.txt"));
  CHECK_FALSE(web_asset("/embed.cmake"));
}

TEST_CASE("the missed-call button: a webhook the bot's own check accepts, for a person with a phone") {
  const Directory dir = demo_directory();
  const TimePoint now = parse_utc("2026-12-03T10:00:00Z").value();
  const CallPress press = call_press(dir, R"({"from_user":"u-ivan","event":"missed"})", now, "call-1", "s3cret");
  REQUIRE(press.hook);
  const CallHookSignature& h = press.hook->headers;
  CHECK(h.timestamp == "1796292000");
  CHECK_FALSE(refuse_call_hook("s3cret", press.hook->body, h.timestamp, h.signature, now));
  CHECK(refuse_call_hook("other", press.hook->body, h.timestamp, h.signature, now));
  std::string why;
  const auto hook = decode_call_hook(press.hook->body, &why);
  REQUIRE(hook);
  CHECK(hook->kind == CallHook::Kind::missed);
  CHECK(hook->from == "+7-916-000-00-00");
  CHECK(hook->to_line == "z-office-1");
  CHECK(hook->call_id == "call-1");
  CHECK(hook->ts == now);

  const CallPress back = call_press(dir, R"({"from_user":"u-ivan","event":"callback"})", now, "call-2", "s3cret");
  REQUIRE(back.hook);
  CHECK(decode_call_hook(back.hook->body, &why)->kind == CallHook::Kind::callback);

  CHECK(call_press(dir, R"({"from_user":"dutybot"})", now, "c", "s").refusal.status == 404);
  CHECK(call_press(dir, R"({"from_user":"u-ivan","event":"answered-twice"})", now, "c", "s").refusal.status == 400);
  CHECK(call_press(dir, "[]", now, "c", "s").refusal.status == 400);

  CHECK(forwarded_reply(200, "").status == 200);
  const WebReply refused = forwarded_reply(401, "bad signature\n");
  CHECK(refused.status == 502);
  CHECK_THAT(refused.body, Contains("401"));
  CHECK_THAT(forwarded_reply(0, "Connection refused").body, Contains("did not answer"));
  CHECK(forwarded_reply(503, std::string("\xff\xfe", 2)).status == 502);  // a body that is not UTF-8 is no crash
}
