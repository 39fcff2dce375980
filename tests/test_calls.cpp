// Missed calls: the webhook's signature and body, and every timer rule on a simulated clock.
#include <openssl/hmac.h>

#include <catch2/catch.hpp>
#include <sstream>

#include "core/call_hook.h"
#include "core/utf8.h"
#include "support/bot_harness.h"

using namespace dutybot;
using namespace dutybot::testing;
using namespace std::chrono_literals;
using Catch::Contains;

namespace {

// The scheme before X-Timestamp: "sha256=<hex of HMAC-SHA256(secret, body)>".
std::string body_only_signature(std::string_view secret, std::string_view body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &len);
  std::string out = "sha256=";
  static const char* hex = "0123456789abcdef";
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[mac[i] >> 4];
    out += hex[mac[i] & 0xF];
  }
  return out;
}

CallHook hook(CallHook::Kind kind, const std::string& id, TimePoint ts, const std::string& from,
              const std::string& line, std::optional<std::string> user = std::nullopt) {
  return CallHook{kind, id, ts, from, line, std::move(user)};
}

}  // namespace

TEST_CASE("webhook signatures: good, bad, missing; bodies: decoded or refused with the reason") {
  const std::string body =
      R"({"event":"missed","call_id":"c-555","ts":"2026-11-27T11:02:03Z","from":"+7-916-000-00-00","to_line":"z-office-1","to_user":null})";
  const TimePoint sent = parse_utc("2026-11-27T11:02:05Z").value();
  const CallHookSignature sig = sign_call_hook("s3cret", body, sent);
  CHECK(sig.timestamp == "1795777325");
  CHECK(sig.signature.rfind("sha256=", 0) == 0);
  CHECK(sig.signature.size() == 7 + 64);
  auto refusal = [&](std::string_view secret, std::string_view b, std::string_view ts, std::string_view signature,
                     TimePoint now) { return refuse_call_hook(secret, b, ts, signature, now).value_or(""); };
  CHECK(refusal("s3cret", body, sig.timestamp, sig.signature, sent).empty());
  CHECK(refusal("s3cret", body, sig.timestamp, sig.signature, sent + 4min + 59s).empty());  // a recent repeat
  CHECK(refusal("s3cret", body, sig.timestamp, sig.signature, sent - 5min).empty());        // a sender's clock ahead
  CHECK_THAT(refusal("other", body, sig.timestamp, sig.signature, sent), Contains("wrong X-Signature"));
  CHECK_THAT(refusal("s3cret", body + " ", sig.timestamp, sig.signature, sent), Contains("wrong X-Signature"));
  CHECK_THAT(refusal("s3cret", body, sig.timestamp, "", sent), Contains("missing or wrong X-Signature"));
  // The timestamp is signed: a replay cannot move it forward.
  CHECK_THAT(refusal("s3cret", body, "1795777625", sig.signature, sent + 5min), Contains("wrong X-Signature"));
  CHECK_THAT(refusal("s3cret", body, "", sig.signature, sent), Contains("missing or malformed X-Timestamp"));
  CHECK_THAT(refusal("s3cret", body, "1795777325.5", sig.signature, sent), Contains("malformed X-Timestamp"));
  CHECK_THAT(refusal("s3cret", body, "-1", sig.signature, sent), Contains("malformed X-Timestamp"));
  // Yesterday's signature (the scheme before X-Timestamp: the body alone) is refused too.
  CHECK_THAT(refusal("s3cret", body, sig.timestamp, body_only_signature("s3cret", body), sent),
             Contains("wrong X-Signature"));
  // Five minutes and a second either way: refused, and the body says by how much and why.
  CHECK(refusal("s3cret", body, sig.timestamp, sig.signature, sent + 5min + 1s) ==
        "X-Timestamp is 301 s behind the bot's clock, more than 300 s: refused as a possible replay; sign the "
        "current time");
  CHECK_THAT(refusal("s3cret", body, sig.timestamp, sig.signature, sent - 5min - 1s), Contains("301 s ahead of"));
  CHECK_THAT(refusal("s3cret", body, sig.timestamp, sig.signature, sent + 24h * 31), Contains("possible replay"));
  CHECK_THAT(refusal("", body, sig.timestamp, sign_call_hook("", body, sent).signature, sent),
             Contains("secret is not set"));  // no secret: nothing is accepted
  std::string why;
  auto h = decode_call_hook(body, &why);
  REQUIRE(h);
  CHECK(h->kind == CallHook::Kind::missed);
  CHECK(h->to_line == "z-office-1");
  CHECK_FALSE(h->to_user);
  CHECK(h->dedupe_id() == "call:c-555:missed");
  CHECK_FALSE(decode_call_hook("nope", &why));
  CHECK_FALSE(decode_call_hook(R"({"event":"ringing","call_id":"c","ts":"2026-11-27T11:02:03Z","from":"1"})", &why));
  CHECK_THAT(why, Contains("ringing"));
  CHECK_FALSE(decode_call_hook(R"({"event":"missed","call_id":"c","ts":"yesterday","from":"1"})", &why));
}

