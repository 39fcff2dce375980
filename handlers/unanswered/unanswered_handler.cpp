#include "handlers/unanswered/unanswered_handler.h"

#include <algorithm>
#include <map>
#include <set>

#include "handlers/common/text_util.h"
#include "handlers/unanswered/unanswered_texts.h"

namespace dutybot::handlers {
namespace {

constexpr const char* kStaffChatMark = "staff-chat";
constexpr const char* kCheckKey = "next";

// Arms the one check timer at `when`, unless it is already due sooner.
void arm_check(const Context& ctx, Effects& fx, TimePoint when) {
  auto current = ctx.store.timer_due(UnansweredHandler::kCheckTimer, kCheckKey);
  if (current && *current <= when) return;
  fx.changes.emplace_back(storage::ArmTimer{UnansweredHandler::kCheckTimer, kCheckKey, when, ""});
}

TimePoint started_at(const proto::MessageEvent& m, TimePoint now) {
  auto ts = parse_utc(m.ts);
  return ts && *ts <= now ? *ts : now;
}

bool may_send(const Context& ctx, const std::string& recipient) {
  auto last = ctx.store.last_notified(recipient);
  return !last || ctx.now - *last >= ctx.settings.unanswered.repeat;
}

}  // namespace

bool is_closer(std::string_view message) {
  static const std::set<std::string, std::less<>> closers = {
      "спасибо", "спс",     "благодарю",   "благодарим", "большое", "огромное",    "вам",    "ок",     "окей",
      "ok",      "okay",    "хорошо",      "понятно",    "ясно",    "ага",         "угу",    "да",     "отлично",
      "супер",   "принято", "поняла",      "понял",      "класс",   "спасибочки",  "пасибо", "thanks", "thank",
      "you",     "все",     "понятненько", "хорош",      "ладно",   "договорились"};
  for (const auto& w : text::words(text::fold(message)))
    if (!closers.count(w)) return false;
  return true;  // only closing words, or no words at all (an emoji, a «+»)
}

// «беру», «возьму», «могу», «я возьму», optionally followed by a country («беру Турцию»); nullopt when it is none.
// The words after the verb, folded, else "".
std::optional<std::string> claim_words(std::string_view message) {
  auto words = text::words(text::fold(message));
  std::size_t i = 0;
  if (i < words.size() && words[i] == "я") ++i;
  if (i >= words.size() || (words[i] != "беру" && words[i] != "возьму" && words[i] != "могу")) return std::nullopt;
  std::string rest;
  for (++i; i < words.size(); ++i) rest += (rest.empty() ? "" : " ") + words[i];
  return rest;
}

// «Турцию» names «Турция»: the title without its last letter when that is a vowel, «й» or «ь» (Russian endings
// change there), else the whole title, begins the word.
bool names_chat(const std::string& folded_words, const std::string& title) {
  std::string stem = text::fold(title);
  static const std::vector<std::string> endings = {"а", "я", "о", "е", "ы", "и", "й", "ь", "у", "ю"};
  for (const auto& e : endings)
    if (stem.size() > e.size() + 2 && stem.ends_with(e)) {
      stem.resize(stem.size() - e.size());
      break;
    }
  for (const auto& w : text::words(folded_words))
    if (w.starts_with(stem)) return true;
  return false;
}

bool is_waits_question(std::string_view message) {
  if (auto cmd = text::command(message)) return cmd->name == "/ожидают" || cmd->name == "/waits";
  auto f = text::fold(message);
  return text::has_phrase(f, "что ждет ответа") || text::has_phrase(f, "кто ждет ответа") ||
         text::has_phrase(f, "что без ответа");
}

void UnansweredHandler::on_event(const proto::Event& e, const Context& ctx, Effects& fx) {
  if (const auto* del = std::get_if<proto::MessageDeletedEvent>(&e.body)) {
    if (del->chat.kind == proto::ChatKind::country) fx.changes.emplace_back(storage::DropWaitMessage{del->id});
    return;
  }
  const auto* m = std::get_if<proto::MessageEvent>(&e.body);
  if (!m || m->edited_ts) return;  // an edit keeps the wait as it was
  if (m->from.role == proto::Role::bot || m->from.id == ctx.bot_id) return;

  if (m->chat.kind != proto::ChatKind::country) return;  // waits live in country chats only
  if (m->from.role == proto::Role::client) {
    if (is_closer(m->text)) return;
    const TimePoint start = started_at(*m, ctx.now);
    fx.changes.emplace_back(
        storage::OpenWait{m->chat.id, m->chat.title, m->from.id, m->from.name, m->id, m->text, start});
    arm_check(ctx, fx, start + ctx.settings.unanswered.first_nudge);
  } else if (proto::is_staff(m->from.role)) {
    std::optional<std::string> client;
    if (m->reply_to) {
      if (auto w = ctx.store.open_wait_of_message(*m->reply_to)) client = w->client_id;
    }
    // A reply to a waiting message answers its author; any other staff message answers the whole chat.
    fx.changes.emplace_back(storage::AnswerWaits{m->chat.id, client, m->from.id, started_at(*m, ctx.now)});
  }
}

bool UnansweredHandler::on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) {
  if (!proto::is_staff(m.from.role) || m.chat.kind == proto::ChatKind::country || m.edited_ts) return false;
  if (auto words = claim_words(m.text)) return claim(m, *words, ctx, fx);
  if (!is_waits_question(m.text)) return false;
  fx.reply(m, "waits.list",
           unanswered::texts::list(ctx.store.open_waits(unanswered::texts::kWaitsInList), ctx.store.open_wait_count(),
                                   ctx.now));
  return true;
}

