#pragma once
// Where the bot's log goes and how each line looks: a terminal's colours, journald's priority prefixes
// (when $JOURNAL_STREAM says stderr is the journal), or one JSON object a line for log shippers.
#include <string>

namespace dutybot {

enum class LogFormat { text, json };

// Installs the default logger on stderr at `level` ("trace" … "error").
void configure_logging(const std::string& level, LogFormat format);

}  // namespace dutybot
