// The only bot code that knows Beast, Asio and TLS. Style follows Boost.Beast's C++20 awaitable examples;
// errors are values (as_tuple), never exceptions, on the I/O path.
#include "bot/gateway_client.h"

#include "core/net.h"

#include <deque>
#include <random>

#include <spdlog/spdlog.h>

#include "bot/engine.h"
#include "bot/gateway_session.h"
#include "core/protocol.h"
#include "core/url.h"

namespace dutybot {
namespace {

constexpr auto nothrow = net::as_tuple(net::use_awaitable);

using PlainWs = websocket::stream<beast::tcp_stream>;
using TlsWs = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

struct End {
  GatewaySession::Next next = GatewaySession::Next::reconnect_later;
  std::string why;
};

// One live connection: the socket, its write queue and the protocol logic, shared by its coroutines.
template <class Ws>
struct Link {
  template <class... Args>
  explicit Link(net::io_context& io, Engine& engine, Args&&... args)
      : ws(io, std::forward<Args>(args)...),
        wake_writer(io),
        tick(io),
        session(engine, [this](std::string frame) { enqueue(std::move(frame)); }) {}

  void enqueue(std::string frame) {
    if (closed) return;
    out.push_back(std::move(frame));
    wake_writer.cancel();
  }
  void finish(End e) {
    if (!end) end = std::move(e);
    closed = true;
    tick.cancel();
    wake_writer.cancel();
  }
  void hard_close() {
    beast::error_code ignored;
    beast::get_lowest_layer(ws).socket().close(ignored);
  }

  Ws ws;
  std::deque<std::string> out;
  net::steady_timer wake_writer;
  net::steady_timer tick;
  GatewaySession session;
  bool closed = false;
  bool close_requested = false;
  std::optional<End> end;
};

template <class Ws>
awaitable<void> write_loop(std::shared_ptr<Link<Ws>> link) {
  while (true) {
    if (link->out.empty()) {
      if (link->close_requested) {
        auto [ec] = co_await link->ws.async_close(websocket::close_code::normal, nothrow);
        if (ec) link->hard_close();
        co_return;
      }
      if (link->closed) co_return;
      link->wake_writer.expires_at(Steady::time_point::max());
      co_await link->wake_writer.async_wait(nothrow);
      continue;
    }
    if (link->closed && !link->close_requested) co_return;
    std::string frame = std::move(link->out.front());
    link->out.pop_front();
    link->ws.text(true);
    auto [ec, n] = co_await link->ws.async_write(net::buffer(frame), nothrow);
    if (ec) {
      link->finish({GatewaySession::Next::reconnect_later, "write failed: " + ec.message()});
      link->hard_close();
      co_return;
    }
  }
}

template <class Ws>
awaitable<void> tick_loop(std::shared_ptr<Link<Ws>> link) {
  while (!link->closed) {
    link->tick.expires_at(link->session.next_wake(Steady::now()));
    co_await link->tick.async_wait(nothrow);
    if (link->closed) co_return;
    auto step = link->session.on_tick(Steady::now());
    if (step.next != GatewaySession::Next::go_on) {
      link->finish({step.next, step.why});
      link->hard_close();
      co_return;
    }
  }
}

End end_from_close(const beast::error_code& ec, const websocket::close_reason& reason) {
  using Next = GatewaySession::Next;
  if (ec == websocket::error::closed) {
    int code = reason.code;
    std::string why = "server closed the link with " + std::to_string(code) +
                      (reason.reason.empty() ? "" : " (" + std::string(reason.reason.c_str()) + ")");
    if (code == 4003) return {Next::stop_auth, "the gateway revoked the token (close 4003)"};
    if (code == 1001 || code == 4000) return {Next::reconnect_now, why};
    return {Next::reconnect_later, why};
  }
  if (ec == websocket::error::message_too_big) return {Next::reconnect_later, "a frame over 64 KiB (closed with 1009)"};
  return {Next::reconnect_later, "link lost: " + ec.message()};
}

}  // namespace

struct GatewayClient::Impl : std::enable_shared_from_this<GatewayClient::Impl> {
  Impl(net::io_context& io_, GatewayOptions o, Engine& e) : io(io_), opt(std::move(o)), engine(e), backoff(io_) {}