bool UnansweredHandler::claim(const proto::MessageEvent& m, const std::string& words, const Context& ctx, Effects& fx) {
  // Which waits: those the replied-to nudge listed, or those in the chats the words name.
  std::vector<std::int64_t> listed;
  if (m.reply_to) listed = ctx.store.waits_listed_in(*m.reply_to);
  if (listed.empty() && words.empty()) return false;  // a plain «могу» is not about clients (a cover request may be)
  if (!ctx.store.duty_of(m.from.id, ctx.now)) {
    fx.reply(m, "waits.claim.off_duty", unanswered::texts::kClaimNotOnDuty);
    return true;
  }
  std::vector<storage::Wait> chosen;
  for (const auto& w : ctx.store.open_waits(kWaitsListed)) {
    const bool in_list = std::find(listed.begin(), listed.end(), w.id) != listed.end();
    if (listed.empty() ? names_chat(words, w.chat_title) : in_list) chosen.push_back(w);
  }
  if (chosen.empty()) {
    fx.reply(m, "waits.claim.none",
             listed.empty() ? unanswered::texts::kClaimNoChat : unanswered::texts::kClaimNothing);
    return true;
  }
  std::vector<std::int64_t> ids;
  ids.reserve(chosen.size());
  for (const auto& w : chosen) ids.push_back(w.id);
  const auto claims = ctx.store.wait_claims(ids, ctx.now);
  std::vector<std::int64_t> mine;
  std::vector<std::string> taken_chats, others;
  for (const auto& w : chosen) {
    auto c = claims.find(w.id);
    if (c != claims.end() && c->second.user_id != m.from.id) {
      others.push_back(w.chat_title + " — " + w.client_name + " у " + c->second.name);
      continue;
    }
    mine.push_back(w.id);
    taken_chats.push_back(w.chat_title + " — " + w.client_name);
  }
  std::string answer;
  if (!mine.empty()) {
    fx.changes.emplace_back(storage::ClaimWaits{mine, m.from.id, m.from.name, ctx.now + ctx.settings.unanswered.claim});
    answer = unanswered::texts::claim_taken(taken_chats, ctx.settings.unanswered.claim);
  }
  if (!others.empty()) answer += (answer.empty() ? "" : "\n") + unanswered::texts::claim_already(others);
  fx.reply(m, "waits.claim", answer);
  return true;
}

