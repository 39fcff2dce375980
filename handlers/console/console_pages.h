#pragma once
// The supervisors' web console, read-only: pages as HTML (and the people table as CSV) from the store's read view.
// No sockets here: bot/http_server.cpp checks the session and serves what these functions return.
#include <optional>
#include <string>
#include <vector>

#include "handlers/common/handler.h"

namespace dutybot::console {

// What every page reads: now, the store, the settings, and the facts only the edge knows.
struct PageContext {
  TimePoint now;
  const storage::BotStore& store;
  const handlers::Settings& settings;
  bool gateway_connected = false;
  std::string viewer;  // the supervisor's name, in the header
};

// A period of whole days in the team's zone, [first day 00:00, day after last 00:00).
struct Period {
  date::local_days first, last;  // inclusive
  TimePoint from, to;
};
// The period from the query's "from" and "to" (YYYY-MM-DD); default: the last 7 days up to today. nullopt with
// `why` set when a date is malformed, the order is wrong, or it spans more than 92 days.
std::optional<Period> period_from(const std::optional<std::string>& from, const std::optional<std::string>& to,
                                  TimePoint now, const date::time_zone* zone, std::string& why);

// One person's figures over the duties that ended in a period (the table and the CSV).
struct PersonFigures {
  std::string user_id;
  std::string name;
  std::int64_t duties = 0;
  std::chrono::milliseconds on_duty{0};
  std::int64_t answered = 0;  // client questions this person answered first during those duties
  std::optional<std::chrono::milliseconds> median_first_response;
  std::int64_t nudges = 0;
  std::int64_t escalations = 0;
  std::int64_t breaches = 0;
  std::optional<std::int64_t> deduction_rub;  // with shifts.reward_rub set
};
std::vector<PersonFigures> people_figures(const std::vector<storage::DutyReport>& reports_in_period);

// One day of the last 30, in the team's zone.
struct DayFigures {
  date::local_days day;
  std::int64_t questions = 0;
  std::optional<std::chrono::milliseconds> median, p90;
  std::int64_t unanswered = 0;  // questions of that day never answered
  std::int64_t breaches = 0;    // in the reports of duties that ended that day
};
std::vector<DayFigures> last_days(const storage::BotStore& store, TimePoint now, const date::time_zone* zone,
                                  int days = 30);

std::string now_page(const PageContext& ctx);
std::string schedule_page(const PageContext& ctx);
std::string history_page(const PageContext& ctx, const Period& period);
// UTF-8, comma-separated, a header row, one row per person, figures as plain numbers.
std::string people_csv(const PageContext& ctx, const Period& period);

// The login page: with no code, how to get a link; with a live code, the «Войти» button; with a dead one, why.
enum class LoginState { no_code, live_code, dead_code };
std::string login_page(LoginState state, const std::string& code = {});
// A page with one message (a bad request, a refused login).
std::string message_page(const std::string& title, const std::string& text);

}  // namespace dutybot::console
