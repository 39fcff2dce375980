#pragma once
// The sandbox messenger's network side: /bot/v1 and /client/v1 over ws:// or wss://, serving State.
#include <chrono>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace dutybot::sandbox {

class State;

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 0;  // 0: a free port
  std::chrono::milliseconds heartbeat{15000};
  std::chrono::milliseconds resume_timeout{10000};
  std::string tls_cert;  // PEM files; both set: wss://
  std::string tls_key;
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
  // Stops accepting and closes every connection with 1001 (going away).
  void stop();

  struct Impl;

private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace dutybot::sandbox
