// The sandbox's only Beast/Asio/TLS code. Style follows Boost.Beast's C++20 awaitable server examples.
#include "sandbox/server.h"

#include "core/net.h"

#include <deque>
#include <map>
#include <random>
#include <set>

#include <spdlog/spdlog.h>

#include "core/protocol.h"
#include "core/url.h"
#include "sandbox/state.h"
#include "sandbox/web_api.h"

namespace dutybot::sandbox {
namespace {

constexpr auto nothrow = net::as_tuple(net::use_awaitable);
// The browser chat's JSON bodies are a few dozen bytes.
constexpr std::uint64_t kMaxRequestBody = std::uint64_t{16} * 1024;

// What the server needs of a live connection, whatever its stream type.
struct Connection {
  virtual ~Connection() = default;
  virtual void push(std::string frame) = 0;
  virtual void close_with(std::uint16_t code, std::string reason) = 0;
  std::string account;
  bool live = false;     // resumed: new events go straight to it
  bool chaotic = false;  // the server's chaos options apply (bot connections)
  // chaos bookkeeping
  std::int64_t events_sent = 0;
  std::int64_t sends_seen = 0;
  std::string previous_event;
  std::optional<std::string> held_event;
};

const char* kGarbage[] = {"this is not json", R"({"op":"mystery","x":1})", R"({"op":"event","seq":"seven"})",
                          R"({"op":"error","code":"internal","message":"chaos"})", R"([1,2,3])"};

}  // namespace

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
  Impl(net::io_context& io_, State& st, ServerOptions o) : io(io_), state(st), opt(std::move(o)), acceptor(io_) {}

  net::io_context& io;
  State& state;
  ServerOptions opt;
  tcp::acceptor acceptor;
  std::unique_ptr<ssl::context> tls;
  std::set<Connection*> connections;
  bool stopped = false;
  bool reconnect_sent = false;  // chaos: once per server
  bool oversize_sent = false;   // chaos: once per server
  std::mt19937_64 rng{std::random_device{}()};
  std::optional<HttpUrl> calls_hook;  // the browser chat's missed-call button, when on
  std::string calls_secret;

  void deliver(const std::vector<Delivery>& deliveries) {
    for (const auto& d : deliveries)
      for (Connection* c : connections)
        if (c->live && c->account == d.account) push_event(*c, d.frame);
  }

  // Pushes one live event, through whatever chaos is on.
  void push_event(Connection& c, const std::string& frame) {
    const Chaos& ch = opt.chaos;
    if (!c.chaotic) {
      c.push(frame);
      return;
    }
    ++c.events_sent;
    if (ch.garbage && c.events_sent % 3 == 0) c.push(kGarbage[c.events_sent % 5]);
    if (ch.replay_skip && c.events_sent % 3 == 0 && !c.previous_event.empty()) c.push(c.previous_event);
    c.previous_event = frame;
    if (ch.replay_skip && c.events_sent % 4 == 1) {
      c.held_event = frame;  // sent after the next one: the bot sees a gap
      return;
    }
    c.push(frame);
    if (c.held_event) {
      c.push(*c.held_event);
      c.held_event.reset();
    }
    if (ch.reconnect && !reconnect_sent && c.events_sent >= 3) {
      reconnect_sent = true;
      c.push(proto::encode(proto::ServerFrame{proto::Reconnect{"chaos: maintenance"}}));
      c.close_with(1001, "going away");
    }
  }

  std::string random_id(const char* prefix) {
    static const char* hex = "0123456789abcdef";
    std::string s = prefix;
    for (int i = 0; i < 16; ++i) s += hex[rng() % 16];
    return s;
  }
  std::string new_session_id() { return random_id("s-"); }

  template <class Ws>
  awaitable<void> serve(std::shared_ptr<Impl> self, Ws ws, http::request<http::string_body> req, const Account* who,
                        std::optional<std::string_view> subprotocol);

