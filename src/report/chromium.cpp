#include "report/chromium.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

extern char** environ;

namespace composure {
namespace {

namespace fs = std::filesystem;

// A temporary folder for Chromium's profile and log, removed when done.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "composure-chromium-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string last_lines(const fs::path& log, std::size_t max_chars) {
  std::ifstream in(log);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (text.size() > max_chars) text = "..." + text.substr(text.size() - max_chars);
  return text;
}

// Runs Chromium headless on `html` with the extra `args`, waits for `out` to be written.
Result<void> run_chromium(const fs::path& html, const fs::path& out,
                          const std::vector<std::string>& args, int timeout_s) {
  auto chromium = find_chromium();
  if (!chromium) return tl::unexpected(chromium.error());
  std::error_code ec;
  const fs::path page = fs::absolute(html, ec);
  if (ec || !fs::is_regular_file(page, ec)) return fail(html.string() + ": no such file");
  TempDir tmp;
  if (tmp.path().empty()) return fail("cannot create a temporary folder for Chromium");
  fs::remove(out, ec);
  std::vector<std::string> argv = {chromium->string(),
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--no-first-run",
                                   "--no-default-browser-check",
                                   "--disable-extensions",
                                   "--hide-scrollbars",
                                   "--user-data-dir=" + (tmp.path() / "profile").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back("file://" + page.string());
  std::vector<char*> cargv;
  cargv.reserve(argv.size() + 1);
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);

  const fs::path log = tmp.path() / "chromium.log";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Its own process group, so a hung Chromium goes with all its helper processes.
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, cargv[0], &actions, &attr, cargv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (spawned != 0) return fail(chromium->string() + ": cannot start it");

  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  for (;;) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0) return fail(chromium->string() + ": lost track of it");
    if (std::chrono::steady_clock::now() > deadline) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      return fail(chromium->string() + ": gave up after " + std::to_string(timeout_s) +
                  " s rendering " + html.string());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(-pid, SIGKILL);  // helpers left behind, if any
  const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (!ok || !fs::is_regular_file(out, ec) || fs::file_size(out, ec) == 0) {
    return fail(chromium->string() + " could not write " + out.string() + ": " +
                last_lines(log, 600));
  }
  return {};
}

}  // namespace

Result<fs::path> find_chromium() {
  const char* override_path = std::getenv("COMPOSURE_CHROMIUM");
  const fs::path path = override_path != nullptr && *override_path != '\0'
                            ? fs::path(override_path)
                            : fs::path("/usr/bin/chromium");
  if (access(path.c_str(), X_OK) != 0) {
    return fail(path.string() +
                " not found: --pdf needs headless Chromium (apt-get install chromium, or set "
                "COMPOSURE_CHROMIUM to its path)");
  }
  return path;
}

Result<void> print_to_pdf(const fs::path& html, const fs::path& pdf, int timeout_s) {
  std::error_code ec;
  const fs::path out = fs::absolute(pdf, ec);
  return run_chromium(html, out, {"--no-pdf-header-footer", "--print-to-pdf=" + out.string()},
                      timeout_s);
}

Result<void> screenshot(const fs::path& html, const fs::path& png, int width, int height,
                        int timeout_s) {
  std::error_code ec;
  const fs::path out = fs::absolute(png, ec);
  return run_chromium(html, out,
                      {"--window-size=" + std::to_string(width) + "," + std::to_string(height),
                       "--screenshot=" + out.string()},
                      timeout_s);
}

}  // namespace composure
