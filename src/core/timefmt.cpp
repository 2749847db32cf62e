#include "core/timefmt.h"

#include <cstdio>

namespace composure {

std::string format_clock(std::int64_t t_ms) {
  if (t_ms < 0) t_ms = 0;
  const std::int64_t tenths = (t_ms + 50) / 100;
  const std::int64_t total_s = tenths / 10;
  const long long h = total_s / 3600;
  const long long m = (total_s / 60) % 60;
  const long long s = total_s % 60;
  const long long t = tenths % 10;
  char buf[32];
  if (h > 0) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld.%lld", h, m, s, t);
  } else {
    std::snprintf(buf, sizeof buf, "%02lld:%02lld.%lld", m, s, t);
  }
  return buf;
}

std::string format_span(std::int64_t start_ms, std::int64_t end_ms) {
  return format_clock(start_ms) + "-" + format_clock(end_ms);
}

}  // namespace composure