  // The browser chat's HTTP side: its files and /api/*; one request per connection.
  template <class Stream>
  awaitable<void> serve_web(Stream& stream, const http::request<http::string_body>& req);
  awaitable<WebReply> press_call(std::string body);
  // POSTs the signed webhook; the bot's HTTP status, or 0 and why it could not be reached.
  awaitable<std::pair<int, std::string>> post_hook(HttpUrl url, CallHookRequest hook);

  template <class Stream>
  awaitable<void> upgrade(std::shared_ptr<Impl> self, Stream stream);

  awaitable<void> accept_loop(std::shared_ptr<Impl> self);
};

namespace {

template <class Ws>
struct Conn final : Connection {
  template <class... A>
  explicit Conn(Ws&& w) : ws(std::move(w)), wake(ws.get_executor()), watchdog(ws.get_executor()) {}

  void push(std::string frame) override {
    if (closing) return;
    out.push_back(std::move(frame));
    wake.cancel();
  }
  void close_with(std::uint16_t code, std::string reason) override {
    if (closing) return;
    closing = true;
    close_code = code;
    close_reason = std::move(reason);
    wake.cancel();
  }

  Ws ws;
  net::steady_timer wake;
  net::steady_timer watchdog;
  std::deque<std::string> out;
  bool closing = false;
  bool done = false;
  std::uint16_t close_code = websocket::close_code::normal;
  std::string close_reason;
  Steady::time_point last_received = Steady::now();
  bool resumed = false;
};

template <class Ws>
awaitable<void> conn_writer(std::shared_ptr<Conn<Ws>> c) {
  while (!c->done) {
    if (c->out.empty()) {
      if (c->closing) {
        websocket::close_reason reason;
        reason.code = c->close_code;
        reason.reason = c->close_reason;
        co_await c->ws.async_close(reason, nothrow);
        c->done = true;
        c->watchdog.cancel();
        co_return;
      }
      c->wake.expires_at(Steady::time_point::max());
      co_await c->wake.async_wait(nothrow);
      continue;
    }
    std::string frame = std::move(c->out.front());
    c->out.pop_front();
    c->ws.text(true);
    auto [ec, n] = co_await c->ws.async_write(net::buffer(frame), nothrow);
    if (ec) {
      c->done = true;
      c->watchdog.cancel();
      co_return;
    }
  }
}

template <class Ws>
awaitable<void> conn_watchdog(std::shared_ptr<Conn<Ws>> c, std::chrono::milliseconds heartbeat,
                              std::chrono::milliseconds resume_timeout) {
  const auto opened = Steady::now();
  while (!c->done && !c->closing) {
    c->watchdog.expires_after(std::min<std::chrono::milliseconds>(heartbeat / 4, std::chrono::milliseconds(500)));
    co_await c->watchdog.async_wait(nothrow);
    if (c->done || c->closing) co_return;
    if (c->held_event) {  // replay-skip chaos: a held event goes out even when no later one comes
      c->push(*c->held_event);
      c->held_event.reset();
    }
    auto now = Steady::now();
    if (!c->resumed && now - opened > resume_timeout) {
      c->close_with(4001, "no resume within the time allowed");
    } else if (now - c->last_received > 3 * heartbeat) {
      c->close_with(4000, "idle: no heartbeat");
    }
  }
}

http::response<http::string_body> plain_response(const http::request<http::string_body>& req, http::status status,
                                                 std::string body) {
  http::response<http::string_body> res{status, req.version()};
  res.set(http::field::content_type, "text/plain; charset=utf-8");
  res.keep_alive(false);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

}  // namespace

template <class Ws>
awaitable<void> Server::Impl::serve([[maybe_unused]] std::shared_ptr<Impl> self, Ws ws,
                                    http::request<http::string_body> req, const Account* who,
                                    std::optional<std::string_view> subprotocol) {
  ws.set_option(websocket::stream_base::timeout{std::chrono::seconds(10), websocket::stream_base::none(), false});
  ws.read_message_max(proto::kMaxFrameBytes);
  if (subprotocol)  // a browser offered it: select it, or the browser fails the connection
    ws.set_option(
        websocket::stream_base::decorator([chosen = std::string(*subprotocol)](websocket::response_type& res) {
          res.set(http::field::sec_websocket_protocol, chosen);
        }));
  auto [aec] = co_await ws.async_accept(req, nothrow);
  if (aec) co_return;

  auto c = std::make_shared<Conn<Ws>>(std::move(ws));
  c->account = who->user.id;
  c->chaotic = who->user.role == proto::Role::bot;
  connections.insert(c.get());
  net::co_spawn(io, conn_writer(c), net::detached);
  net::co_spawn(io, conn_watchdog(c, opt.heartbeat, opt.resume_timeout), net::detached);

  proto::Hello hello = state.hello_for(*who, new_session_id());
  hello.heartbeat = opt.heartbeat;
  c->push(proto::encode(proto::ServerFrame{hello}));
  if (c->chaotic && opt.chaos.garbage) c->push(kGarbage[0]);
  if (c->chaotic && opt.chaos.oversize && !oversize_sent) {
    oversize_sent = true;
    c->push(R"({"op":"error","code":"x","message":")" + std::string(70000, 'x') + "\"}");
  }

