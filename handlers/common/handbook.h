#pragma once
// The handbook's texts the bot quotes: built in (derived from ../shared/handbook.ru.txt) or a replacement file.
#include <string>
#include <string_view>
#include <vector>

#include "handlers/common/text_util.h"

namespace dutybot::handbook {

struct Handbook {
  std::string rules;
  std::string prohibitions;
  std::string duties;
  std::string expert;
  std::string checklist_start;
  std::string checklist_end;
  std::vector<std::string> company_phones;
  // Answers to the pre-shift phone check ("phone_check": {"ok": […], "problem": […]}; phrases as in the request
  // word list, «проверил*» matching word beginnings). Optional in a replacement file: the built-in ones then.
  std::vector<text::Phrase> phone_ok;
  std::vector<text::Phrase> phone_problem;
};

// The company's numbers as one line: «+7-495-740-40-50, +7-800-222-36-20».
std::string phones_line(const Handbook& h);

// What a message says about the phone check: a problem wins over «ок» («проверила — смс не уходит»).
enum class PhoneAnswer { none, ok, problem };
PhoneAnswer phone_answer(const Handbook& h, std::string_view message);

// Throws std::runtime_error naming the key and the problem.
Handbook parse(const std::string& json_text, const std::string& origin);
Handbook load(const std::string& path);
const Handbook& builtin();

}  // namespace dutybot::handbook
