#pragma once
// The addresses the programs are given: ws:// and wss:// URLs, and HOST:PORT listen addresses (Boost.URL).
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace dutybot {

// The parts a WebSocket connection needs.
struct WsUrl {
  bool tls = false;
  std::string host;
  std::string port;
  std::string target;  // path and query, "/bot/v1" by default
};

// Parses a ws:// or wss:// URL; nullopt with the reason in *why when it is not one.
std::optional<WsUrl> parse_ws_url(std::string_view url, std::string* why);

// A plain http:// URL (the sandbox's missed-call button posts to the bot's webhook with it).
struct HttpUrl {
  std::string host;
  std::string port;
  std::string target;  // path and query, "/" by default
};
// Parses an http:// URL; nullopt with the reason in *why when it is not one.
std::optional<HttpUrl> parse_http_url(std::string_view url, std::string* why);

// A listen address: host and port.
struct HostPort {
  std::string host;
  unsigned short port = 0;
};

// "127.0.0.1:8765" or "[::1]:0" → host and port; throws std::runtime_error saying what is wrong.
HostPort split_host_port(std::string_view address);

// An HTTP request target split at '?': "/history?from=2026-12-01" → {"/history", "from=2026-12-01"}.
struct Target {
  std::string path;
  std::string query;
};
Target split_target(std::string_view target);

// A query string or an application/x-www-form-urlencoded body → name → value (decoded, '+' as a space; a repeated
// name keeps its first value); nullopt when it is not valid percent-encoding.
std::optional<std::map<std::string, std::string>> parse_form(std::string_view encoded);

}  // namespace dutybot
