// Blocking WebSocket client over Beast's async operations, driven by run_one_for with deadlines.
#include "sandbox/person_client.h"

#include "core/net.h"

#include <random>
#include <stdexcept>

#include "core/url.h"

namespace dutybot::sandbox {

struct PersonClient::Transport {
  explicit Transport(std::unique_ptr<ssl::context> ctx = nullptr) : tls_ctx(std::move(ctx)) {}
  virtual ~Transport() = default;
  virtual bool open(const WsUrl& url, const std::string& token, ConnectError* err) = 0;
  virtual void start_read() = 0;
  virtual void write(const std::string& text) = 0;
  virtual void close() = 0;
  virtual int close_code() = 0;

  std::unique_ptr<ssl::context> tls_ctx;
  net::io_context io;
  beast::flat_buffer buffer;
  bool read_pending = false;
  bool read_done = false;
  beast::error_code read_ec;
  Steady::time_point last_sent = Steady::now();

  bool run_until(const bool& flag, Steady::time_point deadline) {
    while (!flag) {
      auto now = Steady::now();
      if (now >= deadline) return false;
      io.restart();
      io.run_one_for(deadline - now);
    }
    return true;
  }
};

namespace {

template <class Ws>
struct TransportImpl final : PersonClient::Transport {
  TransportImpl() : ws(io) {}
  explicit TransportImpl(std::unique_ptr<ssl::context> ctx) : Transport(std::move(ctx)), ws(io, *tls_ctx) {}

  bool open(const WsUrl& url, const std::string& token, ConnectError* err) override {
    beast::error_code ec;
    tcp::resolver resolver(io);
    auto endpoints = resolver.resolve(url.host, url.port, ec);
    if (ec) return fail(err, "cannot resolve " + url.host + ": " + ec.message());
    net::connect(beast::get_lowest_layer(ws), endpoints, ec);
    if (ec) return fail(err, "cannot connect: " + ec.message());
    beast::get_lowest_layer(ws).set_option(tcp::no_delay(true), ec);  // a person's frames go out at once
    if constexpr (!std::is_same_v<Ws, websocket::stream<tcp::socket>>) {
      SSL_set_tlsext_host_name(ws.next_layer().native_handle(), url.host.c_str());
      ws.next_layer().set_verify_callback(ssl::host_name_verification(url.host));
      ws.next_layer().handshake(ssl::stream_base::client, ec);
      if (ec) return fail(err, "TLS handshake failed: " + ec.message());
    }
    ws.set_option(websocket::stream_base::decorator(
        [token](websocket::request_type& req) { req.set(http::field::authorization, "Bearer " + token); }));
    ws.read_message_max(proto::kMaxFrameBytes);
    websocket::response_type res;
    ws.handshake(res, url.host + ":" + url.port, url.target, ec);
    if (ec) {
      err->http_status = static_cast<int>(res.result_int());
      return fail(err, "upgrade refused: HTTP " + std::to_string(res.result_int()) + " " + res.body());
    }
    return true;
  }
  static bool fail(ConnectError* err, std::string m) {
    err->message = std::move(m);
    return false;
  }
  void start_read() override {
    read_pending = true;
    read_done = false;
    ws.async_read(buffer, [this](beast::error_code ec, std::size_t) {
      read_ec = ec;
      read_done = true;
      read_pending = false;
    });
  }
  void write(const std::string& text) override {
    bool done = false;
    beast::error_code wec;
    ws.text(true);
    ws.async_write(net::buffer(text), [&](beast::error_code ec, std::size_t) {
      wec = ec;
      done = true;
    });
    run_until(done, Steady::now() + std::chrono::seconds(10));
    if (!done) throw std::runtime_error("write timed out");
    if (wec) throw std::runtime_error("write failed: " + wec.message());
    last_sent = Steady::now();
  }
  void close() override {
    bool done = false;
    if (!ws.is_open()) return;
    ws.async_close(websocket::close_code::normal, [&](beast::error_code) { done = true; });
    run_until(done, Steady::now() + std::chrono::seconds(2));
    // A pending read completes with the close.
    if (read_pending) run_until(read_done, Steady::now() + std::chrono::seconds(2));
  }
  int close_code() override { return ws.reason().code; }