  net::io_context& io;
  GatewayOptions opt;
  Engine& engine;
  WsUrl url;
  std::unique_ptr<ssl::context> tls;
  ExitFn on_exit;
  bool stopping = false;
  bool connected = false;  // hello seen on the current link, and the link not ended
  std::function<void()> close_link;
  net::steady_timer backoff;
  std::mt19937_64 rng{std::random_device{}()};

  bool prepare(std::string* why) {
    auto u = parse_ws_url(opt.url, why);
    if (!u) return false;
    url = *u;
    if (!url.tls) return true;
    tls = std::make_unique<ssl::context>(ssl::context::tls_client);
    tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                     ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    beast::error_code ec;
    if (!opt.ca_file.empty()) {
      tls->load_verify_file(opt.ca_file, ec);
      if (ec) {
        *why = "cannot load messenger.ca_file '" + opt.ca_file + "': " + ec.message();
        return false;
      }
    } else {
      tls->set_default_verify_paths(ec);
    }
    if (opt.insecure_skip_verify) {
      tls->set_verify_mode(ssl::verify_none);
    } else {
      tls->set_verify_mode(ssl::verify_peer);
      tls->set_verify_callback(ssl::host_name_verification(url.host));
    }
    return true;
  }

  template <class Ws>
  awaitable<End> connect_and_run() {
    using Next = GatewaySession::Next;
    tcp::resolver resolver(io);
    auto [rec, endpoints] = co_await resolver.async_resolve(url.host, url.port, nothrow);
    if (rec) co_return End{Next::reconnect_later, "cannot resolve " + url.host + ": " + rec.message()};

    std::shared_ptr<Link<Ws>> link;
    if constexpr (std::is_same_v<Ws, TlsWs>)
      link = std::make_shared<Link<Ws>>(io, engine, *tls);
    else
      link = std::make_shared<Link<Ws>>(io, engine);
    auto& ws = link->ws;
    auto& lowest = beast::get_lowest_layer(ws);

    lowest.expires_after(std::chrono::seconds(10));
    auto [cec, ep] = co_await lowest.async_connect(endpoints, nothrow);
    if (cec)
      co_return End{Next::reconnect_later, "cannot connect to " + url.host + ":" + url.port + ": " + cec.message()};
    // Small frames (acks, replies) go out at once: without this a reply that follows a heartbeat waits for
    // Nagle's algorithm and the peer's delayed ack (tens of milliseconds).
    beast::error_code nodelay_ec;
    lowest.socket().set_option(tcp::no_delay(true), nodelay_ec);

    if constexpr (std::is_same_v<Ws, TlsWs>) {
      if (!SSL_set_tlsext_host_name(ws.next_layer().native_handle(), url.host.c_str()))
        co_return End{Next::reconnect_later, "cannot set TLS server name"};
      auto [hec] = co_await ws.next_layer().async_handshake(ssl::stream_base::client, nothrow);
      if (hec) co_return End{Next::reconnect_later, "TLS handshake with " + url.host + " failed: " + hec.message()};
    }
    lowest.expires_never();
    websocket::stream_base::timeout timeouts{std::chrono::seconds(10), websocket::stream_base::none(), false};
    ws.set_option(timeouts);
    ws.set_option(websocket::stream_base::decorator([token = opt.token](websocket::request_type& req) {
      req.set(http::field::authorization, "Bearer " + token);
      req.set(http::field::user_agent, "dutybot");
    }));
    ws.read_message_max(proto::kMaxFrameBytes);
    websocket::response_type res;
    auto [wec] = co_await ws.async_handshake(res, url.host + ":" + url.port, url.target, nothrow);
    if (wec) {
      if (res.result() == http::status::unauthorized)
        co_return End{Next::stop_auth, "the gateway refused the token (HTTP 401)"};
      co_return End{Next::reconnect_later, "WebSocket upgrade failed: " + wec.message()};
    }

    close_link = [weak = std::weak_ptr<Link<Ws>>(link)] {
      if (auto l = weak.lock()) {
        l->close_requested = true;
        l->wake_writer.cancel();
      }
    };
    net::co_spawn(io, write_loop<Ws>(link), net::detached);
    net::co_spawn(io, tick_loop<Ws>(link), net::detached);

    beast::flat_buffer buffer;
    while (!link->closed) {
      auto [ec, n] = co_await ws.async_read(buffer, nothrow);
      if (ec) {
        link->finish(end_from_close(ec, ws.reason()));
        break;
      }
      std::string text = beast::buffers_to_string(buffer.data());
      buffer.consume(buffer.size());
      if (link->close_requested) continue;  // stopping: read only until the close completes
      // More input already in the socket: the event may join the ones behind it in one transaction.
      beast::error_code avail_ec;
      const bool more_buffered = lowest.socket().available(avail_ec) > 0;
      auto step = link->session.on_frame(text, Steady::now(), more_buffered);
      connected = link->session.ready();
      if (step.next != Next::go_on) {
        link->finish({step.next, step.why});
        link->hard_close();
        break;
      }
      // New work may be due sooner; while events queue for a batch, the tick keeps the first one's deadline.
      if (link->session.queued_events() <= 1) link->tick.cancel();
    }
    link->finish({Next::reconnect_later, "link closed"});
    connected = false;
    close_link = nullptr;
    co_return *link->end;
  }

