#include "store/sqlite_knowledge.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace composure {
namespace {

namespace fs = std::filesystem;

std::unique_ptr<SqliteKnowledgeBase> sample() {
  auto kb = SqliteKnowledgeBase::open_sample();
  EXPECT_TRUE(kb) << kb.error().message;
  return kb ? std::move(*kb) : nullptr;
}

// A fresh folder under the system's temp folder, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            ("composure_store_" + std::to_string(::getpid()) + "_" + test->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir(TempDir&&) = delete;
  TempDir& operator=(TempDir&&) = delete;

  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// What `PRAGMA journal_mode` says about a database file, read through a separate connection.
std::string journal_mode(const fs::path& db) {
  sqlite3* raw = nullptr;
  std::string mode;
  if (sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
      mode = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(raw);
  return mode;
}

TEST(SqliteKnowledgeBase, SampleFindsACustomerByFullNameInAnyCase) {
  const auto kb = sample();
  ASSERT_TRUE(kb);
  for (const char* name :
       {"Daniel Okafor", "daniel okafor", "DANIEL OKAFOR", "  Daniel   Okafor "}) {
    const auto c = kb->customer_by_name(name);
    ASSERT_TRUE(c.has_value()) << name;
    EXPECT_EQ(c->name, "Daniel Okafor");
    EXPECT_EQ(c->postcode, "TN23 4RJ");
    EXPECT_EQ(c->account_number, "72491308");
  }
  EXPECT_FALSE(kb->customer_by_name("Daniel").has_value());
  EXPECT_FALSE(kb->customer_by_name("Okafor").has_value());
}

TEST(SqliteKnowledgeBase, SampleFindsACustomerByAccountNumberDigits) {
  const auto kb = sample();
  ASSERT_TRUE(kb);
  const auto c = kb->customer_by_account("72491308");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->name, "Daniel Okafor");
  EXPECT_EQ(c->id, kb->customer_by_name("Daniel Okafor")->id);
  const auto spaced = kb->customer_by_account("7249 1308");
  ASSERT_TRUE(spaced.has_value());
  EXPECT_EQ(spaced->id, c->id);
  EXPECT_FALSE(kb->customer_by_account("7249130").has_value());
  EXPECT_FALSE(kb->customer_by_account("724913080").has_value());
}

TEST(SqliteKnowledgeBase, SampleHasCustomersWhoShareASurnameFoundSeparately) {
  const auto kb = sample();
  ASSERT_TRUE(kb);
  const auto dana = kb->customer_by_name("dana price");
  const auto hannah = kb->customer_by_name("hannah price");
  ASSERT_TRUE(dana.has_value());
  ASSERT_TRUE(hannah.has_value());
  EXPECT_NE(dana->id, hannah->id);
  EXPECT_EQ(dana->id, "C1007");
  ASSERT_TRUE(kb->customer("C1007").has_value());
  EXPECT_EQ(kb->customer(" C1007 ")->name, "Dana Price");
}

TEST(SqliteKnowledgeBase, OrderComesWithAllItsFields) {
  const auto kb = sample();
  ASSERT_TRUE(kb);
  const auto o = kb->order("418203");
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->id, "418203");
  EXPECT_EQ(o->customer_id, "C1007");
  EXPECT_EQ(o->product, "Oak writing desk");
  EXPECT_DOUBLE_EQ(o->amount, 289.0);
  EXPECT_EQ(o->currency, "GBP");
  EXPECT_EQ(o->placed, "2025-02-24");
  EXPECT_EQ(o->status, "delayed");
  EXPECT_EQ(o->carrier, "Northwind Two-Person");
  EXPECT_EQ(o->eta, "2025-03-11");
  EXPECT_NE(o->note.find("depot"), std::string::npos);
  // Spoken in groups, as an entity spotter might pass it on.
  EXPECT_TRUE(kb->order("418 203").has_value());
}

TEST(SqliteKnowledgeBase, SampleCallOrdersExist) {
  const auto kb = sample();
  ASSERT_TRUE(kb);
  const auto desk = kb->order("558129");  // samples/escalating_late_delivery.dialogue
  ASSERT_TRUE(desk.has_value());
  EXPECT_EQ(desk->status, "delayed");
  const auto hale = kb->customer_by_name("martin hale");  // samples/venting_then_resolution
  ASSERT_TRUE(hale.has_value());
  EXPECT_EQ(hale->postcode, "LS6 2BQ");
}

TEST(SqliteKnowledgeBase, CustomerHistoryListsOrdersContactsAndComplaintsNewestFirst) {
  const auto kb = sample();
  ASSERT_TRUE(kb);
  const auto orders = kb->orders_of("C1007");
  ASSERT_GE(orders.size(), 2U);
  for (std::size_t i = 1; i < orders.size(); ++i) {
    EXPECT_GE(orders[i - 1].placed, orders[i].placed);
    EXPECT_EQ(orders[i].customer_id, "C1007");
  }
  const auto contacts = kb->contacts_of("C1007");
  ASSERT_GE(contacts.size(), 3U);
  for (std::size_t i = 1; i < contacts.size(); ++i) {
    EXPECT_GE(contacts[i - 1].date, contacts[i].date);
  }
  EXPECT_FALSE(contacts.front().summary.empty());
  EXPECT_FALSE(contacts.front().channel.empty());
  const auto complaints = kb->complaints_of("C1007");
  ASSERT_FALSE(complaints.empty());
  EXPECT_EQ(complaints.front().status, "open");
}

