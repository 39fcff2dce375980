#include "handlers/duty/duty_time.h"

#include <array>
#include <map>
#include <vector>

#include "core/zone_time.h"
#include "handlers/common/text_util.h"
#include "handlers/duty/duty_zones.h"

namespace dutybot::duty {
namespace {

using date::days;
using date::local_days;
using std::chrono::hours;
using std::chrono::minutes;

// ---------------------------------------------------------------- tokens
struct Token {
  enum Kind { num, word, punct } kind;
  std::string text;
  int value = 0;   // num
  int digits = 0;  // num
  bool space_before = false;
};

// A word typed with the keyboard switched half-way («дeжурю» with a Latin e): Latin letters that look Cyrillic
// are read as the Cyrillic ones, in words that have Cyrillic letters too (Latin words stay: «pm», «msk»).
void unmix_keyboard(std::string& word) {
  bool cyrillic = false, latin = false;
  for (char c : word) {
    const auto u = static_cast<unsigned char>(c);
    cyrillic = cyrillic || u == 0xD0 || u == 0xD1;
    latin = latin || (u >= 'a' && u <= 'z');
  }
  if (!cyrillic || !latin) return;
  static constexpr std::pair<char, const char*> kLookalikes[] = {{'a', "а"}, {'b', "в"}, {'c', "с"}, {'e', "е"},
                                                                 {'h', "н"}, {'k', "к"}, {'m', "м"}, {'o', "о"},
                                                                 {'p', "р"}, {'t', "т"}, {'x', "х"}, {'y', "у"}};
  std::string out;
  for (char c : word) {
    const char* cyr = nullptr;
    for (const auto& [lat, cy] : kLookalikes)
      if (c == lat) cyr = cy;
    if (cyr)
      out += cyr;
    else
      out += c;
  }
  word = std::move(out);
}

std::vector<Token> tokenize(std::string_view folded) {
  std::vector<Token> out;
  bool space = false;
  std::size_t i = 0;
  while (i < folded.size()) {
    auto c = static_cast<unsigned char>(folded[i]);
    if (c == ' ' || c == '\t' || c == '\r') {
      space = true;
      ++i;
      continue;
    }
    Token t;
    t.space_before = space;
    space = false;
    if (c >= '0' && c <= '9') {
      t.kind = Token::num;
      while (i < folded.size() && folded[i] >= '0' && folded[i] <= '9') {
        if (t.digits < 6) t.value = t.value * 10 + (folded[i] - '0');
        ++t.digits;
        t.text += folded[i++];
      }
    } else if (auto cp = utf8::next(folded, i); !utf8::is_letter(cp.value)) {
      t.kind = Token::punct;
      t.text = std::string(folded.substr(i, cp.bytes));
      i += cp.bytes;
    } else {
      t.kind = Token::word;  // a run of letters, each decoded once
      while (utf8::is_letter(cp.value)) {
        t.text.append(folded.substr(i, cp.bytes));
        i += cp.bytes;
        if (i >= folded.size()) break;
        cp = utf8::next(folded, i);
      }
      unmix_keyboard(t.text);
    }
    out.push_back(std::move(t));
  }
  return out;
}

// The word at k as a refusal quotes it: «по» with the word after it («по урюпинску»), else the word alone.
std::string quoted_word_at(const std::vector<Token>& t, std::size_t k) {
  if (t[k].text == "по" && k + 1 < t.size() && t[k + 1].kind == Token::word) return "по " + t[k + 1].text;
  return t[k].text;
}

// ---------------------------------------------------------------- vocabulary
const std::map<std::string, int, std::less<>>& hour_genitives() {
  static const std::map<std::string, int, std::less<>> m = {
      {"одного", 1},      {"часу", 1},         {"двух", 2},        {"трех", 3},          {"четырех", 4},
      {"пяти", 5},        {"шести", 6},        {"семи", 7},        {"восьми", 8},        {"девяти", 9},
      {"десяти", 10},     {"одиннадцати", 11}, {"двенадцати", 12}, {"тринадцати", 13},   {"четырнадцати", 14},
      {"пятнадцати", 15}, {"шестнадцати", 16}, {"семнадцати", 17}, {"восемнадцати", 18}, {"девятнадцати", 19},
      {"двадцати", 20},
  };
  return m;
}
const std::map<std::string, int, std::less<>>& hour_nominatives() {
  static const std::map<std::string, int, std::less<>> m = {
      {"час", 1},  {"один", 1},   {"два", 2},    {"три", 3},     {"четыре", 4},       {"пять", 5},        {"шесть", 6},
      {"семь", 7}, {"восемь", 8}, {"девять", 9}, {"десять", 10}, {"одиннадцать", 11}, {"двенадцать", 12},
  };
  return m;
}
const std::map<std::string, int, std::less<>>& hour_ordinals() {  // «пол десятого» = 9:30
  static const std::map<std::string, int, std::less<>> m = {
      {"первого", 1},  {"второго", 2},  {"третьего", 3}, {"четвертого", 4}, {"пятого", 5},         {"шестого", 6},
      {"седьмого", 7}, {"восьмого", 8}, {"девятого", 9}, {"десятого", 10},  {"одиннадцатого", 11}, {"двенадцатого", 12},
  };
  return m;
}
const std::map<std::string, int, std::less<>>& minute_genitives() {  // «без пяти девять»
  static const std::map<std::string, int, std::less<>> m = {
      {"пяти", 5}, {"десяти", 10}, {"четверти", 15}, {"пятнадцати", 15}, {"двадцати", 20},
  };
  return m;
}
int month_of(std::string_view w) {
  static const std::array<const char*, 12> names = {"января", "февраля", "марта",    "апреля",  "мая",    "июня",
                                                    "июля",   "августа", "сентября", "октября", "ноября", "декабря"};
  for (int i = 0; i < 12; ++i)
    if (w == names[i]) return i + 1;
  return 0;
}
bool is_hour_unit(std::string_view w) { return w == "ч" || w == "час" || w == "часа" || w == "часов" || w == "чс"; }
bool is_minute_unit(std::string_view w) {
  return w == "м" || w == "мин" || w == "минут" || w == "минуты" || w == "минуту" || w == "минутки";
}
bool is_genitive_suffix(std::string_view w) {  // 9ти, 5-ти, 2х, 7ми, 3ех
  return w == "ти" || w == "и" || w == "х" || w == "ми" || w == "ех" || w == "ух" || w == "ого" || w == "го";
}

enum class PartOfDay { none, morning, day, evening, night, am, pm };
PartOfDay part_of_day(std::string_view w) {
  if (w == "am") return PartOfDay::am;
  if (w == "pm") return PartOfDay::pm;
  if (w == "утра") return PartOfDay::morning;
  if (w == "дня") return PartOfDay::day;
  if (w == "вечера") return PartOfDay::evening;
  if (w == "ночи") return PartOfDay::night;
  return PartOfDay::none;
}
// Words that add nothing to the end time: «до 21:00 в субботу», «до понедельника до 9 утра», «до 5 числа».
bool is_filler_word(std::string_view w) {
  return w == "в" || w == "во" || w == "до" || w == "г" || w == "года" || w == "числа" || w == "включительно" ||
         w == "ровно" || w == "часов" || w == "времени";
}
// Words that start another clause: what follows them is not part of the end time («до 20:00 и завтра с 9»).
bool starts_clause(std::string_view w) {
  return w == "и" || w == "а" || w == "но" || w == "если" || w == "потом" || w == "затем" || w == "пока" ||
         w == "когда" || w == "кто" || w == "чтобы" || w == "ибо";
}
// After a comma, «по …» that is not a place: «до 20:00, по всем вопросам — в личку».
bool is_chatter_after_po(std::string_view w) {
  return w == "всем" || w == "любым" || w == "срочным" || w == "вопросам" || w == "телефону" || w == "делу" ||
         w == "работе" || w == "рабочим" || w == "личным" || w == "поводу" || w == "заявкам" || w == "возможности" ||
         w == "графику" || w == "расписанию" || w == "будням" || w == "выходным";
}
bool is_vague_word(std::string_view w) {
  return w == "вечера" || w == "утра" || w == "ночи" || w == "обеда" || w == "вечер" || w == "утро" || w == "ночь" ||
         w == "упора" || w == "последнего" || w == "победного" || w == "конца";
}

// ---------------------------------------------------------------- reading
struct Reading {
  // time
  bool has_time = false;
  int hour = 0;
  int minute = 0;
  bool twelve_hour = false;  // bare hour 1–12 or a spoken form: h or h+12, whichever comes first
  bool midnight = false;     // 24:00, полуночи, конца дня: the end of the day
  bool day_start = false;    // 00:00 or 0: the start of the day (with no day given, the coming midnight too)
  PartOfDay part = PartOfDay::none;
  bool impossible = false;
  std::string impossible_text;
  // day
  std::optional<int> day_offset;  // сегодня 0, завтра 1, послезавтра 2
  int weekday = -1;
  std::optional<date::year_month_day> date;
  bool date_invalid = false;
  std::string date_text;
  // zone
  const NamedZone* named_zone = nullptr;  // «по Самаре», «мск»
  bool local_zone = false;                // «по местному»: the author's own zone
  // vague words seen
  std::string vague;
  // the first words of the end phrase that nothing above understood («по урюпинску», «ekt»)
  std::string unknown;
};

class Parser {
public:
  Parser(const std::vector<Token>& t, std::size_t begin, std::size_t end) : t_(t), i_(begin), end_(end) {}