TEST_CASE("a missed call to a z- line: the assistant on duty at once, supervisors after 15 minutes") {
  BotHarness bot(msk(2026, 11, 27, 14, 0));
  bot.say(anna(), staff_chat(), "Дежурю до 21:00");
  bot.sent();
  bot.advance_to(msk(2026, 11, 27, 14, 2, 30));  // the webhook arrives half a minute after the call
  bot.engine->on_call(hook(CallHook::Kind::missed, "c-1", msk(2026, 11, 27, 14, 2), "+7-916-000-00-00", "z-office-1"));
  auto now = bot.sent();
  REQUIRE(to(now, "u-anna").size() == 1);
  CHECK_THAT(to(now, "u-anna")[0].text,
             Contains("+7-916-000-00-00 на линию z-office-1 в 14:02") && Contains("до 14:17"));
  bot.advance_to(msk(2026, 11, 27, 14, 16));
  CHECK(bot.sent().empty());
  bot.advance_to(msk(2026, 11, 27, 14, 17));
  auto late = to(bot.sent(), "u-sveta");
  REQUIRE(late.size() == 1);
  CHECK_THAT(late[0].text, Contains("Не перезвонили вовремя") && Contains("Дежурит: Анна"));
  bot.advance(1h);
  CHECK(bot.sent().empty());  // told once
}

TEST_CASE("a callback closes every open missed call from the number, records it, and nothing more is said") {
  BotHarness bot(msk(2026, 11, 27, 14, 0));
  bot.say(anna(), staff_chat(), "Дежурю до 21:00");
  bot.advance_to(msk(2026, 11, 27, 14, 2));
  bot.engine->on_call(hook(CallHook::Kind::missed, "c-1", msk(2026, 11, 27, 14, 2), "+7-916-1", "z-office-1"));
  bot.advance_to(msk(2026, 11, 27, 14, 5));
  bot.engine->on_call(hook(CallHook::Kind::missed, "c-2", msk(2026, 11, 27, 14, 5), "+7-916-1", "z-office-2"));
  bot.sent();
  bot.advance_to(msk(2026, 11, 27, 14, 8));
  bot.engine->on_call(hook(CallHook::Kind::callback, "c-3", msk(2026, 11, 27, 14, 8), "+7-916-1", "z-office-1"));
  CHECK(bot.store->open_calls(10).empty());
  bot.advance(1h);
  CHECK(bot.sent().empty());
  auto st =
      bot.store->db().prepare("SELECT call_id, returned_at - missed_at, returned_how FROM calls ORDER BY call_id");
  REQUIRE(st.step());
  CHECK(st.int64(1) == std::int64_t{6} * 60000);
  CHECK(st.text(2) == "callback");
  REQUIRE(st.step());
  CHECK(st.int64(1) == std::int64_t{3} * 60000);
}

