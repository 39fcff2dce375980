#include "core/call_hook.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <nlohmann/json.hpp>

namespace dutybot {

std::string_view to_string(CallHook::Kind k) {
  switch (k) {
    case CallHook::Kind::missed:
      return "missed";
    case CallHook::Kind::answered:
      return "answered";
    case CallHook::Kind::callback:
      return "callback";
  }
  return "missed";
}

std::string CallHook::dedupe_id() const { return "call:" + call_id + ":" + std::string(to_string(kind)); }

std::optional<CallHook> decode_call_hook(std::string_view body, std::string* why) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    *why = "not a JSON object";
    return std::nullopt;
  }
  auto str = [&](const char* k) -> std::optional<std::string> {
    if (!j.contains(k) || !j[k].is_string() || j[k].get<std::string>().empty()) return std::nullopt;
    return j[k].get<std::string>();
  };
  CallHook h;
  auto event = str("event");
  auto id = str("call_id");
  auto ts = str("ts");
  auto from = str("from");
  if (!event || !id || !ts || !from) {
    *why = "event, call_id, ts and from are required strings";
    return std::nullopt;
  }
  if (*event == "missed")
    h.kind = CallHook::Kind::missed;
  else if (*event == "answered")
    h.kind = CallHook::Kind::answered;
  else if (*event == "callback")
    h.kind = CallHook::Kind::callback;
  else {
    *why = "unknown event '" + *event + "'";
    return std::nullopt;
  }
  auto t = parse_utc(*ts);
  if (!t) {
    *why = "ts is not an ISO-8601 time";
    return std::nullopt;
  }
  if (id->size() > 200 || from->size() > 64) {
    *why = "call_id or from is too long";
    return std::nullopt;
  }
  h.call_id = *id;
  h.ts = *t;
  h.from = *from;
  h.to_line = str("to_line").value_or("");
  h.to_user = str("to_user");
  return h;
}

namespace {

std::string hmac_hex(std::string_view secret, std::string_view timestamp, std::string_view body) {
  std::string signed_text;
  signed_text.reserve(timestamp.size() + 1 + body.size());
  signed_text.append(timestamp).append(".").append(body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size(), mac, &len);
  static const char* hex = "0123456789abcdef";
  std::string out = "sha256=";
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[mac[i] >> 4];
    out += hex[mac[i] & 0xF];
  }
  return out;
}

// Unix seconds as the header carries them: 1 to 12 digits, nothing else.
std::optional<std::int64_t> unix_seconds(std::string_view header) {
  if (header.empty() || header.size() > 12) return std::nullopt;
  std::int64_t v = 0;
  for (char c : header) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::int64_t unix_now(TimePoint now) {
  return std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
}

}  // namespace

CallHookSignature sign_call_hook(std::string_view secret, std::string_view body, TimePoint now) {
  std::string timestamp = std::to_string(unix_now(now));
  std::string signature = hmac_hex(secret, timestamp, body);
  return {std::move(timestamp), std::move(signature)};
}

std::optional<std::string> refuse_call_hook(std::string_view secret, std::string_view body,
                                            std::string_view timestamp_header, std::string_view signature_header,
                                            TimePoint now) {
  if (secret.empty()) return "the webhook's secret is not set";
  const auto sent_at = unix_seconds(timestamp_header);
  if (!sent_at) return "missing or malformed X-Timestamp: the time of sending in unix seconds";
  const std::string expected = hmac_hex(secret, timestamp_header, body);
  if (signature_header.size() != expected.size() ||
      CRYPTO_memcmp(signature_header.data(), expected.data(), expected.size()) != 0)
    return "missing or wrong X-Signature: sha256=<hex HMAC-SHA256 of X-Timestamp + \".\" + body>";
  const std::int64_t skew = *sent_at - unix_now(now);
  if (skew > kCallHookMaxSkew.count() || -skew > kCallHookMaxSkew.count())
    return "X-Timestamp is " + std::to_string(skew < 0 ? -skew : skew) + " s " + (skew < 0 ? "behind" : "ahead of") +
           " the bot's clock, more than " + std::to_string(kCallHookMaxSkew.count()) +
           " s: refused as a possible replay; sign the current time";
  return std::nullopt;
}

}  // namespace dutybot
