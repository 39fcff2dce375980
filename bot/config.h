#pragma once
// dutybot's configuration: a JSON file (comments allowed) where every key has a default. The rules'
// thresholds are the handlers' own settings structs, so their defaults are written once (handlers/common/settings.h).
#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <date/tz.h>

#include "handlers/common/settings.h"

namespace dutybot {

struct Config {
  struct Messenger {
    std::string url;         // ws:// or wss://; empty: the embedded sandbox
    std::string token_file;  // else env DUTYBOT_TOKEN
    std::string ca_file;     // a private CA for wss://
    bool insecure_skip_verify = false;
  } messenger;
  std::string db = "dutybot.db";
  std::string timezone = "Europe/Moscow";
  std::string staff_chat;                               // empty: the first chat of kind staff
  std::map<std::string, std::string> people_timezones;  // user id → IANA zone, for staff outside `timezone`
  struct Reconnect {
    std::chrono::milliseconds initial{1000};
    std::chrono::milliseconds max{60000};
    std::chrono::milliseconds stable{60000};  // a connection this old resets the backoff
  } reconnect;
  handlers::UnansweredSettings unanswered;
  handlers::ShiftSettings shifts;
  std::string handbook;  // a replacement handbook file; empty: the built-in one
  struct Http {
    std::string listen = "127.0.0.1:8081";  // the webhook, the console, /metrics, /healthz, /readyz
    std::string public_url;                 // the console's address in login links; empty: http:// + listen
    std::string chart_js = "/usr/share/javascript/chart.js/chart.min.js";  // Debian's libjs-chart.js
    std::string console_url() const { return public_url.empty() ? "http://" + listen : public_url; }
  } http;
  struct Hooks {
    std::string secret_env = "DUTYBOT_HOOK_SECRET";
  } hooks;
  handlers::CallSettings calls;
  struct Requests : handlers::RequestSettings {
    std::string words;  // a replacement word list; empty: the built-in one
  } requests;
  struct CoverageSpec {
    std::map<std::string, std::vector<std::string>> hours;  // empty: always
    std::vector<std::string> holidays;
  } coverage;
  struct EmbeddedSandbox {
    std::string listen = "127.0.0.1:8765";
    std::string data;       // default: <db>-sandbox.db beside the bot's database
    std::string directory;  // default: the built-in demo directory
  } sandbox;

  bool embedded() const { return messenger.url.empty(); }
};

// Every problem a config has, each naming its key and what would be right; what() lists them a line each.
class ConfigError : public std::runtime_error {
public:
  explicit ConfigError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

private:
  std::vector<std::string> problems_;
};

// An IANA zone by name; throws std::runtime_error saying it is unknown and what a name looks like.
const date::time_zone* zone_or_throw(const std::string& name);

// Reads a config file; throws ConfigError with every problem (unknown keys at any depth included), or
// std::runtime_error when the file cannot be read.
Config load_config(const std::string& path);
// Parses config text (for tests); `origin` names it in errors.
Config parse_config(const std::string& text, const std::string& origin);
// The same, adding every problem to `problems` and keeping defaults where a value is wrong (dutybot check-config).
Config read_config(const std::string& text, const std::string& origin, std::vector<std::string>& problems);
// Every key a config may hold, as paths ("db", "messenger", "messenger.url", …): the shipped config names them all.
std::vector<std::string> config_keys();

// Where the bot's token comes from; the first that is there wins: systemd's credential "token" (the unit's
// LoadCredential=, read from $CREDENTIALS_DIRECTORY/token), the environment variable DUTYBOT_TOKEN, the config's
// messenger.token_file.
struct TokenSource {
  enum class Kind { credential, environment, file, none };
  Kind kind = Kind::none;
  std::string path;  // the credential's file or the token file
};
TokenSource token_source(const Config& cfg);

// The token a file holds: its first line, trailing spaces cut; throws when it cannot be read or is empty.
std::string read_token_file(const std::string& path);

// What to do when there is no token, for the bot's start and check-config alike.
inline constexpr const char* kNoTokenHelp =
    "no token: write it in /etc/dutybot/token (chmod 600) for the service's credential, name a file that holds it "
    "in messenger.token_file (chmod 600), or set DUTYBOT_TOKEN";

// The bot's token from its token_source(); throws saying where to put one when there is none.
std::string load_token(const Config& cfg);

}  // namespace dutybot
