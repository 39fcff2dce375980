#include "bot/logging.h"
#include "bot/log_cause.h"

#include <cstdlib>
#include <memory>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

namespace dutybot {
namespace {

// syslog's priority of a level, as journald reads it from a line's "<N>" prefix (sd-daemon.h's SD_ERR …).
int syslog_priority(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::critical:
      return 2;
    case spdlog::level::err:
      return 3;
    case spdlog::level::warn:
      return 4;
    case spdlog::level::info:
      return 6;
    default:
      return 7;  // debug, trace
  }
}

// "%*": the line's "<N>" priority prefix.
class PriorityPrefix final : public spdlog::custom_flag_formatter {
public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    const std::string prefix = "<" + std::to_string(syslog_priority(msg.level)) + ">";
    dest.append(prefix.data(), prefix.data() + prefix.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<PriorityPrefix>(); }
};

// "%&": the whole line as one JSON object: time (UTC, ISO 8601 with milliseconds), level, msg, and while an event,
// a call or a timer is handled, its seq, cause (id) and type.
class JsonLine final : public spdlog::custom_flag_formatter {
public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    using namespace std::chrono;
    const auto ms = duration_cast<milliseconds>(msg.time.time_since_epoch()).count();
    const auto secs = static_cast<std::time_t>(ms / 1000);
    std::tm utc{};
    gmtime_r(&secs, &utc);
    char stamp[32];
    const auto n = std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
    std::snprintf(stamp + n, sizeof stamp - n, ".%03dZ", static_cast<int>(ms % 1000));
    const auto level = spdlog::level::to_string_view(msg.level);
    nlohmann::json line = {{"time", stamp},
                           {"level", std::string(level.data(), level.size())},
                           {"msg", std::string(msg.payload.data(), msg.payload.size())}};
    if (msg.logger_name.size() > 0) line["logger"] = std::string(msg.logger_name.data(), msg.logger_name.size());
    if (const LogCause* cause = current_log_cause()) {  // the event, call or timer being handled
      if (cause->seq > 0) line["seq"] = cause->seq;
      line["cause"] = std::string(cause->id);
      line["type"] = std::string(cause->type);
    }
    // Invalid UTF-8 from a peer is written replaced, never throws on the way out.
    const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<JsonLine>(); }
};

}  // namespace

void configure_logging(const std::string& level, LogFormat format) {
  const char* journal = std::getenv("JOURNAL_STREAM");
  const bool to_journal = journal && *journal;
  std::shared_ptr<spdlog::logger> logger;
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  if (format == LogFormat::json) {
    logger = spdlog::stderr_logger_mt("dutybot");
    formatter->add_flag<JsonLine>('&').set_pattern("%&");
  } else if (to_journal) {
    // journald stamps each line itself and reads its priority from the prefix: `journalctl -p warning` works.
    logger = spdlog::stderr_logger_mt("dutybot");
    formatter->add_flag<PriorityPrefix>('*').set_pattern("%*%v");
  } else {
    logger = spdlog::stderr_color_mt("dutybot");
    formatter->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%n] [%^%l%$] %v");  // spdlog's default line
  }
  logger->set_formatter(std::move(formatter));
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
}

}  // namespace dutybot