void UnansweredHandler::on_timer(const storage::DueTimer& t, const Context& ctx, Effects& fx) {
  const auto& cfg = ctx.settings.unanswered;
  const TimePoint now = ctx.now;
  auto waits = ctx.store.open_waits(kWaitsListed);

  if (t.kind == kCoverageTimer) {
    // Coverage begins: supervisors get one digest of what came in while nobody was paged.
    if (!waits.empty()) {
      const auto digest = unanswered::texts::digest(waits, ctx.store.open_wait_count(), now);
      for (const auto& sup : ctx.store.people_with_role(proto::Role::supervisor)) {
        fx.direct("waits.digest." + sup.id, sup.id, digest.text);
        fx.changes.emplace_back(storage::Notified{sup.id, "digest", digest.shown.size(), now});
      }
      arm_check(ctx, fx, now);
    }
    return;
  }
  if (waits.empty()) return;  // nothing waits: nothing to say, no timer to keep

  if (!ctx.settings.coverage.covers(now, ctx.settings.zone)) {
    // Outside coverage nobody is paged; the digest comes when coverage begins.
    if (auto begin = ctx.settings.coverage.next_start(now, ctx.settings.zone))
      fx.changes.emplace_back(storage::ArmTimer{kCoverageTimer, "next", *begin, ""});
    return;
  }

  const auto duties = ctx.store.active_duties(now);
  std::vector<TimePoint> next;  // the moments something could fall due next

  // Nudges to everyone on duty: one message each, all waits due, at most once per repeat.
  std::vector<storage::Wait> due;
  for (const auto& w : waits) {
    if (w.started_at + cfg.first_nudge <= now)
      due.push_back(w);
    else
      next.push_back(w.started_at + cfg.first_nudge);
  }
  if (!due.empty()) {
    // Only the waits the message had room for count as nudged; the rest are named in a later one. A client someone
    // took with «беру» is marked so in the others' nudges, and a nudge with nothing but such clients is not sent.
    std::vector<std::int64_t> due_ids;
    due_ids.reserve(due.size());
    for (const auto& w : due) due_ids.push_back(w.id);
    const auto claims = ctx.store.wait_claims(due_ids, now);
    const auto total = ctx.store.open_wait_count(now - cfg.first_nudge);
    std::set<std::int64_t> shown;
    for (const auto& d : duties) {
      if (!may_send(ctx, d.user_id)) {
        next.push_back(*ctx.store.last_notified(d.user_id) + cfg.repeat);
        continue;
      }
      std::map<std::int64_t, std::string> others;
      for (const auto& [id, c] : claims)
        if (c.user_id != d.user_id) others.emplace(id, unanswered::texts::claimed_note(c.name));
      if (others.size() == due.size()) {
        next.push_back(std::min_element(claims.begin(), claims.end(), [](const auto& a, const auto& b) {
                         return a.second.until < b.second.until;
                       })->second.until);  // their claims run out: nudged then, if still unanswered
        continue;
      }
      auto nudge = unanswered::texts::nudge(due, total, now, others.empty() ? nullptr : &others);
      fx.direct("waits.nudge." + d.user_id, d.user_id, nudge.text);
      fx.messages.back().waits = nudge.shown;
      fx.changes.emplace_back(storage::Notified{d.user_id, "nudge", nudge.shown.size(), now});
      shown.insert(nudge.shown.begin(), nudge.shown.end());
      next.push_back(now + cfg.repeat);
    }
    if (!shown.empty())
      fx.changes.emplace_back(
          storage::MarkWaitsNotified{std::vector<std::int64_t>(shown.begin(), shown.end()), false, now});
  }

  // Escalation: after escalate_s, or at first_nudge_s when nobody is on duty.
  const auto escalate_after = duties.empty() ? cfg.first_nudge : cfg.escalate;
  std::vector<storage::Wait> overdue;
  for (const auto& w : waits) {
    if (w.started_at + escalate_after <= now)
      overdue.push_back(w);
    else
      next.push_back(w.started_at + escalate_after);
  }
  if (!overdue.empty()) {
    std::vector<std::string> names;
    names.reserve(duties.size());
    for (const auto& d : duties)
      names.push_back(d.name + " (" + text::end_phrase(d.ends_at, now, ctx.settings.zone) + ")");
    const auto escalation = unanswered::texts::escalation(overdue, ctx.store.open_wait_count(now - escalate_after), now,
                                                          unanswered::texts::on_duty_line(names));
    const std::string& body = escalation.text;
    bool sent = false;
    for (const auto& sup : ctx.store.people_with_role(proto::Role::supervisor)) {
      if (!may_send(ctx, sup.id)) {
        next.push_back(*ctx.store.last_notified(sup.id) + cfg.repeat);
        continue;
      }
      fx.direct("waits.escalate." + sup.id, sup.id, body);
      fx.changes.emplace_back(storage::Notified{sup.id, "escalation", escalation.shown.size(), now});
      next.push_back(now + cfg.repeat);
      sent = true;
    }
    if (auto staff = ctx.staff_chat_id()) {
      if (may_send(ctx, kStaffChatMark)) {
        fx.post("waits.escalate.staff", *staff, body);
        fx.changes.emplace_back(storage::Notified{kStaffChatMark, "escalation", escalation.shown.size(), now});
        next.push_back(now + cfg.repeat);
        sent = true;
      } else {
        next.push_back(*ctx.store.last_notified(kStaffChatMark) + cfg.repeat);
      }
    }
    if (sent) fx.changes.emplace_back(storage::MarkWaitsNotified{escalation.shown, true, now});
  }

  // A duty starting later changes who is paged; the repeat pacing covers that within repeat_s.
  std::erase_if(next, [&](TimePoint p) { return p <= now; });
  if (!next.empty()) {
    fx.changes.emplace_back(storage::ArmTimer{kCheckTimer, kCheckKey, *std::min_element(next.begin(), next.end()), ""});
  } else {
    fx.changes.emplace_back(storage::ArmTimer{kCheckTimer, kCheckKey, now + cfg.repeat, ""});
  }
}

}  // namespace dutybot::handlers
