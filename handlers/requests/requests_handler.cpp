#include "handlers/requests/requests_handler.h"

#include "handlers/on_duty.h"
#include "handlers/requests/requests_texts.h"
#include "handlers/text_util.h"

namespace dutybot::handlers {
namespace {

constexpr std::size_t kQuoteChars = 300;

std::string quote(const std::string& text) {
  std::string q = proto::truncate_utf8(text, kQuoteChars);
  return q.size() < text.size() ? q + "…" : q;
}

std::string line_of(const proto::Request& r) {
  return requests::texts::request_line(r.id, r.client.name.empty() ? r.client.id : r.client.name, r.client_phone);
}

std::string expert_name(const Context& ctx, const std::string& expert_id) {
  auto p = ctx.store.person(expert_id);
  return p && !p->name.empty() ? p->name : expert_id;
}

}  // namespace

ServiceAdvice expert_service_advice(const proto::Request& r, const requests::WordList& words) {
  using requests::Topic;
  if (r.prepaid_rub > 0)
    return {false, "клиент уже внёс предоплату " + std::to_string(r.prepaid_rub) + " ₽ за выбранный тур"};
  const bool more_options = words.in_topic(Topic::more_options, r.text);
  if (r.from_search)
    return more_options ? ServiceAdvice{true, "клиент сомневается в туре из поиска и просит подобрать ещё варианты"}
                        : ServiceAdvice{false, "тур выбран в поиске, вопросы по нему решите сами"};
  if (!more_options && words.in_topic(Topic::general_info, r.text))
    return {false, "вопрос общего характера"};
  return {true, "заказ индивидуального тура не из поиска"};
}

void RequestsHandler::on_event(const proto::Event& e, const Context& ctx, Effects& fx) {
  if (const auto* r = std::get_if<proto::RequestEvent>(&e.body)) on_request(*r, ctx, fx);
  else if (const auto* m = std::get_if<proto::RequestMessageEvent>(&e.body)) on_request_message(*m, ctx, fx);
}

void RequestsHandler::on_request(const proto::RequestEvent& e, const Context& ctx, Effects& fx) {
  const proto::Request& r = e.request;
  const auto& cfg = ctx.settings.requests;
  auto known = ctx.store.request(r.id);
  const bool is_new = r.status == "new";
  // Timers run from the request's creation, or from now when that lies ahead or cannot be read.
  const TimePoint created =
      known ? known->created_at : std::min(parse_utc(r.created_ts).value_or(ctx.now), ctx.now);
  // Only a site request the bot first sees as new must be called back.
  std::optional<TimePoint> call_due = known ? known->call_due : std::nullopt;
  const bool first_seen_new_site = !known && is_new && r.source == "site";
  if (first_seen_new_site) call_due = created + cfg.call;
  const bool left_new = call_due && !is_new && (!known || !known->called_at);
  fx.changes.push_back(storage::SaveRequest{r, created, call_due, is_new ? std::nullopt : std::optional(ctx.now)});

  if (first_seen_new_site) {
    fx.changes.push_back(storage::ArmTimer{kCallTimer, r.id, *call_due, ""});
    fx.changes.push_back(storage::ArmTimer{kEscalateTimer, r.id, created + cfg.escalate, ""});
    const auto advice = expert_service_advice(r, ctx.words());
    const std::string advice_text =
        advice.suggest ? requests::texts::suggest_service(advice.why) : requests::texts::skip_service(advice.why);
    tell_on_duty("request.new",
                 requests::texts::new_site_request(line_of(r), quote(r.text), text::hh_mm(*call_due, ctx.settings.zone),
                                                   advice_text),
                 requests::texts::new_site_request_nobody(line_of(r), quote(r.text)), ctx, fx);
  }
  if (left_new) {
    fx.changes.push_back(storage::CancelTimer{kCallTimer, r.id});
    fx.changes.push_back(storage::CancelTimer{kEscalateTimer, r.id});
    if (r.reminder.empty()) fx.changes.push_back(storage::ArmTimer{kNoteTimer, r.id, ctx.now + cfg.note_grace, ""});
  }
  if (!r.reminder.empty()) fx.changes.push_back(storage::CancelTimer{kNoteTimer, r.id});
}

void RequestsHandler::on_request_message(const proto::RequestMessageEvent& m, const Context& ctx, Effects& fx) {
  if (m.from.role == proto::Role::bot) return;
  if (proto::is_staff(m.from.role)) {
    // Any staff answer in the request ends every open question in it.
    auto open = ctx.store.open_expert_questions(m.request_id);
    if (open.empty()) return;
    fx.changes.push_back(storage::AnswerExpertQuestions{m.request_id, m.from.id, ctx.now});
    for (const auto& q : open) fx.changes.push_back(storage::CancelTimer{kExpertTimer, q.message_id});
    return;
  }
  if (!m.to) return;  // a client's message to nobody in particular is the request's own business
  auto expert = ctx.store.person(m.to->id);
  if (expert && expert->role != proto::Role::expert) return;  // addressed to someone who is not an expert
  const std::string client = m.from.name.empty() ? m.from.id : m.from.name;
  storage::ExpertQuestion q{m.id, m.request_id, client, m.to->id, m.text, ctx.now, "", std::nullopt, std::nullopt};
  auto topics = ctx.words().assistant_topics(m.text);
  if (topics.empty()) {
    fx.changes.push_back(storage::OpenExpertQuestion{q});
    fx.changes.push_back(storage::ArmTimer{kExpertTimer, m.id, ctx.now + ctx.settings.requests.expert_grace, ""});
    return;
  }
  std::string keys, labels;
  for (auto t : topics) {
    keys += (keys.empty() ? "" : ",") + std::string(requests::key_of(t));
    labels += (labels.empty() ? "" : ", ") + std::string(requests::label_of(t));
  }
  q.reason = keys;
  q.handed_at = ctx.now;
  fx.changes.push_back(storage::OpenExpertQuestion{q});
  tell_on_duty("request.expert",
               requests::texts::expert_topic(client, m.to->name.empty() ? expert_name(ctx, m.to->id) : m.to->name,
                                             m.request_id, labels, quote(m.text)),
               requests::texts::expert_nobody(client, m.request_id, quote(m.text)), ctx, fx);
}

bool RequestsHandler::handles_timer(std::string_view kind) const {
  return kind == kCallTimer || kind == kEscalateTimer || kind == kNoteTimer || kind == kExpertTimer;
}

void RequestsHandler::on_timer(const storage::DueTimer& t, const Context& ctx, Effects& fx) {
  if (t.kind == kExpertTimer) {
    auto q = ctx.store.open_expert_question(t.key);
    if (!q || q->handed_at) return;  // answered, or handed already
    fx.changes.push_back(storage::HandExpertQuestion{q->message_id, "silence", ctx.now});
    tell_on_duty("request.silent",
                 requests::texts::expert_silent(q->client_name, expert_name(ctx, q->expert_id), q->request_id,
                                                text::duration_ru(ctx.now - q->received_at), quote(q->text)),
                 requests::texts::expert_nobody(q->client_name, q->request_id, quote(q->text)), ctx, fx);
    return;
  }
  auto tracked = ctx.store.request(t.key);
  if (!tracked) return;
  const proto::Request& r = tracked->request;
  const std::string waited = text::duration_ru(ctx.now - tracked->created_at);
  if (t.kind == kNoteTimer) {
    if (!r.reminder.empty() || tracked->note_reminded_at) return;
    fx.changes.push_back(storage::MarkRequest{r.id, storage::RequestMark::note_reminded, ctx.now});
    const std::string body = requests::texts::note_empty(line_of(r), requests::texts::status_label(r.status));
    // The request's assistant, if one is set; else whoever is on duty.
    if (r.assistant) fx.direct("request.note." + r.assistant->id, r.assistant->id, body);
    else tell_on_duty("request.note", body, body, ctx, fx);
    return;
  }
  if (r.status != "new") return;  // called since
  if (t.kind == kCallTimer) {
    const std::string body = requests::texts::still_new(line_of(r), waited);
    tell_on_duty("request.again", body, requests::texts::new_site_request_nobody(line_of(r), quote(r.text)), ctx, fx);
    return;
  }
  fx.changes.push_back(storage::MarkRequest{r.id, storage::RequestMark::escalated, ctx.now});
  tell_supervisors("request.late", requests::texts::escalate(line_of(r), waited, on_duty_now(ctx)), ctx, fx);
}

}  // namespace dutybot::handlers
