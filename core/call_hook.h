#pragma once
// The telephony webhook (../shared/protocol-v1-requests.md, «Calls»): its body, decoded, and its signature.
#include <chrono>
#include <cstdint>
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

// How far X-Timestamp may lie from the receiver's clock, either way, before a call is refused as a replay.
inline constexpr std::chrono::seconds kCallHookMaxSkew{std::chrono::minutes(5)};

// The two headers that sign one webhook call: X-Timestamp (unix seconds) and X-Signature.
struct CallHookSignature {
  std::string timestamp;  // X-Timestamp
  std::string signature;  // X-Signature: "sha256=<hex of HMAC-SHA256(secret, timestamp + "." + body)>"
};
CallHookSignature sign_call_hook(std::string_view secret, std::string_view body, TimePoint now);

// Checks a call's headers against its body and the receiver's clock: nullopt when it is genuine and fresh, else
// the reason for the 401, written for whoever sends the call. The comparison is constant-time.
std::optional<std::string> refuse_call_hook(std::string_view secret, std::string_view body,
                                            std::string_view timestamp_header, std::string_view signature_header,
                                            TimePoint now);

}  // namespace dutybot
