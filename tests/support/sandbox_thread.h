#pragma once
// Test support: the sandbox messenger served from a background thread on 127.0.0.1, for socket tests.
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "sandbox/server.h"
#include "sandbox/state.h"

namespace dutybot::testing {

class SandboxThread {
public:
  SandboxThread(sandbox::Directory dir, sandbox::ServerOptions opt = {}, std::string data = "",
                std::int64_t retained = sandbox::kRetainedEvents)
      : state(std::move(dir), data, clock, retained), server(io, state, opt), thread([this] { io.run(); }) {}
  ~SandboxThread() {
    try {
      boost::asio::post(io, [this] { server.stop(); });
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      io.stop();
      thread.join();
    } catch (const std::exception&) {
      std::terminate();  // a test helper that cannot stop its thread has nothing better to do
    }
  }
  std::string url(const std::string& path = "/client/v1") const {
    return std::string(server.tls() ? "wss" : "ws") + "://127.0.0.1:" + std::to_string(server.port()) + path;
  }

  SystemClock clock;
  boost::asio::io_context io;
  sandbox::State state;
  sandbox::Server server;
  std::thread thread;
};

}  // namespace dutybot::testing