  // Every word up to the end of the phrase is understood, or the first one that is not is kept in r.unknown.
  // The phrase ends, once a time is read, where another clause starts (docs/duty-phrasings.md): a comma that
  // is not followed by only a day, date or zone («до 21:00, пт 27.11» goes on; «до 20:00, завтра с 9 Олег»
  // does not), a dash, or a conjunction («и», «если», …).
  void run(Reading& r) {
    has_other_clock_ = scan_for_clock();
    while (i_ < end_) {
      if (r.has_time && clause_starts(i_)) break;
      if (try_zone(r) || try_date(r)) continue;
      if (r.has_time && is_num(i_)) {  // a second number that is no date: «до 20:00 мск+02», «до 20:00 или 21»
        if (r.unknown.empty()) r.unknown = (i_ > 0 && is_punct(i_ - 1, "+") ? "+" : "") + t_[i_].text;
        ++i_;
        continue;
      }
      if (try_time(r) || try_day(r) || try_part(r)) continue;
      if (is_word(i_)) {
        const std::string& w = t_[i_].text;
        if (is_vague_word(w)) {
          if (r.vague.empty()) r.vague = w;
        } else if (!is_filler_word(w) && r.unknown.empty()) {
          r.unknown = quoted_word_at(t_, i_);
        }
      }
      ++i_;
    }
  }

