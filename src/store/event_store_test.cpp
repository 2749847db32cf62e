#include "store/event_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace composure {
namespace {

namespace fs = std::filesystem;

class EventStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("composure_event_store_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path db() const { return dir_ / "events.db"; }

  fs::path dir_;
};

Event sample_event() {
  Event e;
  e.t_ms = 12'340;
  e.end_ms = 13'020;
  e.speaker = Speaker::Caller;
  e.kind = EventKind::RaisedVoice;
  e.strength = 0.625F;
  e.evidence.text = "caller +5.0 dB over their baseline";
  e.evidence.numbers = {{"delta", 5.0, "dB"}, {"baseline", -31.0, "dBFS"}};
  e.label = "loud";
  e.because = {"anger", "raised_voice"};
  e.source = "venter_let_them_finish";
  return e;
}

TEST_F(EventStoreTest, AppendedEventsReadBackEqualInOrder) {
  auto store = EventStore::open(db());
  ASSERT_TRUE(store) << store.error().message;
  auto seq = (*store)->begin_call({"CA1", 1000, std::nullopt, CallStatus::Live, "media", "", "{}"});
  ASSERT_TRUE(seq) << seq.error().message;
  EXPECT_EQ(*seq, 0);
  const Event e = sample_event();
  Event second = e;
  second.kind = EventKind::Turn;
  second.because.clear();
  ASSERT_TRUE(
      (*store)->append("CA1", {to_row(e, 0), to_row(second, 1), warning_row(2, 500, "gap")}));
  auto rows = (*store)->events("CA1");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 3U);
  EXPECT_EQ(to_event((*rows)[0]), e);
  EXPECT_EQ(to_event((*rows)[1]), second);
  EXPECT_FALSE(to_event((*rows)[2]));
  EXPECT_EQ((*rows)[2].type, kStreamWarning);
  EXPECT_EQ((*rows)[2].t_ms, 500);
}

TEST_F(EventStoreTest, EndedCallHasStatusTimesAndEventCount) {
  auto store = EventStore::open(db());
  ASSERT_TRUE(store);
  ASSERT_TRUE((*store)->begin_call(
      {"CA2", 1000, std::nullopt, CallStatus::Live, "audiosocket", "agent7", R"({"tracks":2})"}));
  ASSERT_TRUE((*store)->append("CA2", {to_row(sample_event(), 0)}));
  ASSERT_TRUE((*store)->end_call("CA2", 5000, CallStatus::Ended));
  auto call = (*store)->call("CA2");
  ASSERT_TRUE(call && *call);
  EXPECT_EQ((*call)->status, CallStatus::Ended);
  EXPECT_EQ((*call)->started_at, 1000);
  EXPECT_EQ((*call)->ended_at, 5000);
  EXPECT_EQ((*call)->source, "audiosocket");
  EXPECT_EQ((*call)->agent, "agent7");
  EXPECT_EQ((*call)->meta, R"({"tracks":2})");
  EXPECT_EQ((*call)->events, 1);
  auto missing = (*store)->call("nope");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
}

TEST_F(EventStoreTest, CallsLeftLiveAreCutOffAfterReopenWithTheirEvents) {
  {
    auto store = EventStore::open(db());
    ASSERT_TRUE(store);
    ASSERT_TRUE(
        (*store)->begin_call({"live1", 1, std::nullopt, CallStatus::Live, "media", "", "{}"}));
    ASSERT_TRUE(
        (*store)->begin_call({"done", 2, std::nullopt, CallStatus::Live, "media", "", "{}"}));
    ASSERT_TRUE((*store)->append("live1", {to_row(sample_event(), 0)}));
    ASSERT_TRUE((*store)->end_call("done", 3, CallStatus::Ended));
    // Closed without end_call for live1: what a killed process leaves behind.
  }
  auto store = EventStore::open(db());
  ASSERT_TRUE(store);
  EXPECT_EQ((*store)->cut_off_on_open(), 1);
  auto live = (*store)->call("live1");
  ASSERT_TRUE(live && *live);
  EXPECT_EQ((*live)->status, CallStatus::CutOff);
  EXPECT_TRUE((*live)->ended_at.has_value());
  EXPECT_EQ((*live)->events, 1);
  EXPECT_EQ((*(*store)->call("done"))->status, CallStatus::Ended);
  auto calls = (*store)->calls();
  ASSERT_TRUE(calls);
  ASSERT_EQ(calls->size(), 2U);
  EXPECT_EQ((*calls)[0].id, "done");  // newest first
}

TEST_F(EventStoreTest, ACallSeenAgainContinuesItsSequence) {
  auto store = EventStore::open(db());
  ASSERT_TRUE(store);
  ASSERT_TRUE((*store)->begin_call({"CA3", 1, std::nullopt, CallStatus::Live, "media", "", "{}"}));
  ASSERT_TRUE((*store)->append("CA3", {to_row(sample_event(), 0), to_row(sample_event(), 1)}));
  auto again = (*store)->begin_call({"CA3", 9, std::nullopt, CallStatus::Live, "media", "", "{}"});
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 2);
}

TEST_F(EventStoreTest, AFailingBatchStoresNothing) {
  auto store = EventStore::open(db());
  ASSERT_TRUE(store);
  ASSERT_TRUE((*store)->begin_call({"CA4", 1, std::nullopt, CallStatus::Live, "media", "", "{}"}));
  // The second row repeats seq 0: the primary key refuses it and the whole batch goes.
  auto bad = (*store)->append("CA4", {to_row(sample_event(), 0), to_row(sample_event(), 0)});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("events.db"), std::string::npos);
  EXPECT_TRUE((*store)->events("CA4")->empty());
}

TEST_F(EventStoreTest, OpeningAFileThatIsNoDatabaseFailsNamingIt) {
  std::ofstream(db()) << "this is not a database, just some text that is long enough to matter\n";
  auto store = EventStore::open(db());
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message.find("events.db"), std::string::npos);
}

}  // namespace
}  // namespace composure
