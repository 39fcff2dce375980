#include "handlers/common/request_words.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/protocol.h"
#include "core/text_file.h"
#include "core/utf8.h"
#include "handlers/common/request_words_builtin.h"
#include "handlers/common/text_util.h"

namespace dutybot::requests {
namespace {

bool any_of(const std::vector<std::string>& words, const std::vector<text::Phrase>& phrases) {
  for (const auto& p : phrases)
    if (text::contains(words, p)) return true;
  return false;
}

}  // namespace

std::string_view key_of(Topic t) {
  switch (t) {
    case Topic::urgent:
      return "urgent";
    case Topic::documents:
      return "documents";
    case Topic::payment:
      return "payment";
    case Topic::more_options:
      return "more_options";
    case Topic::general_info:
      return "general_info";
  }
  return "urgent";
}

std::string_view label_of(Topic t) {
  switch (t) {
    case Topic::urgent:
      return "срочно";
    case Topic::documents:
      return "полётные документы";
    case Topic::payment:
      return "оплата";
    case Topic::more_options:
      return "просит другие варианты";
    case Topic::general_info:
      return "общий вопрос";
  }
  return "";
}

std::vector<text::Phrase> read_phrases(const nlohmann::json& list, const std::string& origin,
                                       const std::string& where) {
  std::vector<text::Phrase> out;
  for (const auto& p : list) {
    if (!p.is_string() || !utf8::valid(p.get<std::string>()))
      throw std::runtime_error(origin + ": '" + where + "' must hold UTF-8 strings");
    auto phrase = text::phrase(p.get<std::string>());
    if (phrase.empty()) throw std::runtime_error(origin + ": '" + where + "' holds an empty phrase");
    out.push_back(std::move(phrase));
  }
  return out;
}

WordList WordList::parse(const std::string& json_text, const std::string& origin) {
  auto j = nlohmann::json::parse(json_text, nullptr, false, /*ignore_comments=*/true);
  if (j.is_discarded() || !j.is_object()) throw std::runtime_error(origin + ": not a JSON object");
  for (const auto& [key, _] : j.items()) {
    bool known = false;
    for (Topic t : kAllTopics) known = known || key == key_of(t);
    if (!known) throw std::runtime_error(origin + ": unknown topic '" + key + "'");
  }
  WordList list;
  for (Topic t : kAllTopics) {
    const std::string key(key_of(t));
    if (!j.contains(key) || !j[key].is_object()) throw std::runtime_error(origin + ": topic '" + key + "' is missing");
    auto read = [&](const char* field, std::vector<text::Phrase>& out) {
      const auto& v = j[key].value(field, nlohmann::json::array());
      if (!v.is_array()) throw std::runtime_error(origin + ": '" + key + "." + field + "' must be a list of phrases");
      out = read_phrases(v, origin, key + "." + field);
    };
    auto& entry = list.entries_[static_cast<std::size_t>(t)];
    read("match", entry.match);
    read("except", entry.except);
    if (entry.match.empty()) throw std::runtime_error(origin + ": '" + key + ".match' is empty");
  }
  return list;
}

WordList WordList::load(const std::string& path) { return parse(read_text_file(path, "word list"), path); }

const WordList& WordList::builtin() {
  static const WordList list = parse(kBuiltinRequestWordsJson, "built-in word list");
  return list;
}

bool WordList::in_topic(Topic t, std::string_view message) const {
  const auto words = text::words(text::fold(message));
  const auto& entry = entries_[static_cast<std::size_t>(t)];
  return any_of(words, entry.match) && !any_of(words, entry.except);
}

std::vector<Topic> WordList::assistant_topics(std::string_view message) const {
  std::vector<Topic> out;
  for (Topic t : kAssistantTopics)
    if (in_topic(t, message)) out.push_back(t);
  return out;
}

}  // namespace dutybot::requests
