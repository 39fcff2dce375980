#pragma once
// The bot's HTTP endpoint for the telephony's webhooks: POST /hooks/calls, signed with HMAC-SHA256.
#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace dutybot {

struct CallHook;

class HookServer {
public:
  // on_call returns false when the hook could not be stored (then 503, and the telephony retries).
  using OnCall = std::function<bool(const CallHook&)>;
  // Binds at once (throws std::runtime_error when it cannot).
  HookServer(boost::asio::io_context& io, const std::string& host, unsigned short port, std::string secret,
             OnCall on_call);
  ~HookServer();
  unsigned short port() const;
  void stop();

  struct Impl;

private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace dutybot
