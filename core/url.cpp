#include "core/url.h"

#include <stdexcept>

#include <boost/url/authority_view.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/url_view.hpp>

namespace dutybot {
namespace {

// The host as a socket resolver wants it: an IPv6 literal without its brackets.
template <class View>
std::string host_of(const View& v) {
  return v.host_type() == boost::urls::host_type::ipv6 ? v.host_ipv6_address().to_string()
                                                       : std::string(v.encoded_host());
}

// "8765" → 8765; nullopt for an empty port or one above 65535 (Boost.URL's grammar already allows digits only).
std::optional<unsigned short> port_number(std::string_view digits) {
  if (digits.empty() || digits.size() > 5) return std::nullopt;
  const unsigned long n = std::stoul(std::string(digits));
  if (n > 65535) return std::nullopt;
  return static_cast<unsigned short>(n);
}

}  // namespace

std::optional<WsUrl> parse_ws_url(std::string_view text, std::string* why) {
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) {
    *why = text.starts_with("ws://") || text.starts_with("wss://")
               ? "the messenger URL is malformed (" + parsed.error().message() + ")"
               : "the messenger URL must start with ws:// or wss://";
    return std::nullopt;
  }
  const boost::urls::url_view& u = *parsed;
  WsUrl out;
  if (u.scheme() == "wss") {
    out.tls = true;
  } else if (u.scheme() != "ws") {
    *why = "the messenger URL must start with ws:// or wss://";
    return std::nullopt;
  }
  if (!u.has_authority() || u.encoded_host().empty()) {
    *why = "the messenger URL has no host";
    return std::nullopt;
  }
  out.host = host_of(u);
  out.port = u.has_port() ? std::string(u.port()) : (out.tls ? "443" : "80");
  if (!port_number(out.port)) {
    *why = "the port in the messenger URL is not a number";
    return std::nullopt;
  }
  out.target = u.encoded_path().empty() ? "/bot/v1" : std::string(u.encoded_resource());
  return out;
}

std::optional<HttpUrl> parse_http_url(std::string_view text, std::string* why) {
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed || parsed->scheme() != "http" || !parsed->has_authority() || parsed->encoded_host().empty()) {
    *why = "not an http:// URL with a host: '" + std::string(text) + "'";
    return std::nullopt;
  }
  const boost::urls::url_view& u = *parsed;
  HttpUrl out{host_of(u), u.has_port() ? std::string(u.port()) : "80",
              u.encoded_path().empty() ? "/" : std::string(u.encoded_resource())};
  if (!port_number(out.port)) {
    *why = "the port in '" + std::string(text) + "' is not a number";
    return std::nullopt;
  }
  return out;
}

HostPort split_host_port(std::string_view address) {
  auto parsed = boost::urls::parse_authority(address);
  if (!parsed || !parsed->has_port() || parsed->encoded_host().empty() || parsed->has_userinfo())
    throw std::runtime_error("expected HOST:PORT, got '" + std::string(address) + "'");
  const auto port = port_number(parsed->port());
  if (!port) throw std::runtime_error("bad port in '" + std::string(address) + "'");
  return {host_of(*parsed), *port};
}

Target split_target(std::string_view target) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return {std::string(target), {}};
  return {std::string(target.substr(0, q)), std::string(target.substr(q + 1))};
}

std::optional<std::map<std::string, std::string>> parse_form(std::string_view encoded) {
  if (!boost::urls::parse_query(encoded)) return std::nullopt;  // checked first: the view below throws on bad input
  boost::urls::encoding_opts opt;
  opt.space_as_plus = true;
  std::map<std::string, std::string> out;
  for (const auto& p : boost::urls::params_view(encoded, opt)) out.try_emplace(p.key, p.has_value ? p.value : "");
  return out;
}

}  // namespace dutybot
