#include "handlers/requests/requests_handler.h"

#include "handlers/common/on_duty.h"
#include "handlers/common/request_work.h"
#include "handlers/common/text_util.h"
#include "handlers/requests/requests_texts.h"

namespace dutybot::handlers {
namespace {

constexpr std::size_t kQuoteChars = 300;

std::string quote(const std::string& message) { return text::excerpt(message, kQuoteChars); }

std::string line_of(const proto::Request& r) { return request_line(r); }

// The question becomes the assistant's: for its topics, or (reason empty) for the expert's silence.
void hand_question(const storage::ExpertQuestion& q, const Context& ctx, Effects& fx) {
  const std::string reason = q.reason.empty() ? "silence" : q.reason;
  fx.changes.emplace_back(storage::HandExpertQuestion{q.message_id, reason, ctx.now});
  const std::string line = requests::texts::question_line(q.request_id, q.client_name, ctx.name_of(q.expert_id));
  const std::string body =
      q.reason.empty() ? requests::texts::expert_silent(line, text::duration_ru(ctx.now - q.received_at), quote(q.text))
                       : requests::texts::expert_topic(line, reasons_label(q.reason), quote(q.text));
  tell_on_duty(q.reason.empty() ? "request.silent" : "request.expert", body,
               requests::texts::expert_nobody(q.client_name, q.request_id, quote(q.text)), ctx, fx);
}

}  // namespace

ServiceAdvice expert_service_advice(const proto::Request& r, const requests::WordList& words) {
  using requests::Topic;
  if (r.prepaid_rub > 0)
    return {false,
            "клиент уже внёс предоплату " + std::to_string(r.prepaid_rub) + " ₽ за выбранный тур"};
  const bool more_options = words.in_topic(Topic::more_options, r.text);
  if (r.from_search)
    return more_options ? ServiceAdvice{true, "клиент сомневается в туре из поиска и просит подобрать ещё варианты"}
                        : ServiceAdvice{false, "тур выбран в поиске, вопросы по нему решите сами"};
  if (!more_options && words.in_topic(Topic::general_info, r.text)) return {false, "вопрос общего характера"};
  return {true, "заказ индивидуального тура не из поиска"};
}

void RequestsHandler::on_event(const proto::Event& e, const Context& ctx, Effects& fx) {
  if (const auto* r = std::get_if<proto::RequestEvent>(&e.body))
    on_request(*r, ctx, fx);
  else if (const auto* m = std::get_if<proto::RequestMessageEvent>(&e.body))
    on_request_message(*m, ctx, fx);
}

void RequestsHandler::on_request(const proto::RequestEvent& e, const Context& ctx, Effects& fx) {
  const proto::Request& r = e.request;
  const auto& cfg = ctx.settings.requests;
  auto known = ctx.store.request(r.id);
  const bool is_new = r.status == "new";
  // Timers run from the request's creation, or from now when that lies ahead or cannot be read.
  const TimePoint created = known ? known->created_at : std::min(parse_utc(r.created_ts).value_or(ctx.now), ctx.now);
  // Only a site request the bot first sees as new must be called back. Its clock starts at creation, or,
  // when it comes in outside coverage hours with nobody on duty, when coverage begins.
  std::optional<TimePoint> call_due = known ? known->call_due : std::nullopt;
  const bool first_seen_new_site = !known && is_new && r.source == "site";
  const std::optional<TimePoint> quiet = first_seen_new_site ? quiet_until(ctx) : std::nullopt;
  const TimePoint clock_start = quiet ? *quiet : created;
  if (first_seen_new_site) call_due = clock_start + cfg.call;
  const bool left_new = call_due && !is_new && (!known || !known->called_at);
  const std::optional<TimePoint> called_at = is_new ? std::nullopt : std::optional(ctx.now);
  storage::TrackedRequest tracked{r, created, call_due, called_at, std::nullopt, std::nullopt};
  fx.changes.emplace_back(storage::SaveRequest{r, created, call_due, called_at});

  if (first_seen_new_site) {
    fx.changes.emplace_back(storage::ArmTimer{kCallTimer, r.id, *call_due, ""});
    fx.changes.emplace_back(storage::ArmTimer{kEscalateTimer, r.id, clock_start + cfg.escalate, ""});
    if (quiet)
      fx.changes.emplace_back(storage::ArmTimer{kAnnounceTimer, r.id, *quiet, ""});
    else
      announce(tracked, ctx, fx);
  }
  if (left_new) {
    fx.changes.emplace_back(storage::CancelTimer{kAnnounceTimer, r.id});
    fx.changes.emplace_back(storage::CancelTimer{kCallTimer, r.id});
    fx.changes.emplace_back(storage::CancelTimer{kEscalateTimer, r.id});
    if (!note_written(r.reminder))
      fx.changes.emplace_back(storage::ArmTimer{kNoteTimer, r.id, ctx.now + cfg.note_grace, ""});
  }
  if (note_written(r.reminder)) fx.changes.emplace_back(storage::CancelTimer{kNoteTimer, r.id});
  if (e.changed_by) check_duty_rules(e, known, ctx, fx);  // who changed it unknown: never a breach
}

void RequestsHandler::check_duty_rules(const proto::RequestEvent& e,
                                       const std::optional<storage::TrackedRequest>& known, const Context& ctx,
                                       Effects& fx) {
  const proto::PersonRef& by = *e.changed_by;
  if (!ctx.store.duty_of(by.id, ctx.now)) return;  // a supervisor's assignment, or someone off duty
  const proto::Request& r = e.request;
  const std::string at = text::hh_mm(ctx.now, ctx.settings.zone);
  const auto was_expert = known ? known->request.expert : std::nullopt;
  if (r.expert && r.expert->id == by.id && (!was_expert || was_expert->id != by.id)) {
    fx.changes.emplace_back(
        storage::RecordRequestRemark{storage::RequestRemark{storage::RequestRemarkKind::self_assigned, r.id, by.id,
                                                            requests::texts::self_assigned(line_of(r), at), ctx.now}});
    tell_supervisors("request.self", requests::texts::self_assigned_alert(ctx.name_of(by.id), line_of(r), at), ctx, fx);
  }
  if (!known || known->request.status == r.status || r.status == "new") return;  // not moved forward
  // Site requests still new past the grace, oldest first, each named once.
  std::string waiting;
  for (const auto& w : ctx.store.requests_in_status("new", text::kItemsInList)) {
    if (ctx.now - w.created_at < ctx.settings.requests.order_grace) break;  // the rest are younger
    if (w.request.id == r.id || w.request.source != "site" || w.order_reminded_at) continue;
    waiting += (waiting.empty() ? "" : ", ") + w.request.id + " (" + client_name(w.request) + ", " +
               text::duration_ru(ctx.now - w.created_at) + ")";
    fx.changes.emplace_back(storage::MarkRequest{w.request.id, storage::RequestMark::order_reminded, ctx.now});
  }
  if (waiting.empty()) return;
  fx.direct("request.order", by.id, requests::texts::new_ones_first(waiting));
  fx.changes.emplace_back(storage::RecordRequestRemark{storage::RequestRemark{
      storage::RequestRemarkKind::out_of_order, r.id, by.id,
      requests::texts::out_of_order(line_of(r), requests::texts::status_label(r.status), at, waiting), ctx.now}});
}

void RequestsHandler::announce(const storage::TrackedRequest& tracked, const Context& ctx, Effects& fx) {
  const proto::Request& r = tracked.request;
  const auto advice = expert_service_advice(r, ctx.words());
  const std::string advice_text =
      advice.suggest ? requests::texts::suggest_service(advice.why) : requests::texts::skip_service(advice.why);
  tell_on_duty("request.new",
               requests::texts::new_site_request(line_of(r), quote(r.text),
                                                 text::hh_mm(*tracked.call_due, ctx.settings.zone), advice_text),
               requests::texts::new_site_request_nobody(line_of(r), quote(r.text)), ctx, fx);
}

void RequestsHandler::on_request_message(const proto::RequestMessageEvent& m, const Context& ctx, Effects& fx) {
  if (m.from.role == proto::Role::bot) return;
  if (proto::is_staff(m.from.role)) {
    // Any staff answer in the request ends every open question in it.
    auto open = ctx.store.open_expert_questions(m.request_id);
    if (open.empty()) return;
    fx.changes.emplace_back(storage::AnswerExpertQuestions{m.request_id, m.from.id, ctx.now});
    for (const auto& q : open) fx.changes.emplace_back(storage::CancelTimer{kExpertTimer, q.message_id});
    return;
  }
  if (!m.to) return;  // a client's message to nobody in particular is the request's own business
  // A site request's first message is its own text: the site-request rule (call within 15 minutes) already
  // makes it the assistant's, so it is not a second task.
  if (auto tracked = ctx.store.request(m.request_id); tracked && tracked->call_due && m.text == tracked->request.text)
    return;
  auto expert = ctx.store.person(m.to->id);
  if (expert && expert->role != proto::Role::expert) return;  // addressed to someone who is not an expert
  const std::string client = m.from.name.empty() ? m.from.id : m.from.name;
  storage::ExpertQuestion q{m.id, m.request_id, client, m.to->id, m.text, ctx.now, "", std::nullopt, std::nullopt};
  for (auto t : ctx.words().assistant_topics(m.text))
    q.reason += (q.reason.empty() ? "" : ",") + std::string(requests::key_of(t));
  fx.changes.emplace_back(storage::OpenExpertQuestion{q});
  if (q.reason.empty()) {
    // The expert's to answer; the assistant's when the expert stays silent.
    fx.changes.emplace_back(storage::ArmTimer{kExpertTimer, m.id, ctx.now + ctx.settings.requests.expert_grace, ""});
  } else if (auto quiet = quiet_until(ctx)) {
    fx.changes.emplace_back(storage::ArmTimer{kExpertTimer, m.id, *quiet, ""});  // handed when coverage begins
  } else {
    hand_question(q, ctx, fx);
  }
}

bool RequestsHandler::handles_timer(std::string_view kind) const {
  return kind == kAnnounceTimer || kind == kCallTimer || kind == kEscalateTimer || kind == kNoteTimer ||
         kind == kExpertTimer;
}

void RequestsHandler::on_timer(const storage::DueTimer& t, const Context& ctx, Effects& fx) {
  // Outside coverage hours with nobody on duty nobody is paged: each rule waits for coverage to begin.
  if (t.kind == kExpertTimer) {
    auto q = ctx.store.open_expert_question(t.key);
    if (!q || q->handed_at || wait_for_coverage(t, ctx, fx)) return;  // answered, or handed already
    hand_question(*q, ctx, fx);
    return;
  }
  auto tracked = ctx.store.request(t.key);
  if (!tracked) return;
  const proto::Request& r = tracked->request;
  if (t.kind == kNoteTimer) {
    if (note_written(r.reminder) || tracked->note_reminded_at || wait_for_coverage(t, ctx, fx)) return;
    fx.changes.emplace_back(storage::MarkRequest{r.id, storage::RequestMark::note_reminded, ctx.now});
    const std::string body = requests::texts::note_empty(line_of(r), requests::texts::status_label(r.status));
    // The request's assistant, if one is set; else whoever is on duty.
    if (r.assistant)
      fx.direct("request.note." + r.assistant->id, r.assistant->id, body);
    else
      tell_on_duty("request.note", body, body, ctx, fx);
    return;
  }
  if (r.status != "new" || wait_for_coverage(t, ctx, fx)) return;  // called since, or nobody to page now
  const std::string waited = text::duration_ru(ctx.now - tracked->created_at);
  if (t.kind == kAnnounceTimer) {
    announce(*tracked, ctx, fx);
  } else if (t.kind == kCallTimer) {
    tell_on_duty("request.again", requests::texts::still_new(line_of(r), waited),
                 requests::texts::new_site_request_nobody(line_of(r), quote(r.text)), ctx, fx);
  } else {
    fx.changes.emplace_back(storage::MarkRequest{r.id, storage::RequestMark::escalated, ctx.now});
    tell_supervisors("request.late", requests::texts::escalate(line_of(r), waited, on_duty_now(ctx)), ctx, fx);
  }
}

bool RequestsHandler::on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) {
  if (m.edited_ts || m.chat.kind == proto::ChatKind::country || !proto::is_staff(m.from.role)) return false;
  auto cmd = text::command(m.text);
  if (!cmd || cmd->name != "/заявки") return false;
  const auto work = open_request_work(ctx);
  std::string out = work.fresh.empty() ? "Заявок в статусе «новая» нет." : "Заявки в статусе «новая»:" + work.fresh;
  if (!work.questions.empty()) out += "\nСообщения экспертам ждут ответа дежурного:" + work.questions;
  fx.reply(m, "requests.list", out);
  return true;
}

}  // namespace dutybot::handlers
