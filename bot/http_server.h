#pragma once
// The bot's HTTP/1.1 listener (Beast): reads requests, asks WebRoutes for the reply, writes it.
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace dutybot {

class WebRoutes;

class HttpServer {
public:
  // Binds at once (throws std::runtime_error when it cannot).
  HttpServer(boost::asio::io_context& io, const std::string& host, unsigned short port, WebRoutes& routes);
  ~HttpServer();
  unsigned short port() const;
  void stop();

  struct Impl;

private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace dutybot