TEST_CASE("a missed call for a person: that person at once; after an hour the assistant, then 15 minutes") {
  BotHarness bot(msk(2026, 11, 27, 14, 0));
  bot.say(anna(), staff_chat(), "Дежурю до 21:00");
  bot.sent();
  bot.engine->on_call(
      hook(CallHook::Kind::missed, "c-9", msk(2026, 11, 27, 14, 0), "+7-903-2", "boris-mobile", "u-boris"));
  auto first = bot.sent();
  REQUIRE(to(first, "u-boris").size() == 1);
  CHECK(to(first, "u-anna").empty());
  bot.advance_to(msk(2026, 11, 27, 14, 59));
  CHECK(bot.sent().empty());
  bot.advance_to(msk(2026, 11, 27, 15, 0));
  auto handed = to(bot.sent(), "u-anna");
  REQUIRE(handed.size() == 1);
  CHECK_THAT(handed[0].text, Contains("Борис не перезвонил(а) за час") && Contains("до 15:15"));
  bot.advance_to(msk(2026, 11, 27, 15, 15));
  CHECK(to(bot.sent(), "u-sveta").size() == 1);
}

TEST_CASE(
    "an answered later call also closes it; a repeated webhook is handled once; a future ts counts from arrival") {
  BotHarness bot(msk(2026, 11, 27, 14, 0));
  bot.say(anna(), staff_chat(), "Дежурю до 21:00");
  bot.sent();
  auto missed = hook(CallHook::Kind::missed, "c-1", msk(2026, 11, 27, 15, 0), "+7-1", "z-line");  // an hour ahead
  CHECK(bot.engine->on_call(missed) == Engine::Outcome::handled);
  CHECK(bot.engine->on_call(missed) == Engine::Outcome::duplicate);
  CHECK(to(bot.sent(), "u-anna").size() == 1);
  bot.advance_to(msk(2026, 11, 27, 14, 15));  // 15 minutes from arrival, not from the stated time
  CHECK(to(bot.sent(), "u-sveta").size() == 1);
  bot.engine->on_call(hook(CallHook::Kind::answered, "c-2", msk(2026, 11, 27, 14, 20), "+7-1", "z-line"));
  CHECK(bot.store->open_calls(10).empty());
}

TEST_CASE("with nobody on duty a missed office call goes to supervisors at once; «/звонки» lists the open ones") {
  BotHarness bot(msk(2026, 11, 27, 14, 0));
  bot.engine->on_call(hook(CallHook::Kind::missed, "c-1", msk(2026, 11, 27, 13, 50), "+7-1", "z-a"));
  CHECK_THAT(to(bot.sent(), "u-sveta").at(0).text, Contains("дежурного нет"));
  bot.engine->on_call(hook(CallHook::Kind::missed, "c-2", msk(2026, 11, 27, 13, 55), "+7-2", "z-b"));
  bot.sent();
  auto q = bot.say(boris(), staff_chat(), "/звонки");
  auto out = bot.sent();
  REQUIRE(out.size() == 1);
  CHECK(out[0].reply_to == std::optional<std::string>(q));
  auto a = out[0].text.find("+7-1"), b = out[0].text.find("+7-2");
  REQUIRE(a != std::string::npos);
  REQUIRE(b != std::string::npos);
  CHECK(a < b);
}

