#pragma once
// The embedded default's one entry into the sandbox: the messenger emulator in-process, on the bot's own
// io_context, with its state in a file. The bot includes nothing else of the sandbox.
#include <memory>
#include <string>

#include "core/clock.h"

namespace boost::asio {
class io_context;
}

namespace dutybot::sandbox {

// Where the embedded sandbox listens and keeps its state.
struct EmbeddedOptions {
  std::string listen = "127.0.0.1:8765";
  std::string data;       // the sandbox's SQLite file ("" keeps it in memory)
  std::string directory;  // a directory file; "" for the built-in demo directory
};

// A running in-process sandbox; stops with the io_context or on stop().
class EmbeddedSandbox {
public:
  // Binds at once; throws std::runtime_error with the reason (a bad directory file, a port in use).
  EmbeddedSandbox(boost::asio::io_context& io, const EmbeddedOptions& options, const Clock& clock);
  ~EmbeddedSandbox();
  EmbeddedSandbox(const EmbeddedSandbox&) = delete;
  EmbeddedSandbox& operator=(const EmbeddedSandbox&) = delete;

  std::string bot_url() const;     // ws://HOST:PORT/bot/v1
  std::string client_url() const;  // ws://HOST:PORT/client/v1, for people
  std::string chat_url() const;    // http://HOST:PORT/, the browser chat
  // The browser chat's missed-call button: posts to the bot's webhook, signed with its secret.
  void enable_calls(const std::string& hook_url, const std::string& secret);
  const std::string& bot_token() const;
  void stop();

private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace dutybot::sandbox
