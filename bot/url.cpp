#include "bot/url.h"

namespace dutybot {

std::optional<WsUrl> parse_ws_url(std::string_view url, std::string* why) {
  WsUrl u;
  if (url.starts_with("wss://")) {
    u.tls = true;
    url.remove_prefix(6);
  } else if (url.starts_with("ws://")) {
    url.remove_prefix(5);
  } else {
    *why = "the messenger URL must start with ws:// or wss://";
    return std::nullopt;
  }
  auto slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  u.target = slash == std::string_view::npos ? "/bot/v1" : std::string(url.substr(slash));
  if (authority.empty()) {
    *why = "the messenger URL has no host";
    return std::nullopt;
  }
  if (authority.front() == '[') {  // [::1]:8080
    auto close = authority.find(']');
    if (close == std::string_view::npos) {
      *why = "unterminated IPv6 address in the messenger URL";
      return std::nullopt;
    }
    u.host = std::string(authority.substr(1, close - 1));
    auto rest = authority.substr(close + 1);
    u.port = rest.starts_with(":") ? std::string(rest.substr(1)) : "";
  } else {
    auto colon = authority.rfind(':');
    u.host = std::string(authority.substr(0, colon));
    u.port = colon == std::string_view::npos ? "" : std::string(authority.substr(colon + 1));
  }
  if (u.port.empty()) u.port = u.tls ? "443" : "80";
  for (char c : u.port)
    if (c < '0' || c > '9') {
      *why = "the port in the messenger URL is not a number";
      return std::nullopt;
    }
  return u;
}

}  // namespace dutybot
