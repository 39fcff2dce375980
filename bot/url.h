#pragma once
// Splits ws:// and wss:// URLs into the parts a connection needs.
#include <optional>
#include <string>
#include <string_view>

namespace dutybot {

struct WsUrl {
  bool tls = false;
  std::string host;
  std::string port;
  std::string target;  // path and query, "/bot/v1" by default
};

std::optional<WsUrl> parse_ws_url(std::string_view url, std::string* why);

}  // namespace dutybot
