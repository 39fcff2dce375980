// The bot's HTTP/1.1 endpoint (Beast): keep-alive connections, a size limit on every request, idle timeouts.
#include "bot/http_server.h"

#include "core/net.h"

#include <spdlog/spdlog.h>

#include "bot/web_routes.h"

namespace dutybot {
namespace {

constexpr auto nothrow = net::as_tuple(net::use_awaitable);
constexpr std::size_t kMaxBody = std::size_t{16} * 1024;
constexpr std::size_t kMaxHeader = std::size_t{8} * 1024;
constexpr auto kIdle = std::chrono::seconds(30);
constexpr int kMaxRequestsPerConnection = 100;

HttpRequest to_request(const http::request<http::string_body>& req) {
  HttpRequest out;
  out.method = std::string(req.method_string());
  out.target = std::string(req.target());
  for (const auto& field : req) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers.emplace(std::move(name), std::string(field.value()));
  }
  out.body = req.body();
  return out;
}

http::response<http::string_body> to_response(HttpReply reply, unsigned version, bool keep_alive, bool head) {
  http::response<http::string_body> res{static_cast<http::status>(reply.status), version};
  res.set(http::field::server, "dutybot");
  res.set(http::field::content_type, reply.content_type);
  for (auto& [name, value] : reply.headers) res.insert(name, value);
  res.keep_alive(keep_alive);
  res.body() = std::move(reply.body);
  res.prepare_payload();
  if (head) res.body().clear();  // HEAD: the GET's headers (Content-Length included), no body
  return res;
}

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(net::io_context& io, WebRoutes& r) : acceptor(io), routes(r) {}
  tcp::acceptor acceptor;
  WebRoutes& routes;
  bool stopped = false;

  awaitable<void> serve(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (int served = 0; served < kMaxRequestsPerConnection && !stopped; ++served) {
      stream.expires_after(kIdle);
      http::request_parser<http::string_body> parser;
      parser.body_limit(kMaxBody);
      parser.header_limit(kMaxHeader);
      auto [ec, n] = co_await http::async_read(stream, buffer, parser, nothrow);
      if (ec) {
        if (ec == http::error::body_limit || ec == http::error::header_limit) {
          HttpReply too_big{
              ec == http::error::body_limit ? 413 : 431, "text/plain; charset=utf-8", "request too large\n", {}};
          auto res = to_response(std::move(too_big), 11, false, false);
          co_await http::async_write(stream, res, nothrow);
        }
        break;
      }
      const auto& req = parser.get();
      const bool keep_alive = req.keep_alive() && served + 1 < kMaxRequestsPerConnection;
      auto res =
          to_response(routes.handle(to_request(req)), req.version(), keep_alive, req.method() == http::verb::head);
      auto [wec, wn] = co_await http::async_write(stream, res, nothrow);
      if (wec || !keep_alive) break;
    }
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

HttpServer::HttpServer(net::io_context& io, const std::string& host, unsigned short port, WebRoutes& routes)
    : impl_(std::make_shared<Impl>(io, routes)) {
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

HttpServer::~HttpServer() { stop(); }

unsigned short HttpServer::port() const {
  beast::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void HttpServer::stop() {
  impl_->stopped = true;
  beast::error_code ec;
  impl_->acceptor.close(ec);
}

}  // namespace dutybot
