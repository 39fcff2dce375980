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

std::string sign_call_hook(std::string_view secret, std::string_view body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &len);
  static const char* hex = "0123456789abcdef";
  std::string out = "sha256=";
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[mac[i] >> 4];
    out += hex[mac[i] & 0xF];
  }
  return out;
}

bool verify_call_hook(std::string_view secret, std::string_view body, std::string_view header) {
  if (secret.empty()) return false;
  const std::string expected = sign_call_hook(secret, body);
  return header.size() == expected.size() && CRYPTO_memcmp(header.data(), expected.data(), expected.size()) == 0;
}

}  // namespace dutybot
