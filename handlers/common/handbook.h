#pragma once
// The handbook's texts the bot quotes: built in (derived from ../shared/handbook.ru.txt) or a replacement file.
#include <string>
#include <vector>

namespace dutybot::handbook {

struct Handbook {
  std::string rules;
  std::string prohibitions;
  std::string duties;
  std::string expert;
  std::string checklist_start;
  std::string checklist_end;
  std::vector<std::string> company_phones;
};

// Throws std::runtime_error naming the key and the problem.
Handbook parse(const std::string& json_text, const std::string& origin);
Handbook load(const std::string& path);
const Handbook& builtin();

}  // namespace dutybot::handbook
