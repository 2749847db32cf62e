// Headless Chromium as a printer: a local HTML page to PDF (the report's --pdf) or to a PNG
// screenshot. Uses $COMPOSURE_CHROMIUM, else /usr/bin/chromium; nothing is fetched and no
// profile is kept (each run gets a fresh, temporary one).
#pragma once

#include <filesystem>
#include <string>

#include "core/result.h"

namespace composure {

// The Chromium binary, or an error that says it is not installed and how to get it.
[[nodiscard]] Result<std::filesystem::path> find_chromium();

// Prints `html` (a local file) to `pdf`, A4 as the page's print style asks, without Chromium's
// header and footer.
[[nodiscard]] Result<void> print_to_pdf(const std::filesystem::path& html,
                                        const std::filesystem::path& pdf, int timeout_s = 120);

// Renders `html` at `width` x `height` CSS pixels into `png`.
[[nodiscard]] Result<void> screenshot(const std::filesystem::path& html,
                                      const std::filesystem::path& png, int width, int height,
                                      int timeout_s = 120);

}  // namespace composure
