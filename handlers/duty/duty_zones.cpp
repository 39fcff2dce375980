#include "handlers/duty/duty_zones.h"

#include <cstdlib>
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
  static const ZoneNames names = [] {
    ZoneNames table = parse(kBuiltinZonesTsv);
    table.add_offsets();
    return table;
  }();
  return names;
}

void ZoneNames::add_offsets() {
  // «мск+2», «msk-1», «utc+5», «gmt+3»: whole hours from Moscow or UTC, as fixed zones (Etc/GMT-5 is UTC+5).
  const std::pair<const char*, int> bases[] = {{"мск", 3}, {"msk", 3}, {"utc", 0}, {"gmt", 0}};
  for (const auto& [base, base_offset] : bases) {
    for (int hours = -12; hours <= 12; ++hours) {
      const int total = base_offset + hours;
      if (hours == 0 || total < -12 || total > 14) continue;
      const std::string sign = hours > 0 ? "+" : "-";
      const std::string form = base + sign + std::to_string(std::abs(hours));
      const std::string etc =
          total == 0 ? "Etc/UTC" : std::string("Etc/GMT") + (total > 0 ? "-" : "+") + std::to_string(std::abs(total));
      const std::string label = std::string(base) == "msk" ? "мск" : base;
      forms_.emplace(form, NamedZone{date::locate_zone(etc), label + sign + std::to_string(std::abs(hours)), true});
    }
  }
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
