#include "handlers/calendar/calendar_feed.h"

#include <date/date.h>

namespace dutybot::handlers::calendar {
namespace {

std::string utc_stamp(TimePoint t) {
  return date::format("%Y%m%dT%H%M%SZ", std::chrono::floor<std::chrono::seconds>(t));
}

}  // namespace

std::string ics_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c != '\r') {
      out += c;
    }
  }
  return out;
}

std::string ics_line(std::string_view line) {
  std::string out;
  std::size_t taken = 0;
  std::size_t limit = 75;  // octets on the first line; 74 after the leading space of a continuation
  while (line.size() - taken > limit) {
    std::size_t cut = taken + limit;
    while (cut > taken && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    out.append(line.substr(taken, cut - taken));
    out += "\r\n ";
    taken = cut;
    limit = 74;
  }
  out.append(line.substr(taken));
  out += "\r\n";
  return out;
}

std::string shifts_ics(const std::vector<storage::Shift>& shifts, const FeedInfo& info, TimePoint now) {
  std::string out = ics_line("BEGIN:VCALENDAR") + ics_line("VERSION:2.0") +
                    ics_line("PRODID:-//OnlineTur//dutybot//RU") + ics_line("CALSCALE:GREGORIAN") +
                    ics_line("METHOD:PUBLISH") + ics_line("X-WR-CALNAME:" + ics_text(info.name)) +
                    ics_line("X-WR-TIMEZONE:" + info.zone) + ics_line("REFRESH-INTERVAL;VALUE=DURATION:PT1H") +
                    ics_line("X-PUBLISHED-TTL:PT1H");
  const std::string stamp = utc_stamp(now);
  for (const auto& s : shifts) {
    out += ics_line("BEGIN:VEVENT");
    out += ics_line("UID:shift-" + std::to_string(s.id) + "@" + info.uid_domain);
    out += ics_line("DTSTAMP:" + stamp);
    out += ics_line("SEQUENCE:" + std::to_string(s.revision));
    out += ics_line("DTSTART:" + utc_stamp(s.start));
    out += ics_line("DTEND:" + utc_stamp(s.end));
    out += ics_line("SUMMARY:" + ics_text(info.with_names ? "Смена: " + s.name : "Смена в OnlineTur"));
    out += ics_line("DESCRIPTION:" +
                    ics_text("Дежурство: ответить каждому клиенту в чатах стран, перезвонить на пропущенные звонки, "
                             "обработать заявки. Перед началом — проверка телефона."));
    out += ics_line("TRANSP:OPAQUE");
    out += ics_line("END:VEVENT");
  }
  out += ics_line("END:VCALENDAR");
  return out;
}

std::string feed_url(std::string_view public_url, std::string_view secret) {
  std::string base(public_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/calendar/" + std::string(secret) + ".ics";
}

std::string uid_domain(std::string_view public_url) {
  auto scheme = public_url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? public_url : public_url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (!rest.empty() && rest.front() == '[') return std::string(rest.substr(0, rest.find(']') + 1));
  rest = rest.substr(0, rest.find(':'));
  return rest.empty() ? "dutybot" : std::string(rest);
}

}  // namespace dutybot::handlers::calendar