TEST(SqliteKnowledgeBase, LimitsForASituationIncludeAnyMostGenerousFirst) {
  const auto kb = sample();
  ASSERT_TRUE(kb);
  const auto limits = kb->limits_for("late_delivery");
  ASSERT_GE(limits.size(), 3U);
  bool has_any = false;
  for (std::size_t i = 0; i < limits.size(); ++i) {
    EXPECT_TRUE(limits[i].situation == "late_delivery" || limits[i].situation == "any")
        << limits[i].situation;
    EXPECT_FALSE(limits[i].wording.empty());
    has_any = has_any || limits[i].situation == "any";
    if (i > 0) {
      EXPECT_GE(limits[i - 1].max_amount, limits[i].max_amount);
    }
  }
  EXPECT_TRUE(has_any);
  EXPECT_EQ(limits.front().remedy, "refund");
  EXPECT_DOUBLE_EQ(limits.front().max_amount, 150);
  EXPECT_EQ(limits.front().approver, "team_leader");

  const auto billing = kb->limits_for("billing_error");
  ASSERT_GE(billing.size(), 3U);
  EXPECT_EQ(billing.front().remedy, "refund");
  EXPECT_DOUBLE_EQ(billing.front().max_amount, 200);
  EXPECT_EQ(billing.back().situation, "any");

  // An unknown situation still gets the remedies for any situation.
  const auto other = kb->limits_for("weather");
  ASSERT_FALSE(other.empty());
  for (const auto& l : other) EXPECT_EQ(l.situation, "any");
}

TEST(SqliteKnowledgeBase, PolicyByIdHasATitle) {
  const auto kb = sample();
  ASSERT_TRUE(kb);
  const auto p = kb->policy("late_delivery");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->id, "late_delivery");
  EXPECT_FALSE(p->title.empty());
  EXPECT_FALSE(p->summary.empty());
}

TEST(SqliteKnowledgeBase, UnknownIdsGiveNothing) {
  const auto kb = sample();
  ASSERT_TRUE(kb);
  EXPECT_FALSE(kb->customer("C9999").has_value());
  EXPECT_FALSE(kb->customer("").has_value());
  EXPECT_FALSE(kb->customer_by_name("Nobody Atall").has_value());
  EXPECT_FALSE(kb->customer_by_name("").has_value());
  EXPECT_FALSE(kb->customer_by_account("00000000").has_value());
  EXPECT_FALSE(kb->order("000000").has_value());
  EXPECT_FALSE(kb->order("").has_value());
  EXPECT_FALSE(kb->order("'; DROP TABLE orders; --").has_value());
  EXPECT_TRUE(kb->order("418203").has_value());
  EXPECT_TRUE(kb->orders_of("C9999").empty());
  EXPECT_TRUE(kb->contacts_of("C9999").empty());
  EXPECT_TRUE(kb->complaints_of("C9999").empty());
  EXPECT_FALSE(kb->policy("no_such_policy").has_value());
  EXPECT_EQ(kb->last_error(), "");
}

TEST(SqliteKnowledgeBase, FileDatabaseIsCreatedInWalModeAndReopened) {
  const TempDir dir;
  const fs::path db = dir.path() / "crm.db";
  {
    auto kb = SqliteKnowledgeBase::open(db);
    ASSERT_TRUE(kb) << kb.error().message;
    EXPECT_EQ((*kb)->path(), db.string());
    // Created empty: the schema, no sample data.
    EXPECT_FALSE((*kb)->order("418203").has_value());
    EXPECT_TRUE((*kb)->limits_for("late_delivery").empty());
    const auto seeded = (*kb)->load_sql(
        "INSERT INTO customers (id, name, account_number) VALUES ('C1', 'Ada Lovelace', "
        "'12345678');\n"
        "INSERT INTO orders (id, customer_id, product, placed, status) VALUES ('123456', 'C1', "
        "'Analytical engine', '2025-01-02', 'shipped');\n",
        "seed.sql");
    ASSERT_TRUE(seeded) << seeded.error().message;
  }
  EXPECT_TRUE(fs::exists(db));
  EXPECT_EQ(journal_mode(db), "wal");
  auto again = SqliteKnowledgeBase::open(db);
  ASSERT_TRUE(again) << again.error().message;
  const auto c = (*again)->customer_by_account("12345678");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->name, "Ada Lovelace");
  const auto o = (*again)->order("123456");
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->eta, "");
  EXPECT_EQ(o->currency, "GBP");
}

