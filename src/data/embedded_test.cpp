#include "data/embedded.h"

#include <gtest/gtest.h>

namespace composure {
namespace {

TEST(Embedded, EveryListedFileCanBeFetchedAndUnknownOnesCannot) {
  const auto paths = embedded_paths();
  for (const auto p : paths) {
    const auto content = embedded_file(p);
    ASSERT_TRUE(content.has_value()) << p;
    EXPECT_FALSE(content->empty()) << p;
  }
  EXPECT_FALSE(embedded_file("no/such/file").has_value());
}

}  // namespace
}  // namespace composure