TEST_CASE("the end-of-shift check lists unreturned calls; the report counts calls in time, late and not returned") {
  BotHarness bot(msk(2026, 11, 27, 8, 0));
  bot.say(sveta(), staff_chat(), "/смена u-anna 27.11 09:00-21:00");
  bot.advance_to(msk(2026, 11, 27, 10, 0));
  bot.engine->on_call(hook(CallHook::Kind::missed, "c-1", bot.clock.now(), "+7-1", "z-a"));
  bot.advance(5min);
  bot.engine->on_call(hook(CallHook::Kind::callback, "c-1b", bot.clock.now(), "+7-1", "z-a"));  // in time
  bot.advance_to(msk(2026, 11, 27, 12, 0));
  bot.engine->on_call(hook(CallHook::Kind::missed, "c-2", bot.clock.now(), "+7-2", "z-a"));
  bot.advance(20min);
  bot.engine->on_call(hook(CallHook::Kind::callback, "c-2b", bot.clock.now(), "+7-2", "z-a"));  // late
  bot.advance_to(msk(2026, 11, 27, 20, 0));
  bot.engine->on_call(hook(CallHook::Kind::missed, "c-3", bot.clock.now(), "+7-3", "z-b"));  // never
  bot.sent();
  bot.advance_to(msk(2026, 11, 27, 20, 45));
  std::string check = text_with(to(bot.sent(), "u-anna"), "Перед окончанием");
  CHECK_THAT(check, Contains("Не перезвонили:\n• +7-3 (z-b), звонок в 20:00"));
  bot.advance_to(msk(2026, 11, 27, 21, 0));
  std::string report = text_with(in_chat(bot.sent(), "staff"), "Итоги");
  CHECK_THAT(report, Contains("Пропущенные звонки: перезвонили вовремя 1, с опозданием 1, не перезвонили 1"));
  CHECK_THAT(report, Contains("звонок +7-2 на z-a в 12:00: перезвонили в 12:20, срок был 12:15 — позже на 5 мин"));
  CHECK_THAT(report, Contains("звонок +7-3 на z-b в 20:00: не перезвонили (срок был 20:15)"));
}

TEST_CASE("outside coverage hours with nobody on duty a missed call pages nobody; its 15 minutes start with coverage") {
  BotHarness bot(msk(2026, 11, 27, 2, 0));
  bot.settings.coverage = handlers::Coverage::from_spec({{"daily", {"09:00-21:00"}}}, {});
  bot.restart();
  bot.engine->on_call(hook(CallHook::Kind::missed, "c-1", bot.clock.now(), "+7-1", "z-office-1"));
  bot.engine->on_call(hook(CallHook::Kind::missed, "c-2", bot.clock.now(), "+7-2", "boris-mobile", "u-boris"));
  auto night = bot.sent();
  CHECK(to(night, "u-boris").size() == 1);  // a person's own missed call is theirs at once
  CHECK(to(night, "u-sveta").empty());      // nobody is paged for the office line
  bot.advance_to(msk(2026, 11, 27, 8, 59));
  CHECK(bot.sent().empty());  // nor when Boris's hour passes at night
  bot.say(anna(), staff_chat(), "Дежурю до 21:00");
  bot.sent();
  bot.advance_to(msk(2026, 11, 27, 9, 0));
  auto morning = to(bot.sent(), "u-anna");
  CHECK_THAT(text_with(morning, "+7-1"), Contains("до 09:15"));
  CHECK_THAT(text_with(morning, "+7-2"), Contains("Борис не перезвонил(а) за час") && Contains("до 09:15"));
  bot.advance_to(msk(2026, 11, 27, 9, 15));
  CHECK(to(bot.sent(), "u-sveta").size() == 2);
}

TEST_CASE("«/звонки» with 210 open calls: 200 listed oldest first over messages within the limit, the rest counted") {
  BotHarness bot(msk(2026, 11, 27, 14, 0));
  for (int i = 0; i < 210; ++i)
    bot.engine->on_call(hook(CallHook::Kind::missed, "c-" + std::to_string(i),
                             msk(2026, 11, 27, 10, 0) + std::chrono::seconds(i), "+7-916-" + std::to_string(1000 + i),
                             "z-office-1"));
  bot.sent();
  bot.say(boris(), staff_chat(), "/звонки");
  auto answers = in_chat(bot.sent(), "staff");
  REQUIRE(answers.size() > 1);
  CHECK_THAT(answers[0].text, Catch::StartsWith("Пропущенные звонки без ответа (210)"));
  std::size_t lines = 0;
  for (const auto& a : answers) {
    CHECK(utf8::length(a.text) <= proto::kMaxTextChars);
    std::istringstream in(a.text);
    for (std::string line; std::getline(in, line);)
      if (line.rfind("• ", 0) == 0) {
        CHECK_THAT(line, Contains("+7-916-" + std::to_string(1000 + lines)));  // in order, none skipped or cut
        ++lines;
      }
  }
  CHECK(lines == 200);
  CHECK_THAT(answers.back().text, Catch::EndsWith("…и ещё 10, самые новые"));
}