TEST(SqliteKnowledgeBase, FileDatabaseCanBeSeededWithTheSample) {
  const TempDir dir;
  const fs::path db = dir.path() / "crm.db";
  auto kb = SqliteKnowledgeBase::open(db);
  ASSERT_TRUE(kb) << kb.error().message;
  const auto loaded = (*kb)->load_sample();
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_TRUE((*kb)->order("418203").has_value());
  // Loading it twice fails as a whole, naming the file and the line, and changes nothing.
  const auto twice = (*kb)->load_sample();
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message.find(db.string() + ": crm/sample.sql:"), std::string::npos)
      << twice.error().message;
  EXPECT_NE(twice.error().message.find("UNIQUE"), std::string::npos) << twice.error().message;
  EXPECT_EQ((*kb)->orders_of("C1007").size(), sample()->orders_of("C1007").size());
}

TEST(SqliteKnowledgeBase, FailedLoadRollsBackAndSaysWhichLine) {
  const TempDir dir;
  auto kb = SqliteKnowledgeBase::open(dir.path() / "crm.db");
  ASSERT_TRUE(kb) << kb.error().message;
  const auto bad = (*kb)->load_sql(
      "INSERT INTO customers (id, name, account_number) VALUES ('C1', 'Ada', '12345678');\n"
      "-- a comment\n"
      "INSERT INTO nowhere VALUES (1);\n",
      "seed.sql");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("seed.sql:3: no such table: nowhere"), std::string::npos)
      << bad.error().message;
  EXPECT_FALSE((*kb)->customer("C1").has_value());
  // The store is usable afterwards.
  ASSERT_TRUE((*kb)->load_sql(
      "INSERT INTO customers (id, name, account_number) VALUES ('C1', 'Ada', '12345678');"));
  EXPECT_TRUE((*kb)->customer("C1").has_value());
}

TEST(SqliteKnowledgeBase, NonDatabaseFileGivesAClearErrorNotACrash) {
  const TempDir dir;
  const fs::path db = dir.path() / "notes.db";
  {
    std::ofstream out(db);
    out << "These are my notes, not a database. Lorem ipsum dolor sit amet, consectetur "
           "adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna.\n";
  }
  const auto kb = SqliteKnowledgeBase::open(db);
  ASSERT_FALSE(kb);
  EXPECT_EQ(kb.error().message.find(db.string() + ": "), 0U) << kb.error().message;
  EXPECT_NE(kb.error().message.find("not a SQLite database"), std::string::npos)
      << kb.error().message;
  EXPECT_EQ(kb.error().message.find('\n'), std::string::npos);
}

TEST(SqliteKnowledgeBase, CorruptDatabaseFileGivesAClearErrorNotACrash) {
  const TempDir dir;
  const fs::path db = dir.path() / "crm.db";
  ASSERT_TRUE(SqliteKnowledgeBase::open(db));
  // Keep the 100-byte header, overwrite the schema page behind it.
  {
    std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(100);
    const std::string junk(3000, '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  fs::remove(dir.path() / "crm.db-wal");
  fs::remove(dir.path() / "crm.db-shm");
  const auto kb = SqliteKnowledgeBase::open(db);
  ASSERT_FALSE(kb);
  EXPECT_EQ(kb.error().message.find(db.string() + ": "), 0U) << kb.error().message;
  EXPECT_EQ(kb.error().message.find('\n'), std::string::npos);
}

TEST(SqliteKnowledgeBase, MissingFolderGivesAClearError) {
  const TempDir dir;
  const fs::path db = dir.path() / "no" / "such" / "folder" / "crm.db";
  const auto kb = SqliteKnowledgeBase::open(db);
  ASSERT_FALSE(kb);
  EXPECT_EQ(kb.error().message, db.string() +
                                    ": cannot open the database (unable to open "
                                    "database file)");
}

TEST(SqliteKnowledgeBase, DatabaseWithOtherColumnsIsRefusedWithTheReason) {
  const TempDir dir;
  const fs::path db = dir.path() / "old.db";
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, "CREATE TABLE orders (id TEXT PRIMARY KEY, total REAL)", nullptr,
                           nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
  }
  const auto kb = SqliteKnowledgeBase::open(db);
  ASSERT_FALSE(kb);
  EXPECT_EQ(kb.error().message.find(db.string() + ": "), 0U) << kb.error().message;
  EXPECT_NE(kb.error().message.find("no such column"), std::string::npos) << kb.error().message;
}

TEST(SqliteKnowledgeBase, LookUpsFromSeveralThreadsAtOnceAgree) {
  const auto kb = sample();
  ASSERT_TRUE(kb);
  std::vector<std::thread> threads;
  std::vector<int> found(4, 0);
  for (std::size_t t = 0; t < found.size(); ++t) {
    threads.emplace_back([&kb, &found, t] {
      for (int i = 0; i < 200; ++i) {
        if (kb->order("418203") && kb->customer_by_account("72491308") &&
            kb->limits_for("lost").size() >= 2) {
          ++found[t];
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const int n : found) EXPECT_EQ(n, 200);
}

}  // namespace
}  // namespace composure
