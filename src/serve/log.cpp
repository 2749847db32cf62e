#include "serve/log.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

namespace composure {

void log_line(std::string_view text) {
  const auto now = std::chrono::system_clock::now();
  const std::time_t secs = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
  std::fprintf(stderr, "%s.%03dZ composure serve: %.*s\n", stamp, static_cast<int>(ms),
               static_cast<int>(text.size()), text.data());
  std::fflush(stderr);
}

}  // namespace composure
