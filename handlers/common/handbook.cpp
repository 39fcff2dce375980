#include "handlers/common/handbook.h"
#include "core/text_file.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/protocol.h"
#include "core/utf8.h"
#include "handlers/common/handbook_builtin.h"
#include "handlers/common/request_words.h"

namespace dutybot::handbook {

Handbook parse(const std::string& json_text, const std::string& origin) {
  auto j = nlohmann::json::parse(json_text, nullptr, false, true);
  if (j.is_discarded() || !j.is_object()) throw std::runtime_error(origin + ": not a JSON object");
  auto text = [&](const char* key) {
    if (!j.contains(key) || !j[key].is_string() || j[key].get<std::string>().empty())
      throw std::runtime_error(origin + ": '" + key + "' must be a non-empty string");
    auto s = j[key].get<std::string>();
    if (!utf8::valid(s)) throw std::runtime_error(origin + ": '" + key + "' is not valid UTF-8");
    if (utf8::trimmed_length(s) > 3500)
      throw std::runtime_error(origin + ": '" + key + "' is longer than 3500 characters (one chat message)");
    return s;
  };
  Handbook h;
  h.rules = text("rules");
  h.prohibitions = text("prohibitions");
  h.duties = text("duties");
  h.expert = text("expert");
  h.checklist_start = text("checklist_start");
  h.checklist_end = text("checklist_end");
  if (!j.contains("company_phones") || !j["company_phones"].is_array() || j["company_phones"].empty())
    throw std::runtime_error(origin + ": 'company_phones' must be a non-empty list");
  for (const auto& p : j["company_phones"]) {
    if (!p.is_string()) throw std::runtime_error(origin + ": 'company_phones' must hold strings");
    h.company_phones.push_back(p.get<std::string>());
  }
  if (j.contains("phone_check")) {
    const auto& pc = j["phone_check"];
    if (!pc.is_object()) throw std::runtime_error(origin + ": 'phone_check' must be an object with 'ok' and 'problem'");
    for (const auto& [key, _] : pc.items())
      if (key != "ok" && key != "problem") throw std::runtime_error(origin + ": unknown key 'phone_check." + key + "'");
    auto read = [&](const char* key, std::vector<text::Phrase>& out) {
      if (!pc.contains(key) || !pc[key].is_array() || pc[key].empty())
        throw std::runtime_error(origin + ": 'phone_check." + key + "' must be a non-empty list of phrases");
      out = requests::read_phrases(pc[key], origin, std::string("phone_check.") + key);
    };
    read("ok", h.phone_ok);
    read("problem", h.phone_problem);
  } else {
    h.phone_ok = builtin().phone_ok;
    h.phone_problem = builtin().phone_problem;
  }
  return h;
}

std::string phones_line(const Handbook& h) {
  std::string line;
  for (const auto& p : h.company_phones) line += (line.empty() ? "" : ", ") + p;
  return line;
}

PhoneAnswer phone_answer(const Handbook& h, std::string_view message) {
  const auto folded = text::fold(message);
  const auto words = text::words(folded);
  auto any = [&](const std::vector<text::Phrase>& phrases) {
    for (const auto& p : phrases)
      if (text::contains(words, p)) return true;
    return false;
  };
  if (any(h.phone_problem)) return PhoneAnswer::problem;
  const auto first = folded.find_first_not_of(" \t\r\n");
  const bool plus = first != std::string::npos && folded.find_first_not_of("+!.) \t\r\n", first) == std::string::npos &&
                    folded[first] == '+';
  return plus || any(h.phone_ok) ? PhoneAnswer::ok : PhoneAnswer::none;
}

Handbook load(const std::string& path) { return parse(read_text_file(path, "handbook file"), path); }

const Handbook& builtin() {
  static const Handbook h = parse(kBuiltinHandbookJson, "built-in handbook");
  return h;
}

}  // namespace dutybot::handbook
