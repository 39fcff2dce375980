#pragma once
// Test support: child processes with their stdout read line by line, and temporary folders.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dutybot::testing {

// A folder under /tmp removed with everything in it when the test ends.
class TempDir {
public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
  std::filesystem::path path_;
};

void write_file(const std::string& path, const std::string& content);
std::string read_file(const std::string& path);

// A program started for a test; killed with SIGKILL if still running when destroyed.
class ChildProcess {
public:
  ChildProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {},
               const std::string& stderr_file = "");
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  void signal(int sig);
  // Exit code, or 128 + signal number; nullopt if still running at the deadline.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  bool running();
  pid_t pid() const { return pid_; }

private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string pending_;
  std::optional<int> status_;
};

}  // namespace dutybot::testing