  // Only day and zone words (for the words between «дежурю» and «до»); other words there are talk, but a place
  // that is not understood («дежурю по Урюпинску до 20:00») is kept in r.unknown like one after «до».
  void run_days_only(Reading& r) {
    while (i_ < end_) {
      if (try_zone(r) || try_day(r)) continue;
      if (word_is(i_, "по") && is_word(i_ + 1) && !is_chatter_after_po(t_[i_ + 1].text) && r.unknown.empty())
        r.unknown = quoted_word_at(t_, i_);
      ++i_;
    }
  }

private:
  bool is_num(std::size_t k) const { return k < end_ && t_[k].kind == Token::num; }
  bool is_word(std::size_t k) const { return k < end_ && t_[k].kind == Token::word; }
  bool is_punct(std::size_t k, std::string_view p) const {
    return k < end_ && t_[k].kind == Token::punct && t_[k].text == p;
  }
  bool word_is(std::size_t k, std::string_view w) const { return is_word(k) && t_[k].text == w; }
  bool glued(std::size_t k) const { return k < end_ && !t_[k].space_before; }

  bool clause_starts(std::size_t k) const {
    if (is_punct(k, ",")) return !only_day_words_follow(k + 1);
    if (is_punct(k, "—") || is_punct(k, "–") || (is_punct(k, "-") && t_[k].space_before)) return true;
    return is_word(k) && starts_clause(t_[k].text);
  }

  // After a comma: only day, date and zone words up to the next comma. «по» and any word after it count as a
  // zone (understood or not: «до 20:00, по Урюпинску» must not pass for chatter) unless it is plain talk.
  bool only_day_words_follow(std::size_t k) const {
    for (; k < end_ && !is_punct(k, ","); ++k) {
      const Token& t = t_[k];
      if (t.kind == Token::num) continue;
      if (t.kind == Token::punct) continue;
      const std::string& w = t.text;
      if (w == "по") {
        if (is_word(k + 1) && is_chatter_after_po(t_[k + 1].text)) return false;
        ++k;
        continue;
      }
      const NamedZone* zone = ZoneNames::builtin().find(w);
      bool ok = text::weekday_of(w) >= 0 || month_of(w) || w == "сегодня" || w == "завтра" || w == "послезавтра" ||
                (zone && zone->alone) || w == "в" || w == "во" || w == "г" || w == "года" || w == "времени" ||
                is_genitive_suffix(w);
      if (!ok) return false;
    }
    return true;
  }

  // The words from k on joined as the zone table writes them: one space between words, a glued hyphen kept
  // («алма-ате»); `words` of them, or nullopt when there are fewer.
  std::optional<std::string> words_at(std::size_t k, std::size_t words, std::size_t* next) const {
    std::string out;
    for (std::size_t n = 0; n < words; ++n) {
      if (!is_word(k)) return std::nullopt;
      if (n > 0) out += ' ';
      out += t_[k++].text;
      while (is_punct(k, "-") && glued(k) && is_word(k + 1) && glued(k + 1)) {
        out += "-" + t_[k + 1].text;
        k += 2;
      }
    }
    *next = k;
    return out;
  }

  // Whether any unambiguous clock time (hh:mm, hh ч, hh-mm) is written, to read «12.11» beside it as a date.
  bool scan_for_clock() const {
    for (std::size_t k = i_; k < end_; ++k) {
      if (!is_num(k)) continue;
      if ((is_punct(k + 1, ":") || is_punct(k + 1, "-")) && is_num(k + 2)) return true;
      if (is_word(k + 1) && (is_hour_unit(t_[k + 1].text) || part_of_day(t_[k + 1].text) != PartOfDay::none))
        return true;
    }
    return false;
  }

  void set_time(Reading& r, int h, int m, bool twelve_hour, const std::string& text) {
    if (r.has_time) return;  // the first time written is the end
    r.has_time = true;
    if (h > 24 || m > 59 || (h == 24 && m != 0)) {
      r.impossible = true;
      r.impossible_text = text;
      return;
    }
    if ((h == 24 || h == 0) && m == 0) {
      (h == 24 ? r.midnight : r.day_start) = true;
      r.hour = 0;
      r.minute = 0;
      return;
    }
    r.hour = h;
    r.minute = m;
    r.twelve_hour = twelve_hour && h >= 1 && h <= 12;
  }

  static std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

  void set_zone(Reading& r, const NamedZone* zone, bool local) {
    if (r.named_zone || r.local_zone) return;  // the first zone written counts
    r.named_zone = zone;
    r.local_zone = local;
  }

  // «по Самаре», «по нижнему новгороду», «по местному [времени]», or a short form alone: «мск», «нск».
  bool try_zone(Reading& r) {
    const ZoneNames& names = ZoneNames::builtin();
    std::size_t next = 0;
    if (word_is(i_, "по") && is_word(i_ + 1)) {
      if (word_is(i_ + 1, "местному")) {
        set_zone(r, nullptr, true);
        i_ += 2;
        if (word_is(i_, "времени")) ++i_;
        return true;
      }
      for (std::size_t n = names.max_words(); n >= 1; --n) {
        auto form = words_at(i_ + 1, n, &next);
        if (!form) continue;
        if (const NamedZone* zone = names.find(with_offset(*form, &next))) {
          set_zone(r, zone, false);
          i_ = next;
          if (word_is(i_, "времени")) ++i_;
          return true;
        }
      }
      return false;
    }
    if (auto form = words_at(i_, 1, &next)) {
      if (const NamedZone* zone = names.find(with_offset(*form, &next)); zone && zone->alone) {
        set_zone(r, zone, false);
        i_ = next;
        return true;
      }
    }
    return false;
  }

  // «мск+2», «utc -5»: the form with the offset that follows it, when one does (moving *next past it).
  std::string with_offset(const std::string& form, std::size_t* next) const {
    const std::size_t k = *next;
    if ((is_punct(k, "+") || is_punct(k, "-")) && is_num(k + 1) && t_[k + 1].digits <= 2) {
      std::string with = form + t_[k].text + t_[k + 1].text;
      if (ZoneNames::builtin().find(with)) {
        *next = k + 2;
        return with;
      }
    }
    return form;
  }

