#include "sandbox/directory.h"
#include "core/text_file.h"

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace dutybot::sandbox {
namespace {

using nlohmann::json;

Account account_from(const json& j, const std::string& where, bool is_bot) {
  if (!j.is_object()) throw std::runtime_error(where + " must be an object");
  for (const char* k : {"id", "name", "token"})
    if (!j.contains(k) || !j[k].is_string() || j[k].get<std::string>().empty())
      throw std::runtime_error(where + "." + k + " must be a non-empty string");
  Account a;
  a.user.id = j["id"].get<std::string>();
  a.user.name = j["name"].get<std::string>();
  a.token = j["token"].get<std::string>();
  if (j.contains("phone") && j["phone"].is_string()) a.phone = j["phone"].get<std::string>();
  if (is_bot) {
    a.user.role = proto::Role::bot;
  } else {
    if (!j.contains("role") || !j["role"].is_string())
      throw std::runtime_error(where + ".role must be one of client, assistant, expert, supervisor");
    auto r = proto::role_from_string(j["role"].get<std::string>());
    if (!r || *r == proto::Role::bot)
      throw std::runtime_error(where + ".role must be one of client, assistant, expert, supervisor");
    a.user.role = *r;
  }
  return a;
}

}  // namespace

const Account* Directory::by_token(const std::string& token) const {
  if (token.empty()) return nullptr;
  if (bot.token == token) return &bot;
  for (const auto& u : users)
    if (u.token == token) return &u;
  return nullptr;
}

const Account* Directory::by_id(const std::string& id) const {
  if (bot.user.id == id) return &bot;
  for (const auto& u : users)
    if (u.user.id == id) return &u;
  return nullptr;
}

std::optional<proto::Chat> Directory::chat(const std::string& id) const {
  for (const auto& c : chats)
    if (c.id == id) return c;
  if (id.starts_with("dm:")) {
    const Account* a = by_id(id.substr(3));
    if (a && a->user.role != proto::Role::bot) return proto::Chat{id, proto::ChatKind::direct, a->user.name};
  }
  return std::nullopt;
}

Directory parse_directory(const std::string& text, const std::string& origin) {
  json j = json::parse(text, nullptr, false, true);
  if (j.is_discarded() || !j.is_object()) throw std::runtime_error(origin + ": not a JSON object");
  if (!j.contains("bot")) throw std::runtime_error(origin + ": missing 'bot'");
  if (!j.contains("users") || !j["users"].is_array()) throw std::runtime_error(origin + ": 'users' must be an array");
  if (!j.contains("chats") || !j["chats"].is_array()) throw std::runtime_error(origin + ": 'chats' must be an array");
  Directory d;
  d.bot = account_from(j["bot"], origin + ": bot", true);
  std::set<std::string> ids{d.bot.user.id}, tokens{d.bot.token};
  for (std::size_t i = 0; i < j["users"].size(); ++i) {
    auto a = account_from(j["users"][i], origin + ": users[" + std::to_string(i) + "]", false);
    if (!ids.insert(a.user.id).second) throw std::runtime_error(origin + ": duplicate id '" + a.user.id + "'");
    if (!tokens.insert(a.token).second) throw std::runtime_error(origin + ": duplicate token for '" + a.user.id + "'");
    d.users.push_back(std::move(a));
  }
  std::set<std::string> chat_ids;
  for (std::size_t i = 0; i < j["chats"].size(); ++i) {
    const json& c = j["chats"][i];
    std::string where = origin + ": chats[" + std::to_string(i) + "]";
    if (!c.is_object() || !c.contains("id") || !c["id"].is_string() || !c.contains("kind") || !c["kind"].is_string())
      throw std::runtime_error(where + " needs string 'id' and 'kind'");
    auto kind = proto::chat_kind_from_string(c["kind"].get<std::string>());
    if (!kind || *kind == proto::ChatKind::direct)
      throw std::runtime_error(where + ".kind must be staff or country (direct chats are implied)");
    proto::Chat chat{c["id"].get<std::string>(), *kind, c.value("title", c["id"].get<std::string>())};
    if (chat.id.starts_with("dm:")) throw std::runtime_error(where + ".id must not start with dm:");
    if (!chat_ids.insert(chat.id).second) throw std::runtime_error(where + ": duplicate chat id");
    d.chats.push_back(std::move(chat));
  }
  return d;
}

Directory load_directory(const std::string& path) {
  return parse_directory(read_text_file(path, "directory file"), path);
}

std::string demo_directory_json() {
  return R"json({
  "bot": {"id": "dutybot", "name": "Дежурный", "token": "demo-bot-token"},
  "users": [
    {"id": "u-anna",  "name": "Анна",   "role": "assistant",  "token": "demo-anna",  "phone": "+7-900-000-00-01"},
    {"id": "u-oleg",  "name": "Олег",   "role": "assistant",  "token": "demo-oleg",  "phone": "+7-900-000-00-02"},
    {"id": "u-boris", "name": "Борис",  "role": "expert",     "token": "demo-boris", "phone": "+7-900-000-00-03"},
    {"id": "u-vera",  "name": "Вера",   "role": "expert",     "token": "demo-vera",  "phone": "+7-900-000-00-04"},
    {"id": "u-sveta", "name": "Светлана", "role": "supervisor", "token": "demo-sveta", "phone": "+7-900-000-00-05"},
    {"id": "u-ivan",  "name": "Иван",   "role": "client",     "token": "demo-ivan",  "phone": "+7-916-000-00-00"},
    {"id": "u-maria", "name": "Мария",  "role": "client",     "token": "demo-maria", "phone": "+7-916-000-00-01"},
    {"id": "u-petr",  "name": "Пётр",   "role": "client",     "token": "demo-petr",  "phone": "+7-916-000-00-02"}
  ],
  "chats": [
    {"id": "staff",       "kind": "staff",   "title": "Эксперты - общение"},
    {"id": "c-turkey",    "kind": "country", "title": "Турция"},
    {"id": "c-egypt",     "kind": "country", "title": "Египет"},
    {"id": "c-uae",       "kind": "country", "title": "ОАЭ"},
    {"id": "c-thailand",  "kind": "country", "title": "Таиланд"},
    {"id": "c-vietnam",   "kind": "country", "title": "Вьетнам"},
    {"id": "c-maldives",  "kind": "country", "title": "Мальдивы"}
  ]
})json";
}

Directory demo_directory() { return parse_directory(demo_directory_json(), "built-in demo directory"); }

Directory load_directory_or_demo(const std::string& path) {
  return path.empty() ? demo_directory() : load_directory(path);
}

}  // namespace dutybot::sandbox
