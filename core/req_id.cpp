#include "core/req_id.h"

#include <cstdint>
#include <cstdio>

#include "core/protocol.h"

namespace dutybot {

std::string make_req_id(std::string_view cause, std::string_view purpose, std::size_t index) {
  std::string id = std::string(cause) + "/" + std::string(purpose);
  if (index > 0) id += "/" + std::to_string(index);
  if (id.size() <= proto::kMaxReqIdChars) return id;
  // Too long for the protocol: a 128-bit FNV-1a pair keeps it deterministic and collision-safe in practice.
  std::uint64_t h1 = 1469598103934665603ull, h2 = 1099511628211ull ^ 0x9e3779b97f4a7c15ull;
  for (unsigned char c : id) {
    h1 = (h1 ^ c) * 1099511628211ull;
    h2 = (h2 ^ c) * 0x100000001b3ull + 0x7f4a7c15;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h1),
                static_cast<unsigned long long>(h2));
  return "h:" + std::string(purpose.substr(0, 40)) + ":" + buf;
}

}  // namespace dutybot