  Ws ws;
};

}  // namespace

std::unique_ptr<PersonClient> PersonClient::connect(const std::string& url, const std::string& token,
                                                    ConnectError* error, std::int64_t after_seq,
                                                    const std::string& ca_file) {
  std::string why;
  auto u = parse_ws_url(url, &why);
  if (!u) {
    error->message = why;
    return nullptr;
  }
  std::unique_ptr<PersonClient> c(new PersonClient());
  if (u->tls) {
    auto tls = std::make_unique<ssl::context>(ssl::context::tls_client);
    tls->set_verify_mode(ssl::verify_peer);
    beast::error_code ec;
    if (!ca_file.empty())
      tls->load_verify_file(ca_file, ec);
    else
      tls->set_default_verify_paths(ec);
    if (ec) {
      error->message = "cannot load CA: " + ec.message();
      return nullptr;
    }
    c->t_ = std::make_unique<TransportImpl<websocket::stream<beast::ssl_stream<tcp::socket>>>>(std::move(tls));
  } else {
    c->t_ = std::make_unique<TransportImpl<websocket::stream<tcp::socket>>>();
  }
  if (!c->t_->open(*u, token, error)) return nullptr;
  auto first = c->read_raw(std::chrono::seconds(5));
  if (!first) {
    error->message = "no hello within 5 s";
    return nullptr;
  }
  auto frame = proto::decode_server_frame(*first);
  auto* h = std::get_if<proto::Hello>(&frame);
  if (!h) {
    error->message = "the first frame was not hello: " + *first;
    return nullptr;
  }
  c->hello_ = *h;
  if (after_seq >= 0) c->send_raw(proto::encode(proto::ClientFrame{proto::Resume{after_seq}}));
  return c;
}

PersonClient::~PersonClient() {
  try {
    if (t_) t_->close();
  } catch (...) {
  }
}

std::optional<std::string> PersonClient::read_raw(std::chrono::milliseconds timeout) {
  const auto deadline = Steady::now() + timeout;
  for (;;) {
    if (!t_->read_pending && !t_->read_done) t_->start_read();
    auto hb = hello_.heartbeat.count() > 0 ? hello_.heartbeat : std::chrono::milliseconds(15000);
    auto next_hb = t_->last_sent + hb / 2;
    auto until = heartbeats && !hello_.session_id.empty() ? std::min(deadline, next_hb) : deadline;
    if (t_->run_until(t_->read_done, until)) break;
    if (Steady::now() >= deadline) return std::nullopt;
    send_raw(proto::encode(proto::ClientFrame{proto::Heartbeat{}}));
  }
  t_->read_done = false;
  if (t_->read_ec) throw std::runtime_error("link closed: " + t_->read_ec.message());
  std::string text = beast::buffers_to_string(t_->buffer.data());
  t_->buffer.consume(t_->buffer.size());
  return text;
}

void PersonClient::send_raw(const std::string& text) { t_->write(text); }

proto::Result PersonClient::perform(const proto::ClientFrame& frame, const std::string& req_id,
                                    std::chrono::milliseconds timeout) {
  send_raw(proto::encode(frame));
  const auto deadline = Steady::now() + timeout;
  while (Steady::now() < deadline) {
    auto raw = read_raw(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Steady::now()));
    if (!raw) break;
    auto f = proto::decode_server_frame(*raw);
    if (auto* r = std::get_if<proto::Result>(&f); r && r->req_id == req_id) return *r;
    if (auto* e = std::get_if<proto::EventFrame>(&f)) events_.push_back(*e);
  }
  throw std::runtime_error("no result for " + req_id);
}

proto::Result PersonClient::send(const proto::Send& s, std::chrono::milliseconds timeout) {
  return perform(proto::ClientFrame{s}, s.req_id, timeout);
}

std::string PersonClient::fresh_req_id() {
  static std::mt19937_64 rng{std::random_device{}()};
  return "p-" + std::to_string(rng()) + "-" + std::to_string(++counter_);
}

proto::Result PersonClient::post(const std::string& chat_id, const std::string& text,
                                 std::optional<std::string> reply_to) {
  proto::Send s;
  s.req_id = fresh_req_id();
  s.chat_id = chat_id;
  s.text = text;
  s.reply_to = std::move(reply_to);
  return send(s);
}

proto::Result PersonClient::edit(const std::string& message_id, const std::string& text) {
  proto::Edit e{fresh_req_id(), message_id, text};
  return perform(proto::ClientFrame{e}, e.req_id);
}

proto::Result PersonClient::remove(const std::string& message_id) {
  proto::Delete d{fresh_req_id(), message_id};
  return perform(proto::ClientFrame{d}, d.req_id);
}

proto::Result PersonClient::create_request(proto::RequestCreate c) {
  c.req_id = fresh_req_id();
  return perform(proto::ClientFrame{c}, c.req_id);
}

proto::Result PersonClient::post_in_request(const std::string& request_id, const std::string& text) {
  proto::RequestMessage m{fresh_req_id(), request_id, text};
  return perform(proto::ClientFrame{m}, m.req_id);
}

proto::Result PersonClient::update_request(proto::RequestUpdate u) {
  u.req_id = fresh_req_id();
  return perform(proto::ClientFrame{u}, u.req_id);
}

std::optional<proto::EventFrame> PersonClient::next_event(std::chrono::milliseconds timeout) {
  if (!events_.empty()) {
    auto e = events_.front();
    events_.pop_front();
    return e;
  }
  const auto deadline = Steady::now() + timeout;
  while (Steady::now() < deadline) {
    auto raw = read_raw(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Steady::now()));
    if (!raw) return std::nullopt;
    auto f = proto::decode_server_frame(*raw);
    if (auto* e = std::get_if<proto::EventFrame>(&f)) return *e;
  }
  return std::nullopt;
}

std::optional<proto::MessageEvent> PersonClient::wait_message(
    const std::function<bool(const proto::MessageEvent&)>& match, std::chrono::milliseconds timeout) {
  const auto deadline = Steady::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Steady::now());
    if (left.count() <= 0 && events_.empty()) return std::nullopt;
    auto e = next_event(std::max(left, std::chrono::milliseconds(0)));
    if (!e) return std::nullopt;
    if (auto* m = std::get_if<proto::MessageEvent>(&e->event.body); m && match(*m)) return *m;
  }
}

void PersonClient::ack(std::int64_t seq) { send_raw(proto::encode(proto::ClientFrame{proto::Ack{seq}})); }

void PersonClient::close() { t_->close(); }

int PersonClient::close_code() const { return t_->close_code(); }

}  // namespace dutybot::sandbox
