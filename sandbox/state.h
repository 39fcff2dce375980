#pragma once
// The sandbox messenger's state and rules, free of sockets: messages, per-account seqs and replay, acks,
// req_id idempotency, rate limits, who sees what. In SQLite: a file with --data, else in memory.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/protocol.h"
#include "sandbox/directory.h"
#include "storage/database.h"

namespace dutybot::sandbox {

inline constexpr std::int64_t kRetainedEvents = 10000;
inline constexpr auto kIdempotencyWindow = std::chrono::hours{24};
inline constexpr double kRatePerSecond = 20.0;
inline constexpr double kRateBurst = 40.0;

// An encoded event frame for one account's connections.
struct Delivery {
  std::string account;
  std::int64_t seq = 0;
  std::string frame;
};

struct Replay {
  std::optional<std::int64_t> gap_oldest;  // set when the events after after_seq are gone
  std::vector<std::string> frames;
};

class State {
public:
  // retained_events: how many of an account's newest events stay replayable (at least 10,000 in production).
  State(Directory directory, const std::string& data_path, const Clock& clock,
        std::int64_t retained_events = kRetainedEvents);

  const Directory& directory() const { return dir_; }
  const Clock& clock() const { return clock_; }
  bool sees(const Account& who, const proto::Chat& chat) const;
  std::vector<proto::Chat> visible_chats(const Account& who) const;

  proto::Hello hello_for(const Account& who, const std::string& session_id);
  Replay replay(const std::string& account, std::int64_t after_seq);
  std::int64_t last_seq(const std::string& account);
  std::int64_t acked_seq(const std::string& account);
  void ack(const std::string& account, std::int64_t seq);

  struct Outcome {
    proto::Result result;
    std::vector<Delivery> deliveries;
  };
  Outcome send(const Account& from, const proto::Send& s);
  Outcome edit(const Account& from, const proto::Edit& e);
  Outcome remove(const Account& from, const proto::Delete& d);
  Outcome create_request(const Account& from, const proto::RequestCreate& c);
  Outcome post_in_request(const Account& from, const proto::RequestMessage& m);
  Outcome update_request(const Account& from, const proto::RequestUpdate& u);

  // Messages posted so far (tests and diagnostics).
  std::int64_t message_count();
  // The connection, for a bulk load run in one outer transaction (benchmarks).
  storage::Database& db() { return *db_; }

private:
  // The checks every operation passes first: a repeated req_id, role, rate limit; a result ends it early.
  std::optional<proto::Result> admit(const Account& from, const std::string& req_id, bool bots_may, const char* what);
  std::optional<proto::Result> check_idempotent(const std::string& account, const std::string& req_id);
  void remember(const std::string& account, const proto::Result& r);
  bool take_token(const std::string& account);
  std::vector<Delivery> fan_out(const proto::Chat& chat, const proto::Event& e);
  std::vector<Delivery> fan_out(const proto::Event& e, const std::function<bool(const Account&)>& to);
  void announce_directory_changes();
  std::optional<proto::Request> load_request(const std::string& id);
  void store_request(const proto::Request& r);
  // Bots and staff see every request; a client sees its own.
  static bool sees_request(const Account& who, const proto::Request& r);
  std::vector<Delivery> fan_out_request(const proto::Request& r, const proto::Event& e);
  Outcome succeed(const Account& from, proto::Result r, std::vector<Delivery> deliveries);
  std::string next_id(const char* counter, const char* prefix);
  static proto::Result failure(const std::string& req_id, std::string code, std::string message,
                               std::optional<std::chrono::milliseconds> retry = std::nullopt);

  Directory dir_;
  const Clock& clock_;
  std::unique_ptr<storage::Database> db_;
  struct Bucket {
    double tokens = kRateBurst;
    TimePoint at{};
  };
  std::map<std::string, Bucket> buckets_;
  std::int64_t retained_;
};

}  // namespace dutybot::sandbox
