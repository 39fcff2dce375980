#include "sandbox/embedded.h"

#include "core/url.h"
#include "sandbox/directory.h"
#include "sandbox/server.h"
#include "sandbox/state.h"

namespace dutybot::sandbox {

struct EmbeddedSandbox::Parts {
  std::string token;
  std::unique_ptr<State> state;
  std::unique_ptr<Server> server;
  std::string host_port;  // HOST:PORT
};

EmbeddedSandbox::EmbeddedSandbox(boost::asio::io_context& io, const EmbeddedOptions& options, const Clock& clock)
    : parts_(std::make_unique<Parts>()) {
  const HostPort address = split_host_port(options.listen);
  Directory directory = load_directory_or_demo(options.directory);
  parts_->token = directory.bot.token;
  parts_->state = std::make_unique<State>(std::move(directory), options.data, clock);
  ServerOptions server_options;
  server_options.host = address.host;
  server_options.port = address.port;
  parts_->server = std::make_unique<Server>(io, *parts_->state, server_options);
  parts_->host_port = address.host + ":" + std::to_string(parts_->server->port());
}

EmbeddedSandbox::~EmbeddedSandbox() = default;

std::string EmbeddedSandbox::bot_url() const { return "ws://" + parts_->host_port + "/bot/v1"; }
std::string EmbeddedSandbox::client_url() const { return "ws://" + parts_->host_port + "/client/v1"; }
std::string EmbeddedSandbox::chat_url() const { return "http://" + parts_->host_port + "/"; }
void EmbeddedSandbox::enable_calls(const std::string& hook_url, const std::string& secret) {
  parts_->server->enable_calls(hook_url, secret);
}
const std::string& EmbeddedSandbox::bot_token() const { return parts_->token; }
void EmbeddedSandbox::stop() { parts_->server->stop(); }

}  // namespace dutybot::sandbox
