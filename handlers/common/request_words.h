#pragma once
// The word list that sorts clients' messages in requests by topic; kept in data (request_words.ru.json).
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "handlers/common/text_util.h"

namespace dutybot::requests {

// A list of phrases kept in data («оплат*» matches word beginnings), each a UTF-8 string that is not empty;
// throws naming `origin` and `where` ("payment.match", "phone_check.ok").
std::vector<text::Phrase> read_phrases(const nlohmann::json& list, const std::string& origin, const std::string& where);

enum class Topic { urgent, documents, payment, more_options, general_info };
inline constexpr std::array<Topic, 5> kAllTopics = {Topic::urgent, Topic::documents, Topic::payment,
                                                    Topic::more_options, Topic::general_info};
// The topics that make a client's message to an expert the assistant's to answer at once.
inline constexpr std::array<Topic, 3> kAssistantTopics = {Topic::urgent, Topic::documents, Topic::payment};

std::string_view key_of(Topic t);  // the key in the word list: "urgent", …
std::string_view label_of(Topic t);  // for people: "срочно", "полётные документы", "оплата", …

class WordList {
public:
  // Throws std::runtime_error naming the topic and the problem.
  static WordList parse(const std::string& json_text, const std::string& origin);
  static WordList load(const std::string& path);
  static const WordList& builtin();

  bool in_topic(Topic t, std::string_view message) const;
  // The topics of kAssistantTopics the message is in, in that order.
  std::vector<Topic> assistant_topics(std::string_view message) const;

private:
  struct Entry {
    std::vector<text::Phrase> match;
    std::vector<text::Phrase> except;
  };
  std::array<Entry, kAllTopics.size()> entries_;
};

}  // namespace dutybot::requests
