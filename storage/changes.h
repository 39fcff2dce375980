#pragma once
// The state changes handlers ask for, as plain values; BotStore applies them inside one transaction.
#include <optional>
#include <string>
#include <variant>

#include "bot/clock.h"
#include "bot/protocol.h"

namespace dutybot::storage {

struct UpsertPerson {
  proto::User user;
};
struct UpsertChat {
  proto::Chat chat;
};
// Puts a person on duty until ends_at (moves the end if already on duty).
struct SetDuty {
  std::string user_id;
  TimePoint ends_at;
  std::string declared_in_chat;
  std::string declared_message_id;
};
// Ends a person's duty now, whatever its planned end.
struct EndDuty {
  std::string user_id;
};
// Cancels the duty that one message declared (the message was deleted).
struct CancelDutyDeclaredBy {
  std::string message_id;
};
// Schedules a timed action; (kind, key) is unique, arming again moves it.
struct ArmTimer {
  std::string kind;
  std::string key;
  TimePoint due;
  std::string payload;
};
struct CancelTimer {
  std::string kind;
  std::string key;
};

using Change = std::variant<UpsertPerson, UpsertChat, SetDuty, EndDuty, CancelDutyDeclaredBy, ArmTimer, CancelTimer>;

}  // namespace dutybot::storage
