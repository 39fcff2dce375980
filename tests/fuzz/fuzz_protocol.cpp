// libFuzzer target: the protocol decoder never crashes, and what it decodes re-encodes to something it decodes.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/protocol.h"
#include "core/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  using namespace dutybot::proto;
  ServerFrame s = decode_server_frame(text);
  if (!std::holds_alternative<DecodeError>(s)) {
    ServerFrame again = decode_server_frame(encode(s));
    if (std::holds_alternative<DecodeError>(again) && !std::holds_alternative<UnknownOp>(s)) std::abort();
  }
  ClientFrame c = decode_client_frame(text);
  if (!std::holds_alternative<DecodeError>(c) && !std::holds_alternative<UnknownOp>(c)) {
    ClientFrame again = decode_client_frame(encode(c));
    if (std::holds_alternative<DecodeError>(again)) std::abort();
  }
  (void)dutybot::utf8::trimmed_length(text);
  (void)dutybot::utf8::truncate(text, 10);
  return 0;
}
