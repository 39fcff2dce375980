#include "handlers/common/handbook.h"
#include "core/text_file.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/protocol.h"
#include "core/utf8.h"
#include "handlers/common/handbook_builtin.h"

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
  return h;
}

Handbook load(const std::string& path) { return parse(read_text_file(path, "handbook file"), path); }

const Handbook& builtin() {
  static const Handbook h = parse(kBuiltinHandbookJson, "built-in handbook");
  return h;
}

}  // namespace dutybot::handbook
