#pragma once
// `dutybot check-config`: the config and everything it names, checked as a start would check them, without starting.
#include <string>
#include <vector>

namespace dutybot {

// Every problem found, each naming its key and what would be right; empty when the config is good.
std::vector<std::string> check_config(const std::string& path);

}  // namespace dutybot
