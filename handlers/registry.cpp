// The one place where a capability joins the bot.
#include "handlers/calendar/calendar_handler.h"
#include "handlers/calls/calls_handler.h"
#include "handlers/common/handler.h"
#include "handlers/console/console_handler.h"
#include "handlers/directory/directory_handler.h"
#include "handlers/duty/duty_handler.h"
#include "handlers/handbook/handbook_handler.h"
#include "handlers/help/help_handler.h"
#include "handlers/requests/requests_handler.h"
#include "handlers/shifts/cover_handler.h"
#include "handlers/shifts/phone_check_handler.h"
#include "handlers/shifts/shifts_handler.h"
#include "handlers/unanswered/unanswered_handler.h"
#include "handlers/who_is_on_duty/who_is_on_duty_handler.h"

namespace dutybot::handlers {

Router make_router() {
  Router r;
  r.add(std::make_unique<DirectoryHandler>());
  r.add(std::make_unique<DutyHandler>());
  r.add(std::make_unique<WhoIsOnDutyHandler>());
  r.add(std::make_unique<CoverHandler>());  // before «беру» on waits: a reply to a cover's post is about the cover
  r.add(std::make_unique<PhoneCheckHandler>());  // before the help: «ок» to the bot may answer the phone check
  r.add(std::make_unique<UnansweredHandler>());
  r.add(std::make_unique<HandbookHandler>());
  r.add(std::make_unique<ShiftsHandler>());
  r.add(std::make_unique<CallsHandler>());
  r.add(std::make_unique<RequestsHandler>());
  r.add(std::make_unique<ConsoleHandler>());
  r.add(std::make_unique<CalendarHandler>());
  r.add(std::make_unique<HelpHandler>());  // last: takes what nobody else answered in a direct chat
  return r;
}

}  // namespace dutybot::handlers
