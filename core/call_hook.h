#pragma once
// The telephony webhook (../shared/protocol-v1-requests.md, «Calls»): its body, decoded, and its signature.
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace dutybot {

struct CallHook {
  enum class Kind { missed, answered, callback };
  Kind kind = Kind::missed;
  std::string call_id;
  TimePoint ts;
  std::string from;  // the caller's number
  std::string to_line;
  std::optional<std::string> to_user;

  std::string dedupe_id() const;  // "call:<call_id>:<event>": a repeat of both is done once
};

std::string_view to_string(CallHook::Kind k);
// Decodes a webhook body; nullopt with the reason when it is not such JSON.
std::optional<CallHook> decode_call_hook(std::string_view body, std::string* why);

// "sha256=<hex of HMAC-SHA256(secret, body)>".
std::string sign_call_hook(std::string_view secret, std::string_view body);
// Constant-time check of an X-Signature header against the body.
bool verify_call_hook(std::string_view secret, std::string_view body, std::string_view header);

}  // namespace dutybot
