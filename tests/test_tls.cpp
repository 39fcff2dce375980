// wss:// between the real bot and the real sandbox, with a CA and certificates this test makes.
#include <catch2/catch.hpp>

#include "support/live_setup.h"

using namespace dutybot;
using namespace dutybot::testing;
using namespace std::chrono_literals;
using Catch::Contains;

namespace {

// A CA and a server certificate for DNS:localhost only, signed by it; and a second, unrelated CA.
void make_certificates(const TempDir& dir) {
  const std::string d = dir.path().string();
  const std::string script =
      "set -e; cd '" + d +
      "'; "
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem "
      "  -days 2 -subj '/CN=dutybot test CA' 2>/dev/null; "
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout other.key -out other-ca.pem "
      "  -days 2 -subj '/CN=some other CA' 2>/dev/null; "
      "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr "
      "  -subj '/CN=localhost' 2>/dev/null; "
      "printf 'subjectAltName=DNS:localhost\\n' > san.ext; "
      "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 "
      "  -extfile san.ext 2>/dev/null";
  REQUIRE(std::system(("bash -c \"" + script + "\"").c_str()) == 0);
}

std::vector<std::string> tls_args(const TempDir& dir) {
  return {"--tls-cert", dir.file("server.pem"), "--tls-key", dir.file("server.key")};
}

bool bot_answers(LiveSandbox& sandbox, std::chrono::seconds patience) {
  auto boris = sandbox.person("t-boris");
  auto deadline = std::chrono::steady_clock::now() + patience;
  while (std::chrono::steady_clock::now() < deadline) {
    auto q = boris->post("staff", "кто дежурит?");
    if (boris->wait_message([&](auto& m) { return m.from.role == proto::Role::bot && m.reply_to == q.message_id; }, 2s))
      return true;
  }
  return false;
}

}  // namespace

TEST_CASE("wss with the private CA: the bot connects and answers") {
  TempDir dir;
  make_certificates(dir);
  LiveSandbox sandbox(dir, tls_args(dir), "localhost");
  sandbox.ca_file = dir.file("ca.pem");
  LiveBot bot(dir, sandbox.url("/bot/v1"), dir.file("ca.pem"));
  CHECK(bot_answers(sandbox, 15s));
}

TEST_CASE("wss refuses a certificate for another host name, and one from an unknown CA") {
  TempDir dir;
  make_certificates(dir);
  LiveSandbox sandbox(dir, tls_args(dir), "localhost");
  sandbox.ca_file = dir.file("ca.pem");
  const std::string by_ip = "wss://127.0.0.1" + sandbox.url("").substr(sandbox.url("").rfind(':')) + "/bot/v1";
  SECTION("wrong host name") {
    LiveBot bot(dir, by_ip, dir.file("ca.pem"));
    CHECK_FALSE(bot_answers(sandbox, 4s));
    CHECK_THAT(bot.log(), Contains("TLS handshake") && Contains("certificate verify failed"));
  }
  SECTION("unknown CA") {
    LiveBot bot(dir, sandbox.url("/bot/v1"), dir.file("other-ca.pem"));
    CHECK_FALSE(bot_answers(sandbox, 4s));
    CHECK_THAT(bot.log(), Contains("certificate verify failed"));
  }
  SECTION("system CAs only") {
    LiveBot bot(dir, sandbox.url("/bot/v1"));
    CHECK_FALSE(bot_answers(sandbox, 4s));
    CHECK_THAT(bot.log(), Contains("certificate verify failed"));
  }
}
