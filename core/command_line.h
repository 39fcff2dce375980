#pragma once
// The programs' command lines (CLI11): one way to build an app and to answer a bad or a --help command line.
#include <cstdio>
#include <exception>
#include <iostream>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "core/version.h"

namespace dutybot {

// Exit code for a command line that cannot be used.
inline constexpr int kUsageExit = 2;

// An app with --help on every command, --help-all, --version, and the last of a repeated option winning.
inline void configure_app(CLI::App& app) {
  app.set_help_all_flag("--help-all", "print the help of every command");
  app.set_version_flag("--version", std::string(app.get_name()) + " " + kVersion);
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
}

// --log-level, with the levels spdlog knows by name.
inline CLI::Option* add_log_level_option(CLI::App& app, std::string& level) {
  return app.add_option("--log-level", level, "how much to log")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}))
      ->capture_default_str();
}

// Parses the command line; the exit code when the program should stop now (0 after --help, kUsageExit with the
// reason on stderr for a bad command line), nullopt to go on.
inline std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
    return std::nullopt;
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << app.get_name() << ": " << e.what() << "\nRun '" << app.get_name() << " --help' for the commands.\n";
    return kUsageExit;
  }
}

// main() of a program: runs `run`, and turns anything it lets escape (building the command line can throw) into
// a line on stderr and `failure_exit`, so no exception leaves main.
template <class Run>
int guarded_main(const char* program, Run run, int argc, char** argv, int failure_exit) noexcept {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", program, e.what());
  } catch (...) {
    std::fprintf(stderr, "%s: unexpected error\n", program);
  }
  return failure_exit;
}

}  // namespace dutybot