  bool try_date(Reading& r) {
    if (!is_num(i_)) return false;
    const Token& d = t_[i_];
    // 28 ноября [2026], 1-го декабря
    std::size_t month_at = i_ + 1;
    if (is_punct(month_at, "-") && is_word(month_at + 1) && is_genitive_suffix(t_[month_at + 1].text))
      month_at += 2;
    else if (is_word(month_at) && glued(month_at) && is_genitive_suffix(t_[month_at].text))
      month_at += 1;
    if (is_word(month_at) && month_of(t_[month_at].text) && d.digits <= 2) {
      int year = 0;
      std::size_t next = month_at + 1;
      if (is_num(next) && t_[next].digits == 4) year = t_[next++].value;
      record_date(r, d.value, month_of(t_[month_at].text), year, d.text + " " + t_[month_at].text);
      i_ = next;
      if (word_is(i_, "г") || word_is(i_, "года")) ++i_;
      return true;
    }
    // 28.11 / 28.11.2026 / 28/11
    bool dot = is_punct(i_ + 1, ".") || is_punct(i_ + 1, "/");
    if (!dot || !is_num(i_ + 2) || d.digits > 2 || t_[i_ + 2].digits > 2 || !glued(i_ + 1) || !glued(i_ + 2))
      return false;
    const Token& m = t_[i_ + 2];
    bool three = (is_punct(i_ + 3, ".") || is_punct(i_ + 3, "/")) && is_num(i_ + 4) && glued(i_ + 3) && glued(i_ + 4) &&
                 (t_[i_ + 4].digits == 2 || t_[i_ + 4].digits == 4);
    if (!three) {
      // «20.00» is a time; «28.11» a date; «12.11» beside another clock time, a date.
      bool could_be_time = d.value <= 24 && m.digits == 2 && m.value <= 59 && is_punct(i_ + 1, ".");
      bool could_be_date = d.value >= 1 && d.value <= 31 && m.value >= 1 && m.value <= 12;
      if (could_be_time && !(has_other_clock_ && could_be_date)) return false;
      if (!could_be_date && could_be_time) return false;
    }
    int year = 0;
    std::string text = d.text + "." + m.text;
    std::size_t next = i_ + 3;
    if (three) {
      year = t_[i_ + 4].value;
      if (t_[i_ + 4].digits == 2) year += 2000;
      text += "." + t_[i_ + 4].text;
      next = i_ + 5;
    }
    record_date(r, d.value, m.value, year, text);
    i_ = next;
    return true;
  }

  void record_date(Reading& r, int day, int month, int year, const std::string& text) {
    if (r.date || r.date_invalid) return;
    r.date_text = text;
    date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                             date::day{static_cast<unsigned>(day)}};
    if (year == 0) {
      ymd = date::year_month_day{date::year{0}, ymd.month(), ymd.day()};  // year filled in on resolution
      if (!ymd.month().ok() || !ymd.day().ok() || day > 31 ||
          !date::year_month_day{date::year{2024}, ymd.month(), ymd.day()}.ok()) {
        r.date_invalid = true;
        return;
      }
    } else if (!ymd.ok()) {
      r.date_invalid = true;
      return;
    }
    r.date = ymd;
  }

