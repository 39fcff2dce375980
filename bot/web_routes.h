#pragma once
// What the bot's HTTP listener answers, free of sockets: the telephony webhook, the supervisors' console and its
// login, the calendar feeds, /metrics, /healthz and /readyz. bot/http_server.cpp reads requests and writes these
// replies.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bot/metrics.h"
#include "core/call_hook.h"
#include "core/secret.h"
#include "handlers/common/settings.h"
#include "storage/bot_store.h"

namespace dutybot {

class Engine;

struct HttpRequest {
  std::string method;                          // GET, POST, …
  std::string target;                          // path and query
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

struct HttpReply {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

// Everything the routes read or change, owned elsewhere.
struct WebServices {
  Engine& engine;
  storage::BotStore& store;
  const handlers::Settings& settings;
  std::string hook_secret;                       // empty: the webhook is off (404)
  std::function<bool(const CallHook&)> on_call;  // false: not stored (503, the telephony retries)
  std::function<bool()> gateway_connected;
  const SecretSource* secrets = nullptr;                                 // session tokens; null: the system's CSPRNG
  std::string chart_js = "/usr/share/javascript/chart.js/chart.min.js";  // Debian's libjs-chart.js
};

// The session cookie's name.
inline constexpr const char* kSessionCookie = "dutybot_session";

class WebRoutes {
public:
  explicit WebRoutes(WebServices services);
  HttpReply handle(const HttpRequest& request);
  const WebhookCounts& webhook_counts() const { return webhook_counts_; }

private:
  HttpReply webhook(const HttpRequest& request);
  HttpReply login_form(const std::map<std::string, std::string>& query);
  HttpReply login(const HttpRequest& request);
  HttpReply logout(const HttpRequest& request);
  HttpReply metrics();
  HttpReply ready();
  HttpReply static_file(const std::string& path);
  HttpReply calendar(const std::string& path);  // a «/календарь» link's iCalendar feed
  // The console's pages, behind a session.
  HttpReply console(const std::string& path, const std::map<std::string, std::string>& query,
                    const storage::ConsoleUser& viewer);
  std::optional<storage::ConsoleUser> session_of(const HttpRequest& request) const;
  std::string fresh_token() const;

  WebServices s_;
  WebhookCounts webhook_counts_;
  std::optional<std::string> chart_js_;  // read once
};

}  // namespace dutybot
