#pragma once
// What the bot tells systemd (sd_notify): ready, reloading, stopping, and the watchdog's pings. Each call does
// nothing when the bot was not started by systemd with Type=notify ($NOTIFY_SOCKET unset).
#include <chrono>
#include <optional>
#include <string_view>

namespace dutybot::systemd {

// READY=1: the database is open and the listeners are bound; `status` is what `systemctl status` shows.
void notify_ready(std::string_view status);
// RELOADING=1: SIGHUP's config read has begun (READY=1 again when it is done).
void notify_reloading();
// STOPPING=1: SIGTERM or SIGINT arrived; the link is being closed.
void notify_stopping();
// WATCHDOG=1: the event loop is alive.
void notify_watchdog();
// How often to ping: half of the WatchdogSec= systemd set ($WATCHDOG_USEC); nullopt when there is no watchdog.
std::optional<std::chrono::microseconds> watchdog_ping_interval();

}  // namespace dutybot::systemd
