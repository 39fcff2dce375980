#include "handlers/console/console_handler.h"

#include "handlers/common/text_util.h"
#include "handlers/console/console_texts.h"

namespace dutybot::handlers {

namespace {

bool is_console_command(std::string_view message) {
  auto cmd = text::command(message);
  return cmd && (cmd->name == "/панель" || cmd->name == "/panel" || cmd->name == "/console");
}

std::string login_url(const std::string& public_url, const std::string& code) {
  std::string base = public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/login?code=" + code;
}

}  // namespace

void ConsoleHandler::on_event(const proto::Event& e, const Context& ctx, Effects& fx) {
  const auto* m = std::get_if<proto::MemberEvent>(&e.body);
  if (!m || m->user.role == proto::Role::supervisor) return;
  auto known = ctx.store.person(m->user.id);
  if (known && known->role == proto::Role::supervisor) fx.changes.emplace_back(storage::EndConsoleAccess{m->user.id});
}

bool ConsoleHandler::on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) {
  if (m.edited_ts || m.chat.kind == proto::ChatKind::country) return false;
  if (!is_console_command(m.text)) return false;
  if (m.from.role != proto::Role::supervisor) {
    fx.reply(m, "console.refused", texts::kConsoleOnlySupervisors);
    return true;
  }
  // Only the hash is stored; the code itself lives in the outgoing message until the gateway took it.
  const std::string code = ctx.fresh_secret(kLoginCodeBytes);
  fx.changes.emplace_back(
      storage::IssueLoginCode{secret_hash(code), m.from.id, ctx.now + ctx.settings.console.code_ttl});
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(ctx.settings.console.code_ttl).count();
  Outgoing link{"console.link", std::nullopt,
                m.from.id,      texts::console_link(login_url(ctx.settings.console.public_url, code), minutes),
                std::nullopt,   code};
  fx.messages.push_back(std::move(link));
  if (m.chat.kind != proto::ChatKind::direct) fx.reply(m, "console.sent", texts::kConsoleLinkSent);
  return true;
}

}  // namespace dutybot::handlers
