#include "handlers/duty/duty_zones.h"

#include <stdexcept>
#include <vector>

#include "handlers/duty/zones_builtin.h"

namespace dutybot::duty {
namespace {

std::vector<std::string_view> split(std::string_view line, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    auto at = line.find(sep, start);
    parts.push_back(line.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

std::size_t words_in(std::string_view form) {
  std::size_t n = 1;
  for (char c : form) n += c == ' ' ? 1 : 0;
  return n;
}

}  // namespace

const ZoneNames& ZoneNames::builtin() {
  static const ZoneNames names = parse(kBuiltinZonesTsv);
  return names;
}

ZoneNames ZoneNames::parse(std::string_view tsv) {
  ZoneNames names;
  int line_no = 0;
  for (std::string_view line : split(tsv, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    auto cols = split(line, '\t');
    const auto where = "zones table, line " + std::to_string(line_no);
    if (cols.size() < 3 || cols.size() > 4 || cols[0].empty() || cols[2].empty())
      throw std::runtime_error(where + ": expected «form<TAB>zone<TAB>named[<TAB>alone]»");
    NamedZone z;
    try {
      z.zone = date::locate_zone(std::string(cols[1]));
    } catch (const std::exception&) {
      throw std::runtime_error(where + ": unknown time zone '" + std::string(cols[1]) + "'");
    }
    z.named = std::string(cols[2]);
    if (cols.size() == 4) {
      if (cols[3] != "alone") throw std::runtime_error(where + ": the fourth column can only be 'alone'");
      z.alone = true;
    }
    const date::time_zone* z_zone = z.zone;
    if (!names.forms_.emplace(std::string(cols[0]), std::move(z)).second)
      throw std::runtime_error(where + ": '" + std::string(cols[0]) + "' is already in the table");
    names.first_named_.emplace(z_zone, std::string(cols[2]));  // the zone's first line names it
    names.max_words_ = std::max(names.max_words_, words_in(cols[0]));
  }
  return names;
}

const NamedZone* ZoneNames::find(std::string_view form) const {
  auto it = forms_.find(form);
  return it == forms_.end() ? nullptr : &it->second;
}

std::optional<std::string> ZoneNames::name_of(const date::time_zone* zone) const {
  auto it = first_named_.find(zone);
  if (it == first_named_.end()) return std::nullopt;
  return it->second;
}

}  // namespace dutybot::duty
