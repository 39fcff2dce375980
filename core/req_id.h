#pragma once
// Deterministic req_ids: the same cause and purpose always give the same id, so a replay never posts twice.
#include <string>
#include <string_view>

namespace dutybot {

// cause: "e:<event_id>" or "t:<timer kind>:<key>:<due ms>"; purpose: what the message is for.
std::string make_req_id(std::string_view cause, std::string_view purpose, std::size_t index);

}  // namespace dutybot