  awaitable<void> run() {
    using Next = GatewaySession::Next;
    int attempt = 0;
    std::string last_why;
    std::optional<Steady::time_point> last_immediate;
    while (!stopping) {
      auto started = Steady::now();
      // (No co_await inside ?: — GCC 12 miscompiles that.)
      End end;
      if (url.tls)
        end = co_await connect_and_run<TlsWs>();
      else
        end = co_await connect_and_run<PlainWs>();
      if (stopping) break;
      if (end.next == Next::stop_auth) {
        spdlog::critical("authentication failed: {}. Check the bot's token; not reconnecting.", end.why);
        finish(GatewayExit::auth_failed, end.why);
        co_return;
      }
      if (Steady::now() - started >= opt.stable_after) attempt = 0;
      std::chrono::milliseconds delay{0};
      // «reconnect», 1001 and 4000 reconnect at once — unless the last immediate reconnect was moments ago,
      // so a server that keeps asking cannot make a tight loop of it.
      const bool at_once = end.next == Next::reconnect_now &&
                           (!last_immediate || Steady::now() - *last_immediate > std::chrono::seconds(5));
      if (at_once) last_immediate = Steady::now();
      if (!at_once) {
        auto cap = opt.backoff_initial * (1LL << std::min(attempt, 20));
        cap = std::min<std::chrono::milliseconds>(cap, opt.backoff_max);
        std::uniform_int_distribution<std::int64_t> jitter(0, cap.count());  // full jitter
        delay = std::chrono::milliseconds(jitter(rng));
      }
      ++attempt;
      if (end.why != last_why)
        spdlog::warn("{}; reconnecting in {} ms", end.why, delay.count());
      else
        spdlog::info("{} again; reconnecting in {} ms (attempt {})", end.why, delay.count(), attempt);
      last_why = end.why;
      backoff.expires_after(delay);
      co_await backoff.async_wait(nothrow);
    }
    finish(GatewayExit::stopped, "");
  }

  void finish(GatewayExit how, const std::string& why) {
    if (on_exit) {
      auto fn = std::move(on_exit);
      on_exit = nullptr;
      fn(how, why);
    }
  }
};

GatewayClient::GatewayClient(net::io_context& io, GatewayOptions options, Engine& engine)
    : impl_(std::make_shared<Impl>(io, std::move(options), engine)) {}

GatewayClient::~GatewayClient() = default;

void GatewayClient::start(ExitFn on_exit) {
  impl_->on_exit = std::move(on_exit);
  std::string why;
  if (!impl_->prepare(&why)) {
    impl_->finish(GatewayExit::bad_config, why);
    return;
  }
  if (impl_->url.tls && impl_->opt.insecure_skip_verify)
    spdlog::warn("messenger.insecure_skip_verify is on: the server's certificate is NOT checked. Development only!");
  net::co_spawn(impl_->io, impl_->run(), [self = impl_](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      spdlog::critical("gateway client failed: {}", ex.what());
      self->finish(GatewayExit::stopped, ex.what());
    }
  });
}

bool GatewayClient::connected() const { return impl_->connected; }

void GatewayClient::stop() {
  impl_->stopping = true;
  impl_->backoff.cancel();
  if (impl_->close_link) impl_->close_link();
}

}  // namespace dutybot
