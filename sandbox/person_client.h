#pragma once
// A blocking connection to the messenger for a person at a terminal (say, tail) and for tests:
// connect with a token, read frames with a deadline, send and wait for the result. Heartbeats by itself.
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/protocol.h"

namespace dutybot::sandbox {

struct ConnectError {
  std::string message;
  int http_status = 0;  // 401 when the token was refused before the upgrade
};

class PersonClient {
public:
  // url: ws://host:port/client/v1 (or /bot/v1, or wss://…). Resumes after `after_seq` (-1: none sent).
  static std::unique_ptr<PersonClient> connect(const std::string& url, const std::string& token, ConnectError* error,
                                               std::int64_t after_seq = 0, const std::string& ca_file = "");
  ~PersonClient();

  const proto::Hello& hello() const { return hello_; }

  // Next frame's text, or nullopt when the deadline passes. Throws std::runtime_error when the link closed.
  std::optional<std::string> read_raw(std::chrono::milliseconds timeout);
  void send_raw(const std::string& text);

  // Sends and waits for its result; events read meanwhile are kept for next_event().
  proto::Result send(const proto::Send& s, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  proto::Result post(const std::string& chat_id, const std::string& text,
                     std::optional<std::string> reply_to = std::nullopt);
  proto::Result edit(const std::string& message_id, const std::string& text);
  proto::Result remove(const std::string& message_id);
  // Request operations (protocol-v1-requests.md); the req_id is filled in.
  proto::Result create_request(proto::RequestCreate c);
  proto::Result post_in_request(const std::string& request_id, const std::string& text);
  proto::Result update_request(proto::RequestUpdate u);
  // Sends any request-like frame and waits for the result carrying req_id.
  proto::Result perform(const proto::ClientFrame& frame, const std::string& req_id,
                        std::chrono::milliseconds timeout = std::chrono::seconds(5));

  // The next event (buffered first), or nullopt at the deadline.
  std::optional<proto::EventFrame> next_event(std::chrono::milliseconds timeout);
  // Waits for a message event that matches; others are dropped.
  std::optional<proto::MessageEvent> wait_message(const std::function<bool(const proto::MessageEvent&)>& match,
                                                  std::chrono::milliseconds timeout);
  void ack(std::int64_t seq);
  void close();
  // After the link closed: the close code the server sent (0 if none).
  int close_code() const;
  bool heartbeats = true;

  struct Transport;

private:
  PersonClient() = default;
  std::string fresh_req_id();
  std::unique_ptr<Transport> t_;
  proto::Hello hello_;
  std::deque<proto::EventFrame> events_;
  std::int64_t counter_ = 0;
};

}  // namespace dutybot::sandbox
