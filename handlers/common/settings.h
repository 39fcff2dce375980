#pragma once
// The rules' thresholds and lead times: the one place their defaults are written (the config reads into these).
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <date/tz.h>

#include "handlers/common/coverage.h"

namespace dutybot::handbook {
struct Handbook;
}
namespace dutybot::requests {
class WordList;
}

namespace dutybot::handlers {

// Thresholds of the unanswered-messages rules (config "unanswered.*").
struct UnansweredSettings {
  std::chrono::seconds first_nudge{300};
  std::chrono::seconds repeat{600};
  std::chrono::seconds escalate{1800};
  std::chrono::seconds claim{600};  // how long «беру» keeps a client off the others' nudges
};

// Deadlines of the missed-call rules (config "calls.*").
struct CallSettings {
  std::chrono::seconds callback{900};
  std::chrono::seconds owner_grace{3600};
};

// A weekday and a time of day ("sun 18:00").
struct WeeklyMoment {
  date::weekday day;
  std::chrono::minutes time;
};

// Lead times of the shift checklists, the reminders ahead, and the shift's reward (config "shifts.*").
struct ShiftSettings {
  std::chrono::seconds pre_start{900};
  std::chrono::seconds pre_end{900};
  std::int64_t reward_rub = 0;  // 0: supervisors get no deduction message
  // The evening before a shift, in the person's own zone; nullopt: no reminder.
  std::optional<std::chrono::minutes> remind_day_before_at = std::chrono::hours{18};
  // The next week's shifts to each assistant and its gaps to the supervisors, in the team's zone; nullopt: none.
  std::optional<WeeklyMoment> week_digest_at = WeeklyMoment{date::Sunday, std::chrono::hours{18}};
  // Cover requests: a taker waits for a supervisor's «согласовано»; the supervisors hear of one nobody took this
  // long before its start.
  bool cover_approval = false;
  std::chrono::seconds cover_escalate{24 * 3600};
};

// Deadlines of the request rules (config "requests.*").
struct RequestSettings {
  std::chrono::seconds call{900};
  std::chrono::seconds escalate{1800};
  std::chrono::seconds note_grace{600};
  std::chrono::seconds expert_grace{3600};
  // A site request «новая» this long while the person on duty moves another one forward: «Сначала новые запросы».
  std::chrono::seconds order_grace{300};
};

// The supervisors' console (config "http.public_url"): where its login links point, and how long they last.
struct ConsoleSettings {
  std::string public_url = "http://127.0.0.1:8081";  // default: http:// + http.listen
  std::chrono::seconds code_ttl{600};
  std::chrono::seconds session_ttl{12 * 3600};
};

// What handlers need to know of the configuration.
struct Settings {
  const date::time_zone* zone = nullptr;  // the team's zone (config "timezone")
  std::optional<std::string> staff_chat;  // config "staff_chat"; else the first staff chat seen
  UnansweredSettings unanswered;
  ShiftSettings shifts;
  CallSettings calls;
  RequestSettings requests;
  ConsoleSettings console;
  std::shared_ptr<const requests::WordList> words;             // config "requests.words"; null: the built-in list
  Coverage coverage;                                           // config "coverage"; default: always
  std::shared_ptr<const handbook::Handbook> handbook;          // config "handbook"; null: the built-in one
  std::map<std::string, const date::time_zone*> people_zones;  // config "people_timezones"
};

}  // namespace dutybot::handlers
