#include "bot/config_check.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <date/tz.h>

#include "bot/config.h"
#include "core/text_file.h"
#include "core/url.h"
#include "handlers/common/coverage.h"
#include "handlers/common/handbook.h"
#include "handlers/common/request_words.h"

namespace dutybot {
namespace {

// Runs one check that reports by throwing; its message becomes a problem under `key`.
template <class Check>
void expect(std::vector<std::string>& problems, const std::string& origin, const std::string& key, Check check) {
  try {
    check();
  } catch (const std::exception& e) {
    problems.push_back(origin + ": key '" + key + "': " + e.what());
  }
}

void check_zone(std::vector<std::string>& problems, const std::string& origin, const std::string& key,
                const std::string& zone) {
  expect(problems, origin, key, [&] { zone_or_throw(zone); });
}

void check_file(std::vector<std::string>& problems, const std::string& origin, const std::string& key,
                const std::string& path) {
  if (path.empty()) return;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    problems.push_back(origin + ": key '" + key + "': no file '" + path + "': fix the path or install it");
}

// The token file must exist, hold a token and be readable by its owner only.
void check_token_file(std::vector<std::string>& problems, const std::string& origin, const std::string& path) {
  const std::string key = "messenger.token_file";
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    problems.push_back(origin + ": key '" + key + "': no file '" + path + "': write the bot's token there (chmod 600)");
    return;
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    problems.push_back(origin + ": key '" + key + "': '" + path + "' can be read by its group or others (mode " + mode +
                       "): chmod 600 " + path);
  }
  expect(problems, origin, key, [&] { read_token_file(path); });
}

}  // namespace

std::vector<std::string> check_config(const std::string& path) {
  std::vector<std::string> problems;
  std::string text;
  try {
    text = read_text_file(path, "config file");
  } catch (const std::exception& e) {
    return {e.what()};
  }
  const Config cfg = read_config(text, path, problems);
  check_zone(problems, path, "timezone", cfg.timezone);
  for (const auto& [user, zone] : cfg.people_timezones) check_zone(problems, path, "people_timezones." + user, zone);
  expect(problems, path, "coverage", [&] { handlers::Coverage::from_spec(cfg.coverage.hours, cfg.coverage.holidays); });
  if (!cfg.handbook.empty()) expect(problems, path, "handbook", [&] { handbook::load(cfg.handbook); });
  if (!cfg.requests.words.empty())
    expect(problems, path, "requests.words", [&] { requests::WordList::load(cfg.requests.words); });
  expect(problems, path, "http.listen", [&] { split_host_port(cfg.http.listen); });
  if (cfg.embedded()) {
    expect(problems, path, "sandbox.listen", [&] { split_host_port(cfg.sandbox.listen); });
    check_file(problems, path, "sandbox.directory", cfg.sandbox.directory);
  } else {
    // A named token file is checked even when another source wins (token_source: credential, env, file).
    if (!cfg.messenger.token_file.empty()) check_token_file(problems, path, cfg.messenger.token_file);
    const TokenSource token = token_source(cfg);
    if (token.kind == TokenSource::Kind::credential)
      expect(problems, path, "credential token", [&] { read_token_file(token.path); });
    if (token.kind == TokenSource::Kind::none)
      problems.push_back(path + ": key 'messenger.token_file': " + kNoTokenHelp);
    check_file(problems, path, "messenger.ca_file", cfg.messenger.ca_file);
  }
  // The database's folder: there, or one the bot can make at start (systemd's StateDirectory= makes it anyway).
  const auto db_dir = std::filesystem::absolute(cfg.db).parent_path();
  std::error_code ec;
  if (!std::filesystem::is_directory(db_dir, ec)) {
    auto existing = db_dir;
    while (!existing.empty() && existing != existing.root_path() && !std::filesystem::exists(existing, ec))
      existing = existing.parent_path();
    if (!std::filesystem::is_directory(existing, ec) || ::access(existing.c_str(), W_OK) != 0)
      problems.push_back(path + ": key 'db': the folder '" + db_dir.string() +
                         "' does not exist and cannot be made: create it or fix the path");
  }
  check_file(problems, path, "http.chart_js", cfg.http.chart_js);
  return problems;
}

}  // namespace dutybot
