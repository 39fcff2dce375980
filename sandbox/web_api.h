#pragma once
// The browser chat's side of the sandbox, free of sockets: its static files, the people to choose from, the
// chosen person's token, the WebSocket subprotocol that carries it, and the missed-call button's webhook.
#include <optional>
#include <string>
#include <string_view>

#include "core/call_hook.h"
#include "core/clock.h"
#include "sandbox/directory.h"

namespace dutybot::sandbox {

// One file of the page (sandbox/web/), compiled into the program.
struct WebAsset {
  std::string_view content_type;
  std::string_view body;
};
// The file served at `path` ("/" is index.html); nullptr when there is none.
const WebAsset* web_asset(std::string_view path);

// What an endpoint answers: an HTTP status and a JSON body.
struct WebReply {
  int status = 200;
  std::string body;
};

// GET /api/people: the people to choose from (never the bot), and whether the missed-call button works.
WebReply people_reply(const Directory& directory, bool calls_enabled);
// POST /api/login {"user":"u-anna"}: choosing a person is the login in the emulator; answers their token.
WebReply login_reply(const Directory& directory, std::string_view body);

// The browser's WebSocket authentication (a sandbox-only extension; docs/protocol.md): it offers the
// subprotocols "dutybot.v1" and "bearer.dutybot.v1.<base64url of the token>"; the server selects "dutybot.v1",
// so the token is never echoed.
inline constexpr std::string_view kChatSubprotocol = "dutybot.v1";
inline constexpr std::string_view kBearerSubprotocolPrefix = "bearer.dutybot.v1.";
struct SubprotocolOffer {
  bool chat_protocol = false;        // "dutybot.v1" was offered
  std::optional<std::string> token;  // the bearer entry, decoded
  bool malformed = false;            // a bearer entry that is not base64url
};
SubprotocolOffer parse_subprotocols(std::string_view header);

// POST /api/call {"from_user":"u-ivan","event":"missed"|"callback"}: the signed telephony webhook the button
// sends to the bot. The call rings the office line; call_id names this press of the button.
struct CallHookRequest {
  std::string body;
  CallHookSignature headers;  // X-Timestamp and X-Signature
};
struct CallPress {
  std::optional<CallHookRequest> hook;  // set when the press is good
  WebReply refusal;                     // else why not
};
CallPress call_press(const Directory& directory, std::string_view body, TimePoint now, const std::string& call_id,
                     std::string_view secret);
// What the button answers once the webhook was posted: the bot's HTTP status (0: the bot could not be reached,
// `detail` says why; else `detail` is the bot's body). 200 only when the bot took the call.
WebReply forwarded_reply(int bot_status, std::string_view detail);

}  // namespace dutybot::sandbox