  bool try_time(Reading& r) {
    const std::size_t start = i_;
    if (is_num(i_)) {
      const Token& h = t_[i_];
      // «до 1830», «до 0930»: four digits are hours and minutes (a year is read by try_date, or has «года»)
      if (h.digits == 4 && h.value / 100 <= 24 && h.value % 100 <= 59 && !word_is(i_ + 1, "года") &&
          !word_is(i_ + 1, "г")) {
        ++i_;
        set_time(r, h.value / 100, h.value % 100, false, h.text);
        return true;
      }
      if (h.digits > 2) return false;
      // hh:mm, hh.mm, hh-mm, hh mm
      bool sep = is_punct(i_ + 1, ":") || is_punct(i_ + 1, ".") || is_punct(i_ + 1, "-");
      std::size_t mi = sep ? i_ + 2 : i_ + 1;
      if (is_num(mi) && t_[mi].digits == 2 && (sep ? (glued(i_ + 1) || t_[i_ + 1].text == "-") : true)) {
        // «20 28.11»: the second number starts a date, not minutes.
        bool starts_date = ((is_punct(mi + 1, ".") || is_punct(mi + 1, "/")) && is_num(mi + 2) && glued(mi + 1)) ||
                           (is_word(mi + 1) && month_of(t_[mi + 1].text));
        if (!starts_date && (sep || h.digits <= 2)) {
          i_ = mi + 1;
          if (is_word(i_) && is_minute_unit(t_[i_].text)) ++i_;
          set_time(r, h.value, t_[mi].value, false, h.text + ":" + t_[mi].text);
          return true;
        }
      }
      // 20ч, 20 ч., 20ч30, 20 часов 30 минут
      if (is_word(i_ + 1) && is_hour_unit(t_[i_ + 1].text)) {
        i_ += 2;
        if (is_punct(i_, ".")) ++i_;
        if (is_num(i_) && t_[i_].digits <= 2) {
          int m = t_[i_].value;
          std::string text = h.text + ":" + t_[i_].text;
          ++i_;
          if (is_word(i_) && is_minute_unit(t_[i_].text)) ++i_;
          if (is_punct(i_, ".")) ++i_;
          set_time(r, h.value, m, false, text);
        } else {
          set_time(r, h.value, 0, true, h.text + " ч");
        }
        return true;
      }
      // 9ти, 9-ти, 2х
      if (is_word(i_ + 1) && glued(i_ + 1) && is_genitive_suffix(t_[i_ + 1].text)) {
        i_ += 2;
        set_time(r, h.value, 0, true, h.text);
        return true;
      }
      if (is_punct(i_ + 1, "-") && is_word(i_ + 2) && is_genitive_suffix(t_[i_ + 2].text)) {
        i_ += 3;
        set_time(r, h.value, 0, true, h.text);
        return true;
      }
      // a bare hour (not a day of a month, which try_date took)
      i_ += 1;
      set_time(r, h.value, 0, true, h.text);
      return true;
    }
    if (!is_word(i_)) return false;
    const std::string& w = t_[i_].text;
    if (w == "полуночи" || w == "полночи" || w == "полночь") {
      ++i_;
      set_time(r, 24, 0, false, w);
      return true;
    }
    if (w == "полудня" || w == "полдень") {
      ++i_;
      set_time(r, 12, 0, false, w);
      return true;
    }
    if (w == "конца" && (word_is(i_ + 1, "дня") || word_is(i_ + 1, "суток"))) {
      i_ += 2;
      set_time(r, 24, 0, false, "конца дня");
      return true;
    }
    // четверти восьмого = 7:15; пол десятого, половины десятого = 9:30
    const int part_of_hour = w == "четверти" ? 15 : (w == "пол" || w == "половины" || w == "половина") ? 30 : 0;
    if (part_of_hour > 0) {
      auto it = is_word(i_ + 1) ? hour_ordinals().find(t_[i_ + 1].text) : hour_ordinals().end();
      if (it == hour_ordinals().end()) return false;
      i_ += 2;
      set_time(r, it->second - 1 == 0 ? 12 : it->second - 1, part_of_hour, true, w + " " + it->first);
      return true;
    }
    if (w.starts_with("пол") && w.size() > 6) {
      auto it = hour_ordinals().find(std::string_view(w).substr(6));
      if (it != hour_ordinals().end()) {
        ++i_;
        set_time(r, it->second - 1 == 0 ? 12 : it->second - 1, 30, true, w);
        return true;
      }
    }
    // без четверти девять, без 15 девять, без пяти девять
    if (w == "без") {
      std::size_t k = i_ + 1;
      int m = -1;
      if (is_num(k) && t_[k].value > 0 && t_[k].value < 60)
        m = t_[k++].value;
      else if (is_word(k) && minute_genitives().count(t_[k].text)) {
        m = minute_genitives().at(t_[k].text);
        ++k;
        if (m == 20 && word_is(k, "пяти")) {
          m = 25;
          ++k;
        }
      }
      if (m < 0) return false;
      if (is_word(k) && is_minute_unit(t_[k].text)) ++k;
      int hour = -1;
      if (is_num(k) && t_[k].value >= 1 && t_[k].value <= 24)
        hour = t_[k++].value;
      else if (is_word(k) && hour_nominatives().count(t_[k].text))
        hour = hour_nominatives().at(t_[k++].text);
      if (hour < 0) return false;
      i_ = k;
      int h = hour - 1;
      set_time(r, h == 0 ? 12 : h, 60 - m, hour <= 12, "без " + std::to_string(m) + " " + std::to_string(hour));
      return true;
    }
    // «до часа ночи», «до часу»: one o'clock, only right after «до»
    if ((w == "часа" || w == "часу") && start == begin_of_tail_) {
      ++i_;
      set_time(r, 1, 0, true, w);
      return true;
    }
    // девяти, двадцати одного
    auto it = hour_genitives().find(w);
    if (it != hour_genitives().end()) {
      if (w == "часу") return false;
      int h = it->second;
      ++i_;
      if (h == 20 && is_word(i_)) {
        static const std::map<std::string, int, std::less<>> units = {
            {"одного", 1}, {"двух", 2}, {"трех", 3}, {"четырех", 4}};
        auto u = units.find(t_[i_].text);
        if (u != units.end()) {
          h += u->second;
          ++i_;
        }
      }
      if (is_word(i_) && is_hour_unit(t_[i_].text)) ++i_;
      set_time(r, h, 0, true, w);
      return true;
    }
    return false;
  }

  bool try_day(Reading& r) {
    if (!is_word(i_)) return false;
    const std::string& w = t_[i_].text;
    std::optional<int> offset;
    if (w == "сегодня" || w == "сегодняшнего")
      offset = 0;
    else if (w == "завтра" || w == "завтрашнего")
      offset = 1;
    else if (w == "послезавтра")
      offset = 2;
    else if ((w == "следующего" || w == "следующих") && (word_is(i_ + 1, "дня") || word_is(i_ + 1, "суток"))) {
      if (!r.day_offset && r.weekday < 0 && !r.date) r.day_offset = 1;
      i_ += 2;
      return true;
    }
    if (offset) {
      if (!r.day_offset && r.weekday < 0 && !r.date) r.day_offset = offset;
      ++i_;
      return true;
    }
    int wd = text::weekday_of(w);
    if (wd >= 0) {
      if (!r.day_offset && r.weekday < 0 && !r.date) r.weekday = wd;
      ++i_;
      return true;
    }
    return false;
  }

  bool try_part(Reading& r) {
    if (!is_word(i_)) return false;
    PartOfDay p = part_of_day(t_[i_].text);
    if (p == PartOfDay::none || !r.has_time) return false;  // alone, it is vague: the caller notes it
    if (r.part == PartOfDay::none) r.part = p;
    ++i_;
    return true;
  }

