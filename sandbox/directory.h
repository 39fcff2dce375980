#pragma once
// The sandbox messenger's people and chats: a JSON directory file, or the built-in demo one.
#include <optional>
#include <string>
#include <vector>

#include "core/protocol.h"

namespace dutybot::sandbox {

struct Account {
  proto::User user;
  std::string token;
  std::string phone;
};

struct Directory {
  Account bot;
  std::vector<Account> users;
  std::vector<proto::Chat> chats;  // staff and country chats; direct chats are implied (dm:<user id>)

  const Account* by_token(const std::string& token) const;
  const Account* by_id(const std::string& id) const;
  std::optional<proto::Chat> chat(const std::string& id) const;
};

// Throws std::runtime_error naming what is wrong with the file.
Directory load_directory(const std::string& path);
Directory parse_directory(const std::string& json_text, const std::string& origin);
// The built-in demo: «Эксперты - общение», six country chats, two assistants, two experts, a supervisor,
// three clients and the bot. Tokens are documented in the README.
Directory demo_directory();
// The directory file at path, or the built-in demo when path is empty.
Directory load_directory_or_demo(const std::string& path);
std::string demo_directory_json();

}  // namespace dutybot::sandbox
