#pragma once
// The places staff name for their time («по Самаре», «20:00 нск»), read from handlers/duty/zones.ru.tsv.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <date/tz.h>

namespace dutybot::duty {

// One way of naming a zone: the zone, how the bot names it back («по Самаре»), and whether it may stand alone.
struct NamedZone {
  const date::time_zone* zone = nullptr;
  std::string named;   // after «по»: «Самаре», «московскому времени»
  bool alone = false;  // also right after the time without «по»: «20:00 мск»
};

// The table of forms (folded: lower case, ё as е, words joined by one space, hyphens kept) → zones.
class ZoneNames {
public:
  // The table compiled into the bot, with «мск±N» and «utc±N»; a bad line throws std::runtime_error naming it.
  static const ZoneNames& builtin();
  static ZoneNames parse(std::string_view tsv);

  const NamedZone* find(std::string_view form) const;
  // How the bot names a zone back: its first line in the table («Москве»); nullopt when it has none.
  std::optional<std::string> name_of(const date::time_zone* zone) const;
  std::size_t size() const { return forms_.size(); }
  std::size_t max_words() const { return max_words_; }

private:
  void add_offsets();

  std::map<std::string, NamedZone, std::less<>> forms_;
  std::map<const date::time_zone*, std::string> first_named_;
  std::size_t max_words_ = 1;
};

}  // namespace dutybot::duty
