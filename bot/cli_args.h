#pragma once
// Minimal command-line parsing shared by dutybot and dutybot-sandbox: --key value pairs and positionals.
#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace dutybot {

class CliArgs {
public:
  // `flags` take no value; every other --option takes the next argument.
  CliArgs(int argc, char** argv, int first, const std::vector<std::string>& flags = {}) {
    for (int i = first; i < argc; ++i) {
      std::string a = argv[i];
      if (a.starts_with("--") && a.size() > 2) {
        auto eq = a.find('=');
        if (eq != std::string::npos) {
          options_[a.substr(2, eq - 2)] = a.substr(eq + 1);
        } else if (std::find(flags.begin(), flags.end(), a.substr(2)) != flags.end()) {
          options_[a.substr(2)] = "true";
        } else {
          if (i + 1 >= argc) throw std::runtime_error("option " + a + " needs a value");
          options_[a.substr(2)] = argv[++i];
        }
      } else {
        positional_.push_back(a);
      }
    }
  }
  std::optional<std::string> get(const std::string& key) const {
    auto it = options_.find(key);
    if (it == options_.end()) return std::nullopt;
    return it->second;
  }
  std::string get_or(const std::string& key, const std::string& fallback) const { return get(key).value_or(fallback); }
  bool has(const std::string& key) const { return options_.count(key) > 0; }
  const std::vector<std::string>& positional() const { return positional_; }
  void require_known(const std::vector<std::string>& known) const {
    for (const auto& [k, _] : options_)
      if (std::find(known.begin(), known.end(), k) == known.end()) throw std::runtime_error("unknown option --" + k);
  }

private:
  std::map<std::string, std::string> options_;
  std::vector<std::string> positional_;
};

// "127.0.0.1:8765" → host and port; throws on malformed input.
inline std::pair<std::string, unsigned short> split_host_port(const std::string& s) {
  auto colon = s.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("expected HOST:PORT, got '" + s + "'");
  std::string host = s.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = -1;
  try {
    std::size_t used = 0;
    port = std::stoi(s.substr(colon + 1), &used);
    if (used != s.size() - colon - 1) port = -1;
  } catch (...) {
  }
  if (port < 0 || port > 65535) throw std::runtime_error("bad port in '" + s + "'");
  return {host, static_cast<unsigned short>(port)};
}

}  // namespace dutybot
