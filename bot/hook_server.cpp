// The bot's HTTP/1.1 webhook endpoint (Beast), one request per connection.
#include "bot/hook_server.h"

#include "core/net.h"

#include <spdlog/spdlog.h>

#include "core/call_hook.h"

namespace dutybot {
namespace {

constexpr auto nothrow = net::as_tuple(net::use_awaitable);
constexpr std::size_t kMaxBody = std::size_t{16} * 1024;

}  // namespace

struct HookServer::Impl : std::enable_shared_from_this<HookServer::Impl> {
  Impl(net::io_context& io, std::string s, OnCall f) : acceptor(io), secret(std::move(s)), on_call(std::move(f)) {}
  tcp::acceptor acceptor;
  std::string secret;
  OnCall on_call;
  bool stopped = false;

  http::response<http::string_body> answer(const http::request<http::string_body>& req) {
    auto reply = [&](http::status st, std::string body) {
      http::response<http::string_body> res{st, req.version()};
      res.set(http::field::content_type, "text/plain; charset=utf-8");
      res.keep_alive(false);
      res.body() = std::move(body) + "\n";
      res.prepare_payload();
      return res;
    };
    if (req.target() != "/hooks/calls") return reply(http::status::not_found, "unknown path");
    if (req.method() != http::verb::post) return reply(http::status::method_not_allowed, "POST only");
    if (!verify_call_hook(secret, req.body(), req["X-Signature"]))
      return reply(http::status::unauthorized, "missing or wrong X-Signature");
    std::string why;
    auto hook = decode_call_hook(req.body(), &why);
    if (!hook) return reply(http::status::bad_request, why);
    if (!on_call(*hook)) return reply(http::status::service_unavailable, "not stored; try again");
    return reply(http::status::ok, "ok");
  }

  awaitable<void> serve(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    stream.expires_after(std::chrono::seconds(10));
    beast::flat_buffer buffer;
    http::request_parser<http::string_body> parser;
    parser.body_limit(kMaxBody);
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, nothrow);
    if (ec) {
      if (ec == http::error::body_limit) {
        http::response<http::string_body> res{http::status::payload_too_large, 11};
        res.keep_alive(false);
        res.prepare_payload();
        co_await http::async_write(stream, res, nothrow);
      }
      co_return;
    }
    auto res = answer(parser.get());
    co_await http::async_write(stream, res, nothrow);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  awaitable<void> accept_loop(std::shared_ptr<Impl> self) {
    while (!stopped) {
      auto [ec, socket] = co_await acceptor.async_accept(nothrow);
      if (ec) {
        if (stopped) co_return;
        continue;
      }
      net::co_spawn(
          acceptor.get_executor(), [self, s = std::move(socket)]() mutable { return self->serve(std::move(s)); },
          net::detached);
    }
  }
};

HookServer::HookServer(net::io_context& io, const std::string& host, unsigned short port, std::string secret,
                       OnCall on_call)
    : impl_(std::make_shared<Impl>(io, std::move(secret), std::move(on_call))) {
  beast::error_code ec;
  auto address = net::ip::make_address(host, ec);
  if (ec) throw std::runtime_error("http.listen: not an IP address: '" + host + "'");
  tcp::endpoint ep{address, port};
  impl_->acceptor.open(ep.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(ep, ec);
  if (!ec) impl_->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error("http.listen: cannot listen on " + host + ":" + std::to_string(port) + ": " +
                             ec.message());
  net::co_spawn(io, impl_->accept_loop(impl_), net::detached);
}

HookServer::~HookServer() { stop(); }

unsigned short HookServer::port() const {
  beast::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void HookServer::stop() {
  impl_->stopped = true;
  beast::error_code ec;
  impl_->acceptor.close(ec);
}

}  // namespace dutybot