  const std::vector<Token>& t_;
  std::size_t i_;
  std::size_t end_;
  std::size_t begin_of_tail_ = 0;
  bool has_other_clock_ = false;

public:
  void set_tail_begin(std::size_t b) { begin_of_tail_ = b; }
};

// Where «дежурю» and its «до» are; npos when absent.
struct Located {
  Intent intent = Intent::none;
  std::size_t lead_begin = 0;  // first token after the declaring words («дежурю», «я на смене», …)
  std::size_t do_index = 0;  // the «до» token (or what stands for it: «по» in «с 9 по 18», «-» in «9-18»)
  std::optional<std::size_t> duration_at;  // «ещё»/«на» of «дежурю ещё полтора часа», «на 3 часа»
};

bool word_at(const std::vector<Token>& t, std::size_t k, std::string_view w) {
  return k < t.size() && t[k].kind == Token::word && t[k].text == w;
}
bool sentence_starts_at(const std::vector<Token>& t, std::size_t k) {
  if (k == 0) return true;
  const Token& before = t[k - 1];
  return before.kind == Token::punct &&
         (before.text == "." || before.text == "!" || before.text == "?" || before.text == "," || before.text == ":" ||
          before.text == "\n" || before.text == ")");
}
// «я», or a sentence that starts here: whose duty it is when the words do not say («сегодня на смене до 18»).
bool first_person_before(const std::vector<Token>& t, std::size_t k) {
  if (k > 0 && word_at(t, k - 1, "я")) return true;
  if (k > 0 && (word_at(t, k - 1, "сегодня") || word_at(t, k - 1, "сейчас") || word_at(t, k - 1, "завтра")))
    return (k > 1 && word_at(t, k - 2, "я")) || sentence_starts_at(t, k - 1);
  return sentence_starts_at(t, k);
}

// How many tokens of declaring words start at k (0: none), and whether they declare a duty even with no end
// written («Дежурю!» asks until when; «я на смене» alone is only talk).
struct Lead {
  std::size_t length = 0;
  bool asks_end = false;
};
Lead lead_at(const std::vector<Token>& t, std::size_t k) {
  if (t[k].kind != Token::word) return {};
  const std::string& w = t[k].text;
  if (k > 0 && word_at(t, k - 1, "не")) return {};
  if (w == "дежурю" || w == "подежурю") return {1, true};
  if ((w == "дежурная" || w == "дежурный") && k > 0 &&
      (word_at(t, k - 1, "я") || (k > 1 && word_at(t, k - 2, "я") && word_at(t, k - 1, "сегодня"))))
    return {1, false};
  if (w == "заступила" || w == "заступил" || w == "заступаю") {
    std::size_t n = 1;
    if (word_at(t, k + n, "на")) ++n;
    if (word_at(t, k + n, "дежурство") || word_at(t, k + n, "смену") || word_at(t, k + n, "дежурстве"))
      return {n + 1, true};
    return {};
  }
  if (w == "на" && (word_at(t, k + 1, "смене") || word_at(t, k + 1, "дежурстве")) && first_person_before(t, k))
    return {2, false};
  return {};
}

bool is_sentence_end(const Token& t) {
  return t.kind == Token::punct && (t.text == "." || t.text == "!" || t.text == "?" || t.text == "\n");
}
// «пару часов», «три часа»: how many of the unit a word counts.
const std::map<std::string, int, std::less<>>& duration_counts() {
  static const std::map<std::string, int, std::less<>> m = {{"пару", 2},   {"два", 2},  {"три", 3},
                                                            {"четыре", 4}, {"пять", 5}, {"шесть", 6}};
  return m;
}
bool is_duration_amount(const Token& t) {
  if (t.kind == Token::num) return true;
  return t.text == "полтора" || t.text == "час" || t.text == "полчаса" || duration_counts().count(t.text) > 0;
}

Located locate(const std::vector<Token>& t) {
  Located loc;
  for (std::size_t k = 0; k < t.size(); ++k) {
    const Lead lead = lead_at(t, k);
    if (lead.length == 0) continue;
    loc.intent = lead.asks_end ? Intent::no_end : Intent::none;
    loc.lead_begin = k + lead.length;
    // «до» within the next few words: «дежурю сегодня до», «дежурю в чате до»
    const std::size_t window_end = std::min(t.size(), k + lead.length + 10);
    std::optional<std::size_t> from;  // «с» of «с 9 по 18»
    for (std::size_t j = loc.lead_begin; j < window_end; ++j) {
      if (is_sentence_end(t[j])) break;
      if (word_at(t, j, "до")) {
        loc.intent = Intent::declaration;
        loc.do_index = j;
        return loc;
      }
      if (!from && word_at(t, j, "с") && j + 1 < t.size() && t[j + 1].kind == Token::num) from = j;
    }
    // No «до»: a range «с 9:00 по 18:00» or «9-18», or a length «ещё полтора часа», «на 3 часа».
    for (std::size_t j = loc.lead_begin; j < window_end; ++j) {
      if (is_sentence_end(t[j])) break;
      const bool number_follows = j + 1 < t.size() && t[j + 1].kind == Token::num;
      if (from && j > *from && word_at(t, j, "по") && number_follows) {
        loc.intent = Intent::declaration;
        loc.do_index = j;
        return loc;
      }
      if (t[j].kind == Token::punct && t[j].text == "-" && j > loc.lead_begin && t[j - 1].kind == Token::num &&
          t[j - 1].value <= 24 && number_follows && t[j + 1].value <= 24 && t[j + 1].digits <= 2) {
        loc.intent = Intent::declaration;
        loc.do_index = j;
        return loc;
      }
      if ((word_at(t, j, "еще") || word_at(t, j, "на")) && j + 1 < t.size() && is_duration_amount(t[j + 1])) {
        loc.intent = Intent::declaration;
        loc.duration_at = j;
        return loc;
      }
    }
    if (loc.intent != Intent::none) return loc;
  }
  return loc;
}

// The length of «ещё полтора часа», «на 3 часа», «ещё 40 минут», «ещё пару часов», «ещё час»; nullopt when the
// words after «ещё»/«на» are not a length.
std::optional<std::chrono::minutes> read_duration(const std::vector<Token>& t, std::size_t k, std::size_t* next) {
  using std::chrono::minutes;
  std::size_t i = k + 1;
  *next = i + 1;
  if (i >= t.size()) return std::nullopt;
  auto unit_after = [&](std::size_t at) -> int {  // 60 for hours, 1 for minutes, 0 for neither
    if (at >= t.size() || t[at].kind != Token::word) return 0;
    if (is_hour_unit(t[at].text)) return 60;
    if (is_minute_unit(t[at].text)) return 1;
    return 0;
  };
  const std::string& w = t[i].text;
  if (t[i].kind == Token::word) {
    if (w == "час") return minutes{60};
    if (w == "полчаса") return minutes{30};
    if (w == "полтора" && unit_after(i + 1) == 60) {
      *next = i + 2;
      return minutes{90};
    }
    auto it = duration_counts().find(w);
    if (it != duration_counts().end() && unit_after(i + 1)) {
      *next = i + 2;
      return minutes{it->second * unit_after(i + 1)};
    }
    return std::nullopt;
  }
  // 3 часа, 2.5 часа, 2,5 часа, 40 минут
  int whole = t[i].value;
  int tenths = 0;
  std::size_t unit_at = i + 1;
  if (unit_at + 1 < t.size() && t[unit_at].kind == Token::punct && (t[unit_at].text == "." || t[unit_at].text == ",") &&
      t[unit_at + 1].kind == Token::num && t[unit_at + 1].digits == 1) {
    tenths = t[unit_at + 1].value;
    unit_at += 2;
  }
  const int unit = unit_after(unit_at);
  if (unit == 0 || t[i].digits > 3) return std::nullopt;
  *next = unit_at + 1;
  return minutes{whole * unit + tenths * unit / 10};
}

// Hour of a part-of-day reading, on the 24-hour clock; 24 means the end of the day.
int apply_part(int h, PartOfDay p) {
  switch (p) {
    case PartOfDay::morning:
      return h == 12 ? 0 : h;
    case PartOfDay::day:
      return (h >= 1 && h <= 5) ? h + 12 : h;
    case PartOfDay::evening:
      return (h >= 1 && h <= 11) ? h + 12 : (h == 12 ? 24 : h);
    case PartOfDay::night:
      return h == 12 ? 24 : (h >= 10 && h <= 11 ? h + 12 : h);
    case PartOfDay::am:
      return h == 12 ? 0 : h;
    case PartOfDay::pm:
      return h == 12 ? 12 : h + 12;
    case PartOfDay::none:
      return h;
  }
  return h;
}

DutyTimeError error(DutyTimeError::Kind k, std::string reason, std::string example = std::string(duty_example())) {
  return DutyTimeError{k, std::move(reason), std::move(example)};
}

}  // namespace