  beast::flat_buffer buffer;
  std::optional<std::int64_t> pending_ack;  // the highest ack read while more input was waiting
  while (!c->done) {
    beast::error_code avail_ec;
    if (pending_ack && beast::get_lowest_layer(c->ws).socket().available(avail_ec) == 0) {
      try {
        state.ack(c->account, *pending_ack);
      } catch (const storage::DbError& e) {
        spdlog::error("sandbox: storage failed: {}", e.what());
        c->close_with(1011, "server storage error");
      }
      pending_ack.reset();
    }
    auto [ec, n] = co_await c->ws.async_read(buffer, nothrow);
    if (ec) break;  // closed by the peer, a frame over 64 KiB (Beast closes with 1009), or a broken link
    c->last_received = Steady::now();
    if (c->closing) {
      buffer.consume(buffer.size());
      continue;
    }
    if (!c->ws.got_text()) {
      buffer.consume(buffer.size());
      c->push(proto::encode(proto::ServerFrame{proto::ErrorFrame{"bad_frame", "binary frames are not accepted"}}));
      continue;
    }
    std::string text = beast::buffers_to_string(buffer.data());
    buffer.consume(buffer.size());
    proto::ClientFrame frame = proto::decode_client_frame(text);
    // The sender gets its result; everyone who sees the change gets the events.
    auto answer = [&](State::Outcome out) {
      c->push(proto::encode(proto::ServerFrame{out.result}));
      deliver(out.deliveries);
    };
    try {
      if (auto* d = std::get_if<proto::DecodeError>(&frame)) {
        if (d->req_id) {
          proto::Result r;
          r.req_id = *d->req_id;
          r.error = proto::SendError{"bad_request", d->reason, std::nullopt};
          c->push(proto::encode(proto::ServerFrame{r}));
        } else {
          c->push(proto::encode(proto::ServerFrame{proto::ErrorFrame{"bad_frame", d->reason}}));
        }
      } else if (auto* r = std::get_if<proto::Resume>(&frame)) {
        if (c->resumed) {
          c->push(proto::encode(proto::ServerFrame{proto::ErrorFrame{"bad_frame", "already resumed"}}));
          continue;
        }
        c->resumed = true;
        Replay replay = state.replay(c->account, r->after_seq);
        if (replay.gap_oldest) c->push(proto::encode(proto::ServerFrame{proto::Gap{*replay.gap_oldest}}));
        for (auto& f : replay.frames) c->push(std::move(f));
        c->live = true;
      } else if (auto* a = std::get_if<proto::Ack>(&frame)) {
        // Acks are cumulative: while more input waits in the socket, only the highest is written (one SQLite
        // write for a run of acks, so the sandbox keeps up with a client that acks every event).
        pending_ack = std::max(pending_ack.value_or(0), a->seq);
      } else if (std::holds_alternative<proto::Heartbeat>(frame)) {
        if (!(c->chaotic && opt.chaos.no_heartbeat_ack))
          c->push(proto::encode(proto::ServerFrame{proto::HeartbeatAck{}}));
      } else if (auto* s = std::get_if<proto::Send>(&frame)) {
        if (c->chaotic && opt.chaos.rate_limit_odd && ++c->sends_seen % 2 == 1) {
          proto::Result limited;
          limited.req_id = s->req_id;
          limited.error = proto::SendError{"rate_limited", "chaos: every second send", std::chrono::milliseconds(200)};
          c->push(proto::encode(proto::ServerFrame{limited}));
          continue;
        }
        answer(state.send(*who, *s));
      } else if (auto* e = std::get_if<proto::Edit>(&frame)) {
        answer(state.edit(*who, *e));
      } else if (auto* del = std::get_if<proto::Delete>(&frame)) {
        answer(state.remove(*who, *del));
      } else if (auto* rc = std::get_if<proto::RequestCreate>(&frame)) {
        answer(state.create_request(*who, *rc));
      } else if (auto* rm = std::get_if<proto::RequestMessage>(&frame)) {
        answer(state.post_in_request(*who, *rm));
      } else if (auto* ru = std::get_if<proto::RequestUpdate>(&frame)) {
        answer(state.update_request(*who, *ru));
      } else if (auto* u = std::get_if<proto::UnknownOp>(&frame)) {
        spdlog::info("sandbox: {} sent unknown op '{}', ignored", c->account, u->op);
      }
    } catch (const storage::DbError& e) {
      spdlog::error("sandbox: storage failed: {}", e.what());
      c->close_with(1011, "server storage error");
    }
  }
  if (pending_ack) {
    try {
      state.ack(c->account, *pending_ack);
    } catch (const storage::DbError& e) {
      spdlog::error("sandbox: storage failed: {}", e.what());
    }
  }
  c->done = true;
  c->live = false;
  c->wake.cancel();
  c->watchdog.cancel();
  connections.erase(c.get());
}

