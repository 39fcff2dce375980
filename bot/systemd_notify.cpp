#include "bot/systemd_notify.h"

#include <cstdint>
#include <string>

#include <systemd/sd-daemon.h>

namespace dutybot::systemd {
namespace {

void notify(const std::string& state) {
  // unset_environment=0: the variables stay for the next notification. A failure (systemd gone) is not the bot's
  // to act on: the watchdog, if any, will tell.
  (void)sd_notify(0, state.c_str());
}

}  // namespace

void notify_ready(std::string_view status) { notify("READY=1\nSTATUS=" + std::string(status)); }

void notify_reloading() { notify("RELOADING=1\nSTATUS=reading the config again"); }

void notify_stopping() { notify("STOPPING=1\nSTATUS=closing the link and stopping"); }

void notify_watchdog() { notify("WATCHDOG=1"); }

std::optional<std::chrono::microseconds> watchdog_ping_interval() {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(usec / 2);
}

}  // namespace dutybot::systemd
