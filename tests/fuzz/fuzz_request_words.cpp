// libFuzzer target: clients' messages never crash the word list, and a word list file is either read or
// refused with a reason, never a crash.
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "handlers/common/request_words.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace dutybot::requests;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto& words = WordList::builtin();
  auto topics = words.assistant_topics(text);
  for (Topic t : topics)
    if (!words.in_topic(t, text)) std::abort();  // the two views agree
  for (Topic t : kAllTopics) (void)words.in_topic(t, text);
  try {
    auto custom = WordList::parse(text, "fuzz");
    (void)custom.assistant_topics("Срочно: оплата билетов");
  } catch (const std::runtime_error& e) {
    if (std::string(e.what()).empty()) std::abort();
  }
  return 0;
}