template <class Stream>
awaitable<void> Server::Impl::upgrade(std::shared_ptr<Impl> self, Stream stream) {
  beast::flat_buffer buffer;
  http::request_parser<http::string_body> parser;
  parser.body_limit(kMaxRequestBody);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  auto [rec, rn] = co_await http::async_read(stream, buffer, parser, nothrow);
  if (rec == http::error::body_limit) {
    auto res = plain_response(parser.get(), http::status::payload_too_large, "the body is over 16 KiB\n");
    co_await http::async_write(stream, res, nothrow);
    co_return;
  }
  if (rec) co_return;
  http::request<http::string_body> req = parser.release();

  auto reply = [&](http::status status, std::string body) -> awaitable<void> {
    auto res = plain_response(req, status, body);  // a short error text: copied, not moved across the co_await
    co_await http::async_write(stream, res, nothrow);
  };
  const std::string path = split_target(req.target()).path;
  const bool bot_path = path == "/bot/v1";
  const bool client_path = path == "/client/v1";
  if (!bot_path && !client_path) {
    co_await serve_web(stream, req);  // the browser chat, or 404
    co_return;
  }
  beast::get_lowest_layer(stream).expires_never();
  // Authentication comes before the upgrade: an unknown token never gets a WebSocket. People's connections may
  // carry the token in a subprotocol instead (browsers cannot set Authorization on a WebSocket); the bot's
  // path takes the header only.
  std::string_view auth = req[http::field::authorization];
  const SubprotocolOffer offer =
      client_path ? parse_subprotocols(req[http::field::sec_websocket_protocol]) : SubprotocolOffer{};
  const Account* who = nullptr;
  if (auth.starts_with("Bearer ")) {
    who = state.directory().by_token(std::string(auth.substr(7)));
  } else if (offer.token && offer.chat_protocol) {
    who = state.directory().by_token(*offer.token);
  } else if (offer.token || offer.malformed) {
    co_await reply(http::status::unauthorized, "offer the subprotocol dutybot.v1 with a base64url bearer one\n");
    co_return;
  }
  if (!who) {
    co_await reply(http::status::unauthorized, "unknown or missing bearer token\n");
    co_return;
  }
  const bool is_bot = who->user.role == proto::Role::bot;
  if (is_bot != bot_path) {
    co_await reply(http::status::forbidden, is_bot ? "bots connect to /bot/v1\n" : "people connect to /client/v1\n");
    co_return;
  }
  if (!websocket::is_upgrade(req)) {
    co_await reply(http::status::upgrade_required, "this endpoint speaks WebSocket\n");
    co_return;
  }
  std::optional<std::string_view> subprotocol;
  if (offer.chat_protocol) subprotocol = kChatSubprotocol;
  co_await serve(self, websocket::stream<Stream>(std::move(stream)), std::move(req), who, subprotocol);
}

