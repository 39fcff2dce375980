#include "sandbox/web_api.h"

#include <nlohmann/json.hpp>

#include "core/call_hook.h"
#include "core/secret.h"

namespace dutybot::sandbox {
namespace {

using json = nlohmann::json;

WebReply error_reply(int status, std::string message) { return {status, json{{"error", std::move(message)}}.dump()}; }

// A person chosen by id in a small JSON body {"<field>":"u-…"}; the bot is no person.
const Account* chosen_person(const Directory& directory, const json& j, const char* field) {
  if (!j.is_object() || !j.contains(field) || !j[field].is_string()) return nullptr;
  const Account* a = directory.by_id(j[field].get<std::string>());
  return a && a->user.role != proto::Role::bot ? a : nullptr;
}

}  // namespace

WebReply people_reply(const Directory& directory, bool calls_enabled) {
  json people = json::array();
  for (const auto& a : directory.users)
    people.push_back({{"id", a.user.id},
                      {"name", a.user.name},
                      {"role", std::string(proto::to_string(a.user.role))},
                      {"phone", a.phone}});
  return {200, json{{"people", people}, {"bot", directory.bot.user.name}, {"calls", calls_enabled}}.dump()};
}

WebReply login_reply(const Directory& directory, std::string_view body) {
  const json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) return error_reply(400, "the body must be JSON: {\"user\":\"u-…\"}");
  const Account* a = chosen_person(directory, j, "user");
  if (!a) return error_reply(404, "no such person in the directory");
  return {200, json{{"token", a->token}, {"user", proto::user_to_json(a->user)}}.dump()};
}

SubprotocolOffer parse_subprotocols(std::string_view header) {
  SubprotocolOffer offer;
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item == kChatSubprotocol) {
      offer.chat_protocol = true;
    } else if (item.starts_with(kBearerSubprotocolPrefix)) {
      auto token = base64url_decode(item.substr(kBearerSubprotocolPrefix.size()));
      if (token && !token->empty())
        offer.token = std::move(*token);
      else
        offer.malformed = true;
    }
  }
  return offer;
}

CallPress call_press(const Directory& directory, std::string_view body, TimePoint now, const std::string& call_id,
                     std::string_view secret) {
  CallPress press;
  const json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    press.refusal = error_reply(400, "the body must be JSON: {\"from_user\":\"u-…\",\"event\":\"missed\"}");
    return press;
  }
  const Account* caller = chosen_person(directory, j, "from_user");
  if (!caller || caller->phone.empty()) {
    press.refusal = error_reply(404, "no such person with a phone number in the directory");
    return press;
  }
  const std::string event = j.value("event", "missed");
  if (event != "missed" && event != "callback") {
    press.refusal = error_reply(400, "event must be missed or callback");
    return press;
  }
  const std::string hook = json{{"event", event},        {"call_id", call_id},      {"ts", format_utc(now)},
                                {"from", caller->phone}, {"to_line", "z-office-1"}, {"to_user", nullptr}}
                               .dump();
  press.hook = CallHookRequest{hook, sign_call_hook(secret, hook, now)};
  return press;
}

WebReply forwarded_reply(int bot_status, std::string_view detail) {
  if (bot_status == 200) return {200, json{{"bot_status", 200}}.dump()};
  const std::string why =
      bot_status == 0 ? "the bot's webhook did not answer: " + std::string(detail)
                      : "the bot answered " + std::to_string(bot_status) + ": " + std::string(detail.substr(0, 200));
  return {502, json{{"bot_status", bot_status}, {"error", why}}.dump(-1, ' ', false, json::error_handler_t::replace)};
}

}  // namespace dutybot::sandbox