std::string_view duty_example() { return "«Дежурю до 21:00» или «Дежурю до 9 утра завтра»"; }

Intent classify_duty_message(std::string_view message) {
  auto tokens = tokenize(text::fold(message));
  return locate(tokens).intent;
}

DutyTimeReading read_duty_end(std::string_view message, TimePoint now, const date::time_zone* author_zone) {
  auto tokens = tokenize(text::fold(message));
  Located loc = locate(tokens);
  if (loc.intent != Intent::declaration) {
    std::string said = text::fold(message);
    if (utf8::length(said) > 60) said = utf8::truncate(said, 60) + "…";
    return error(DutyTimeError::Kind::no_time, "в «" + said + "» не написано, до какого времени вы дежурите");
  }
  if (loc.duration_at) {
    std::size_t after = 0;
    auto length = read_duration(tokens, *loc.duration_at, &after);
    // Nothing may follow a length in its clause: a zone, a day or a time beside it would mean something else.
    for (std::size_t k = after; length && k < tokens.size(); ++k) {
      const Token& tok = tokens[k];
      if (is_sentence_end(tok) ||
          (tok.kind == Token::punct && (tok.text == "," || tok.text == ";" || tok.text == "—" || tok.text == "–")))
        break;
      if (tok.kind == Token::punct) continue;
      if (tok.kind == Token::word && starts_clause(tok.text)) break;
      return error(DutyTimeError::Kind::not_understood,
                   "не понял «" + quoted_word_at(tokens, k) + "» рядом со временем",
                   "«Дежурю ещё 2 часа» или «Дежурю до 21:00 по Самаре»");
    }
    if (!length || length->count() <= 0)
      return error(DutyTimeError::Kind::not_understood, "не понял, сколько ещё вы дежурите",
                   "«Дежурю ещё 2 часа» или «Дежурю до 21:00»");
    if (*length > kMaxDutyAhead)
      return error(DutyTimeError::Kind::too_far, "это больше чем через 7 дней — так далеко я дежурства не записываю");
    return DutyEnd{now + *length, author_zone, false, {}};
  }

  // The end phrase runs from «до» to the end of its sentence («.», «!», «?» or a new «дежурю»).
  std::size_t tail_begin = loc.do_index + 1;
  std::size_t tail_end = tail_begin;
  for (; tail_end < tokens.size(); ++tail_end) {
    const Token& t = tokens[tail_end];
    if (t.kind != Token::punct) continue;
    if (t.text == "!" || t.text == "?" || t.text == "\n" || t.text == ";") break;
    // A dot and a space end the sentence, unless the dot closes a one-letter abbreviation («20 ч. завтра»).
    const Token& before = tokens[tail_end - 1];
    bool abbreviation = before.kind == Token::word && utf8::length(before.text) <= 1;
    bool sentence_dot =
        t.text == "." && tail_end + 1 < tokens.size() && tokens[tail_end + 1].space_before && !abbreviation;
    if (sentence_dot) break;
  }
  // The words of the end as written (folded), to quote in a refusal: «до победы», «до 20:00 по урюпинску».
  std::string phrase;
  for (std::size_t k = loc.do_index; k < tail_end && phrase.size() < 80; ++k)
    phrase += (k > loc.do_index && tokens[k].space_before ? " " : "") + tokens[k].text;
  const std::string quoted = "«" + phrase + "»";
  Reading r;
  Parser lead(tokens, loc.lead_begin, loc.do_index);
  lead.run_days_only(r);
  Parser tail(tokens, tail_begin, tail_end);
  tail.set_tail_begin(tail_begin);
  tail.run(r);

  const date::time_zone* zone = r.named_zone ? r.named_zone->zone : author_zone;

  if (r.impossible)
    return error(DutyTimeError::Kind::impossible, "такого времени не бывает: «" + r.impossible_text + "»");
  if (r.date_invalid) return error(DutyTimeError::Kind::impossible, "такой даты не бывает: «" + r.date_text + "»");
  bool has_day = r.day_offset || r.weekday >= 0 || r.date;
  // A time with a word nobody understood beside it is never recorded: the word may change it by hours.
  if (r.has_time && !r.unknown.empty()) {
    if (r.unknown.starts_with("по "))
      return error(DutyTimeError::Kind::not_understood, "не знаю, что за время «" + r.unknown + "»",
                   "«Дежурю до 20:00 по Самаре», «Дежурю до 20:00 мск» или «Дежурю до 20:00 по местному»");
    return error(DutyTimeError::Kind::not_understood, "не понял «" + r.unknown + "» рядом со временем");
  }
  if (!r.has_time) {
    if (!r.vague.empty())
      return error(DutyTimeError::Kind::vague, "«до " + r.vague + "» — не точное время, а мне нужны часы");
    if (has_day)
      return error(DutyTimeError::Kind::day_without_time, "в " + quoted + " есть день, но нет времени",
                   "«Дежурю до понедельника 9:00» или «Дежурю до 21:00 завтра»");
    return error(DutyTimeError::Kind::not_understood, "не понял, какое это время: " + quoted);
  }

  using namespace std::chrono;
  const local_days today = local_day(now, zone);

  // Candidate clock times on a day (minutes after that day's 00:00); 24:00 is the day's end.
  std::vector<minutes> clock;
  if (r.midnight) {
    clock.push_back(hours{24});
  } else if (r.day_start) {
    clock.push_back(hours{has_day ? 0 : 24});
  } else if (r.part != PartOfDay::none) {
    clock.push_back(hours{apply_part(r.hour, r.part)} + minutes{r.minute});
  } else if (r.twelve_hour) {
    clock.push_back(hours{r.hour % 12} + minutes{r.minute});
    clock.push_back(hours{r.hour % 12 + 12} + minutes{r.minute});
    if (r.hour == 12) clock.front() = hours{24} + minutes{r.minute};  // «до 12»: noon or midnight
  } else {
    clock.push_back(hours{r.hour} + minutes{r.minute});
  }

  std::vector<local_days> day_choices;
  if (r.day_offset) {
    day_choices.push_back(today + days{*r.day_offset});
  } else if (r.weekday >= 0) {
    local_days d = today;
    while (date::weekday(d).c_encoding() != static_cast<unsigned>(r.weekday)) d += days{1};
    day_choices.push_back(d);
    day_choices.push_back(d + days{7});  // today's weekday: a week ahead once the time has passed
  } else if (r.date) {
    auto ymd = *r.date;
    if (int(ymd.year()) == 0) {
      auto this_year = date::year_month_day(today).year();
      auto candidate = date::year_month_day{this_year, ymd.month(), ymd.day()};
      if (!candidate.ok() || local_days(candidate) < today)
        candidate = {this_year + date::years{1}, ymd.month(), ymd.day()};
      if (!candidate.ok()) return error(DutyTimeError::Kind::impossible, "такой даты не бывает: «" + r.date_text + "»");
      ymd = candidate;
    }
    day_choices.push_back(local_days(ymd));
  } else {
    day_choices.push_back(today);
    day_choices.push_back(today + days{1});
  }

  std::optional<TimePoint> best;
  std::optional<TimePoint> latest_past;
  for (auto d : day_choices) {
    for (auto c : clock) {
      auto local = d + c;
      // A gap or overlap in the zone's clock (DST) resolves to the earliest valid instant.
      TimePoint t = from_local(local, zone);
      if (t > now) {
        if (!best || t < *best) best = t;
      } else if (!latest_past || t > *latest_past) {
        latest_past = t;
      }
    }
    if (best && r.weekday >= 0) break;  // the nearest such weekday wins
  }
  if (!best)
    return error(DutyTimeError::Kind::past, quoted + " — это время уже прошло",
                 "«Дежурю до 21:00» или «Дежурю до 9 утра завтра» (время, которое ещё впереди)");
  if (*best - now > kMaxDutyAhead)
    return error(DutyTimeError::Kind::too_far,
                 quoted + " — это больше чем через 7 дней, так далеко я дежурства не записываю",
                 "«Дежурю до пятницы 18:00» (не дальше чем на неделю вперёд)");
  DutyEnd end{*best, zone, r.named_zone != nullptr, {}};
  if (r.named_zone) end.zone_named_as = r.named_zone->named;
  return end;
}

}  // namespace dutybot::duty