template <class Stream>
awaitable<void> Server::Impl::serve_web(Stream& stream, const http::request<http::string_body>& req) {
  const std::string path = split_target(req.target()).path;
  const bool get = req.method() == http::verb::get || req.method() == http::verb::head;
  const bool post = req.method() == http::verb::post;
  http::response<http::string_body> res{http::status::ok, req.version()};
  res.keep_alive(false);
  res.set(http::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  if (path.starts_with("/api/")) {
    WebReply r{404, R"({"error":"no such endpoint"})"};
    if (path == "/api/people" || path == "/api/login" || path == "/api/call") {
      const bool wants_post = path != "/api/people";
      // JSON only: a cross-site form cannot send it without a CORS preflight, which the sandbox never allows.
      if (wants_post ? !post : !get)
        r = {405, R"({"error":"method not allowed"})"};
      else if (post && !req[http::field::content_type].starts_with("application/json"))
        r = {415, R"({"error":"send Content-Type: application/json"})"};
      else if (path == "/api/people")
        r = people_reply(state.directory(), calls_hook.has_value());
      else if (path == "/api/login")
        r = login_reply(state.directory(), req.body());
      else
        r = co_await press_call(req.body());
    }
    res.result(static_cast<unsigned>(r.status));
    res.set(http::field::content_type, "application/json; charset=utf-8");
    res.body() = std::move(r.body);
  } else if (const WebAsset* asset = web_asset(path); asset && get) {
    res.set(http::field::content_type, asset->content_type);
    res.set("Content-Security-Policy",
            "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'");
    res.body() = std::string(asset->body);
  } else {
    res = plain_response(req, http::status::not_found,
                         "unknown path: open / in a browser, or connect a WebSocket to /bot/v1 or /client/v1\n");
  }
  res.prepare_payload();
  if (req.method() == http::verb::head) res.body().clear();
  co_await http::async_write(stream, res, nothrow);
}

awaitable<WebReply> Server::Impl::press_call(std::string body) {
  if (!calls_hook) co_return WebReply{404, R"({"error":"the missed-call button is off: no webhook address"})"};
  CallPress press = call_press(state.directory(), body, state.clock().now(), random_id("call-"), calls_secret);
  if (!press.hook) co_return press.refusal;
  auto [status, why] = co_await post_hook(*calls_hook, std::move(*press.hook));
  co_return forwarded_reply(status, why);
}

awaitable<std::pair<int, std::string>> Server::Impl::post_hook(HttpUrl url, CallHookRequest hook) {
  tcp::resolver resolver(io);
  auto [nec, endpoints] = co_await resolver.async_resolve(url.host, url.port, nothrow);
  if (nec) co_return std::pair{0, nec.message()};
  beast::tcp_stream stream(io);
  stream.expires_after(std::chrono::seconds(5));
  auto [cec, ep] = co_await stream.async_connect(endpoints, nothrow);
  if (cec) co_return std::pair{0, cec.message()};
  http::request<http::string_body> req{http::verb::post, url.target, 11};
  req.set(http::field::host, url.host + ":" + url.port);
  req.set(http::field::content_type, "application/json");
  req.set("X-Timestamp", hook.headers.timestamp);
  req.set("X-Signature", hook.headers.signature);
  req.body() = std::move(hook.body);
  req.prepare_payload();
  auto [wec, wn] = co_await http::async_write(stream, req, nothrow);
  if (wec) co_return std::pair{0, wec.message()};
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  auto [rec, rn] = co_await http::async_read(stream, buffer, res, nothrow);
  if (rec) co_return std::pair{0, rec.message()};
  co_return std::pair{static_cast<int>(res.result_int()), res.body()};
}

awaitable<void> Server::Impl::accept_loop(std::shared_ptr<Impl> self) {
  while (!stopped) {
    auto [ec, socket] = co_await acceptor.async_accept(nothrow);
    if (ec) {
      if (stopped || ec == net::error::operation_aborted) co_return;
      continue;
    }
    socket.set_option(tcp::no_delay(true));
    if (tls) {
      auto stream = std::make_shared<beast::ssl_stream<beast::tcp_stream>>(beast::tcp_stream(std::move(socket)), *tls);
      net::co_spawn(
          io,
          [self, stream]() -> awaitable<void> {
            beast::get_lowest_layer(*stream).expires_after(std::chrono::seconds(10));
            auto [hec] = co_await stream->async_handshake(ssl::stream_base::server, nothrow);
            if (hec) co_return;
            co_await self->upgrade(self, std::move(*stream));
          },
          net::detached);
    } else {
      net::co_spawn(io, upgrade(self, beast::tcp_stream(std::move(socket))), net::detached);
    }
  }
}

Chaos parse_chaos(const std::string& list) {
  Chaos c;
  std::size_t start = 0;
  while (start <= list.size()) {
    auto comma = list.find(',', start);
    std::string name = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (name == "no-heartbeat-ack")
      c.no_heartbeat_ack = true;
    else if (name == "garbage")
      c.garbage = true;
    else if (name == "rate-limit-odd")
      c.rate_limit_odd = true;
    else if (name == "replay-skip")
      c.replay_skip = true;
    else if (name == "reconnect")
      c.reconnect = true;
    else if (name == "oversize")
      c.oversize = true;
    else if (!name.empty())
      throw std::runtime_error("unknown chaos '" + name + "'");
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return c;
}

Server::Server(net::io_context& io, State& state, ServerOptions options)
    : impl_(std::make_shared<Impl>(io, state, std::move(options))) {
  auto& o = impl_->opt;
  if (!o.tls_cert.empty() || !o.tls_key.empty()) {
    if (o.tls_cert.empty() || o.tls_key.empty()) throw std::runtime_error("--tls-cert and --tls-key go together");
    impl_->tls = std::make_unique<ssl::context>(ssl::context::tls_server);
    impl_->tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                            ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    beast::error_code ec;
    impl_->tls->use_certificate_chain_file(o.tls_cert, ec);
    if (ec) throw std::runtime_error("cannot load TLS certificate '" + o.tls_cert + "': " + ec.message());
    impl_->tls->use_private_key_file(o.tls_key, ssl::context::pem, ec);
    if (ec) throw std::runtime_error("cannot load TLS key '" + o.tls_key + "': " + ec.message());
  }
  beast::error_code ec;
  auto address = net::ip::make_address(o.host, ec);
  if (ec) throw std::runtime_error("not an IP address: '" + o.host + "'");
  tcp::endpoint ep{address, o.port};
  impl_->acceptor.open(ep.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(ep, ec);
  if (!ec) impl_->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error("cannot listen on " + o.host + ":" + std::to_string(o.port) + ": " + ec.message());
  if (!o.calls_hook_url.empty()) enable_calls(o.calls_hook_url, o.calls_hook_secret);
  net::co_spawn(io, impl_->accept_loop(impl_), net::detached);
}

Server::~Server() { stop(); }

unsigned short Server::port() const { return impl_->acceptor.is_open() ? impl_->acceptor.local_endpoint().port() : 0; }
std::string Server::host() const { return impl_->opt.host; }
bool Server::tls() const { return impl_->tls != nullptr; }

void Server::enable_calls(const std::string& hook_url, const std::string& secret) {
  std::string why;
  auto url = parse_http_url(hook_url, &why);
  if (!url) throw std::runtime_error("the calls webhook for the browser chat: " + why);
  impl_->calls_hook = std::move(url);
  impl_->calls_secret = secret;
}

void Server::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  beast::error_code ec;
  impl_->acceptor.close(ec);
  for (Connection* c : impl_->connections) c->close_with(websocket::close_code::going_away, "server stopping");
}

}  // namespace dutybot::sandbox
