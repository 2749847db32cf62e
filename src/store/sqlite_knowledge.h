// The knowledge store over SQLite: customers, orders, past contacts, complaints and policy limits
// (schema and sample data in data/crm/, described in data/crm/README.md).
//
//   auto kb = SqliteKnowledgeBase::open("crm.db");      // creates the file and schema if missing
//   if (!kb) { report(kb.error().message); }            // "crm.db: not a SQLite database ..."
//   (*kb)->load_sql(text, "seed.sql");                  // seed it, in one transaction
//   auto sample = SqliteKnowledgeBase::open_sample();   // in memory, with the invented sample data
//   Guide guide(playbook, sample->get());
//
// Thread safety: every method may be called from any thread, also at the same time; calls share
// one connection and take turns on a mutex (a look-up takes microseconds). Several processes may
// read one file database while another writes it (WAL mode).
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "guide/knowledge.h"

struct sqlite3;
struct sqlite3_stmt;

namespace composure {

class SqliteKnowledgeBase final : public KnowledgeBase {
 public:
  // Opens the database file, creating it (and the schema's missing tables) when needed, in WAL
  // mode. Inserts no data. Fails with a message naming the file when it cannot be opened, is not a
  // SQLite database, or has tables whose columns do not match the schema.
  static Result<std::unique_ptr<SqliteKnowledgeBase>> open(const std::filesystem::path& db);
  // A private in-memory database with the schema and the sample data (data/crm/sample.sql).
  static Result<std::unique_ptr<SqliteKnowledgeBase>> open_sample();

  ~SqliteKnowledgeBase() override;
  SqliteKnowledgeBase(const SqliteKnowledgeBase&) = delete;
  SqliteKnowledgeBase& operator=(const SqliteKnowledgeBase&) = delete;
  SqliteKnowledgeBase(SqliteKnowledgeBase&&) = delete;
  SqliteKnowledgeBase& operator=(SqliteKnowledgeBase&&) = delete;

  // Runs SQL statements (INSERTs, UPDATEs, ...) in one transaction: all of them or, on the first
  // failure, none. `origin` names the text in messages ("seed.sql:12: UNIQUE constraint failed:
  // orders.id"). The text must not BEGIN or COMMIT transactions of its own.
  Result<void> load_sql(std::string_view sql, std::string_view origin = "SQL");
  // load_sql() with the embedded sample data, e.g. to seed a new file database.
  Result<void> load_sample();

  // The path given to open(), or "sample knowledge store (in memory)"; messages start with it.
  const std::string& path() const { return path_; }
  // The message of the last failed look-up, empty when none failed. Look-ups that fail (a disk
  // error, a database locked for longer than the busy timeout) answer as if nothing matched.
  std::string last_error() const;

  // KnowledgeBase. Ids, account numbers and names are matched after trimming spaces; account
  // numbers and order ids may also be given with spaces or hyphens between the digits
  // ("7249 1308"). Lists come newest first (orders by date placed, contacts and complaints by
  // date). When several customers share a name, customer_by_name answers the one with the lowest
  // id.
  std::optional<Customer> customer(std::string_view id) const override;
  std::optional<Customer> customer_by_name(std::string_view name) const override;
  std::optional<Customer> customer_by_account(std::string_view digits) const override;
  std::optional<Order> order(std::string_view id) const override;
  std::vector<Order> orders_of(std::string_view customer_id) const override;
  std::vector<PastContact> contacts_of(std::string_view customer_id) const override;
  std::vector<Complaint> complaints_of(std::string_view customer_id) const override;
  std::optional<Policy> policy(std::string_view id) const override;
  // The limits for `situation` and those for "any", largest max_amount first; on equal amounts the
  // situation's own before "any", then in the order they were inserted.
  std::vector<PolicyLimit> limits_for(std::string_view situation) const override;

 private:
  struct Statements;

  SqliteKnowledgeBase(sqlite3* db, std::string path);
  Result<void> prepare();
  void note_error(const char* what) const;

  sqlite3* db_ = nullptr;
  std::string path_;
  std::unique_ptr<Statements> statements_;
  mutable std::mutex mutex_;
  mutable std::string last_error_;
};

}  // namespace composure
