#pragma once
// The bot's link to the messenger: WebSocket (ws:// or wss://, verified), reconnect with backoff and jitter.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace dutybot {

class Engine;

struct GatewayOptions {
  std::string url;
  std::string token;
  std::string ca_file;
  bool insecure_skip_verify = false;
  std::chrono::milliseconds backoff_initial{1000};
  std::chrono::milliseconds backoff_max{60000};
  std::chrono::milliseconds stable_after{60000};
};

enum class GatewayExit { stopped, auth_failed, bad_config };

class GatewayClient {
public:
  using ExitFn = std::function<void(GatewayExit, const std::string& why)>;
  GatewayClient(boost::asio::io_context& io, GatewayOptions options, Engine& engine);
  ~GatewayClient();
  GatewayClient(const GatewayClient&) = delete;
  GatewayClient& operator=(const GatewayClient&) = delete;

  // Starts connecting; on_exit runs once when the client ends for good.
  void start(ExitFn on_exit);
  // Stops reading, closes the link with 1000 and ends.
  void stop();
  // Whether a link is up and the gateway's hello was read on it (the console and /readyz show it).
  bool connected() const;

  struct Impl;

private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace dutybot
