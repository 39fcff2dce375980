#include "handlers/common/request_work.h"

#include "handlers/common/request_words.h"
#include "handlers/common/text_util.h"

namespace dutybot::handlers {
namespace {

// "срочно, оплата" from the stored keys "urgent,payment".
std::string labels_of(const std::string& keys) {
  std::string out;
  for (auto t : requests::kAssistantTopics)
    if (keys.find(requests::key_of(t)) != std::string::npos)
      out += (out.empty() ? "" : ", ") + std::string(requests::label_of(t));
  return out;
}

}  // namespace

const std::string& client_name(const proto::Request& r) { return r.client.name.empty() ? r.client.id : r.client.name; }

std::string request_line(const proto::Request& r) {
  return r.id + " (" + client_name(r) + (r.client_phone.empty() ? "" : ", " + r.client_phone) + ")";
}

bool note_written(std::string_view reminder) { return !text::words(text::fold(reminder)).empty(); }

std::string reasons_label(const std::string& keys) {
  return keys == "silence" ? "эксперт не ответил вовремя" : labels_of(keys);
}

OpenRequestWork open_request_work(const Context& ctx) {
  OpenRequestWork out;
  const auto* zone = ctx.settings.zone;
  const auto fresh = ctx.store.requests_in_status("new", text::kItemsInList);
  for (const auto& r : fresh) out.fresh += "\n• " + request_line(r.request) + ", с " + text::hh_mm(r.created_at, zone);
  if (fresh.size() == static_cast<std::size_t>(text::kItemsInList))
    out.fresh += text::more_newest(ctx.store.request_count_in_status("new") - text::kItemsInList);
  const auto questions = ctx.store.open_handed_questions(text::kItemsInList);
  for (const auto& q : questions)
    out.questions += "\n• заявка " + q.request_id + ", " + q.client_name + " (" + reasons_label(q.reason) + "), с " +
                     text::hh_mm(q.received_at, zone);
  if (questions.size() == static_cast<std::size_t>(text::kItemsInList))
    out.questions += text::more_newest(ctx.store.open_handed_question_count() - text::kItemsInList);
  return out;
}

}  // namespace dutybot::handlers
