#pragma once
// The sandbox messenger's network side: /bot/v1 and /client/v1 over ws:// or wss://, serving State, and the
// browser chat (sandbox/web) at / on the same port.
#include <chrono>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace dutybot::sandbox {

class State;

// Misbehaviours the sandbox can put on for fault tests (--chaos a,b,…); they apply to bot connections only.
struct Chaos {
  bool no_heartbeat_ack = false;  // never answer heartbeats: the link looks dead to the bot
  bool garbage = false;           // after hello and every 3rd event, frames that are not valid protocol
  bool rate_limit_odd = false;    // answer every second send with rate_limited (nothing posted)
  bool replay_skip = false;       // resend an old event before every 3rd one, and swap the order of every 4th pair
  bool reconnect = false;         // after the 3rd live event, send {"op":"reconnect"} and close with 1001 (once)
  bool oversize = false;          // right after hello, one frame over 64 KiB (once)
};
// Parses "no-heartbeat-ack,garbage,rate-limit-odd,replay-skip,reconnect,oversize"; throws on an unknown name.
Chaos parse_chaos(const std::string& list);

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 0;  // 0: a free port
  std::chrono::milliseconds heartbeat{15000};
  std::chrono::milliseconds resume_timeout{10000};
  std::string tls_cert;  // PEM files; both set: wss://
  std::string tls_key;
  Chaos chaos;
  // The browser chat's missed-call button posts the signed telephony webhook here (the bot's /hooks/calls);
  // empty: no button.
  std::string calls_hook_url;
  std::string calls_hook_secret;
};

class Server {
public:
  // Binds at once (throws std::runtime_error when it cannot); serves once the io_context runs.
  Server(boost::asio::io_context& io, State& state, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  unsigned short port() const;
  std::string host() const;
  bool tls() const;
  // Turns the browser chat's missed-call button on, posting to an http:// URL signed with `secret` (the embedded
  // default knows the bot's webhook address only once the bot's listener is bound); throws on a bad URL.
  void enable_calls(const std::string& hook_url, const std::string& secret);
  // Stops accepting and closes every connection with 1001 (going away).
  void stop();

  struct Impl;

private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace dutybot::sandbox
