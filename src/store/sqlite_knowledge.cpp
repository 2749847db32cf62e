#include "store/sqlite_knowledge.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstddef>
#include <system_error>
#include <utility>

#include "data/embedded.h"

namespace composure {
namespace {

constexpr int kBusyTimeoutMs = 2000;
constexpr std::size_t kAccountDigits = 8;

struct Finalize {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, Finalize>;

std::string errmsg(sqlite3* db) {
  return db == nullptr ? "out of memory" : sqlite3_errmsg(db);
}

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// "7249 1308" and "418-203" as digits; anything else with letters in it only trimmed.
std::string digits_or_trimmed(std::string_view s) {
  s = trim(s);
  std::string digits;
  for (const char c : s) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c != ' ' && c != '-') {
      return std::string(s);
    }
  }
  return digits;
}

// Single spaces between the words.
std::string collapse_spaces(std::string_view s) {
  std::string out;
  bool gap = false;
  for (const char c : trim(s)) {
    if (is_space(c)) {
      gap = true;
      continue;
    }
    if (gap) out += ' ';
    gap = false;
    out += c;
  }
  return out;
}

// 1-based line of `at` in `text`.
int line_of(std::string_view text, const char* at) {
  return 1 + static_cast<int>(std::count(text.data(), at, '\n'));
}

// The first character of the next statement: past white space and "--" comments.
const char* statement_start(const char* p, const char* end) {
  while (p < end) {
    if (is_space(*p)) {
      ++p;
    } else if (*p == '-' && p + 1 < end && p[1] == '-') {
      while (p < end && *p != '\n') ++p;
    } else {
      break;
    }
  }
  return p;
}

// Runs every statement of `sql`; messages say "origin:line: what SQLite said".
Result<void> run_script(sqlite3* db, std::string_view sql, std::string_view origin) {
  if (sql.size() > static_cast<std::size_t>(INT_MAX)) {
    return fail(std::string(origin) + ": too large to load");
  }
  const char* p = sql.data();
  const char* const end = sql.data() + sql.size();
  while (p < end) {
    const char* start = statement_start(p, end);
    if (start == end) break;
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v2(db, start, static_cast<int>(end - start), &raw, &tail);
    StatementPtr statement(raw);
    if (rc != SQLITE_OK) {
      const int offset = sqlite3_error_offset(db);
      const char* at = offset >= 0 && offset < end - start ? start + offset : start;
      return fail(std::string(origin) + ":" + std::to_string(line_of(sql, at)) + ": " + errmsg(db));
    }
    if (statement) {
      int step = SQLITE_ROW;
      while (step == SQLITE_ROW) step = sqlite3_step(statement.get());
      if (step != SQLITE_DONE) {
        return fail(std::string(origin) + ":" + std::to_string(line_of(sql, start)) + ": " +
                    errmsg(db));
      }
    }
    p = tail == nullptr || tail <= start ? end : tail;
  }
  return {};
}

Result<void> exec(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return fail(errmsg(db));
  return {};
}

Result<std::string_view> embedded(std::string_view path) {
  const auto text = embedded_file(path);
  if (!text) return fail(std::string(path) + " is not embedded in this build");
  return *text;
}

std::string column_text(sqlite3_stmt* s, int i) {
  const unsigned char* text = sqlite3_column_text(s, i);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<std::size_t>(sqlite3_column_bytes(s, i))};
}

Customer read_customer(sqlite3_stmt* s) {
  Customer c;
  c.id = column_text(s, 0);
  c.name = column_text(s, 1);
  c.phone = column_text(s, 2);
  c.email = column_text(s, 3);
  c.postcode = column_text(s, 4);
  c.customer_since = sqlite3_column_int(s, 5);
  c.tier = column_text(s, 6);
  c.account_number = column_text(s, 7);
  return c;
}

Order read_order(sqlite3_stmt* s) {
  Order o;
  o.id = column_text(s, 0);
  o.customer_id = column_text(s, 1);
  o.product = column_text(s, 2);
  o.amount = sqlite3_column_double(s, 3);
  o.currency = column_text(s, 4);
  o.placed = column_text(s, 5);
  o.status = column_text(s, 6);
  o.carrier = column_text(s, 7);
  o.eta = column_text(s, 8);
  o.note = column_text(s, 9);
  return o;
}

PastContact read_contact(sqlite3_stmt* s) {
  return {column_text(s, 0), column_text(s, 1), column_text(s, 2), column_text(s, 3)};
}

Complaint read_complaint(sqlite3_stmt* s) {
  return {column_text(s, 0), column_text(s, 1), column_text(s, 2)};
}

Policy read_policy(sqlite3_stmt* s) {
  return {column_text(s, 0), column_text(s, 1), column_text(s, 2)};
}

PolicyLimit read_limit(sqlite3_stmt* s) {
  PolicyLimit l;
  l.remedy = column_text(s, 0);
  l.situation = column_text(s, 1);
  l.max_amount = sqlite3_column_double(s, 2);
  l.approver = column_text(s, 3);
  l.wording = column_text(s, 4);
  return l;
}

constexpr const char* kCustomerColumns =
    "SELECT id, name, phone, email, postcode, customer_since, tier, account_number FROM customers ";
constexpr const char* kOrderColumns =
    "SELECT id, customer_id, product, amount, currency, placed, status, carrier, eta, note "
    "FROM orders ";

// Resets a statement after use, so the next call binds afresh and no read lock is held.
class Use {
 public:
  explicit Use(sqlite3_stmt* s) : s_(s) {}
  ~Use() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  Use(const Use&) = delete;
  Use& operator=(const Use&) = delete;
  Use(Use&&) = delete;
  Use& operator=(Use&&) = delete;

  // Binds the one parameter; the text must outlive the use.
  bool bind(std::string_view text) {
    return sqlite3_bind_text(s_, 1, text.data(), static_cast<int>(text.size()), nullptr) ==
           SQLITE_OK;
  }

 private:
  sqlite3_stmt* s_;
};

}  // namespace

struct SqliteKnowledgeBase::Statements {
  StatementPtr customer;
  StatementPtr customer_by_name;
  StatementPtr customer_by_account;
  StatementPtr order;
  StatementPtr orders_of;
  StatementPtr contacts_of;
  StatementPtr complaints_of;
  StatementPtr policy;
  StatementPtr limits_for;
};

SqliteKnowledgeBase::SqliteKnowledgeBase(sqlite3* db, std::string path)
    : db_(db), path_(std::move(path)), statements_(std::make_unique<Statements>()) {}

SqliteKnowledgeBase::~SqliteKnowledgeBase() {
  statements_.reset();
  sqlite3_close_v2(db_);
}

Result<std::unique_ptr<SqliteKnowledgeBase>> SqliteKnowledgeBase::open(
    const std::filesystem::path& db) {
  const std::string path = db.string();
  if (path.empty()) return fail("cannot open the knowledge store: no database path given");
  std::error_code ec;
  if (std::filesystem::is_directory(db, ec)) return fail(path + ": a folder, not a database file");
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  // The object owns the connection from here on, also when opening failed.
  std::unique_ptr<SqliteKnowledgeBase> kb(new SqliteKnowledgeBase(raw, path));
  if (rc != SQLITE_OK) return fail(path + ": cannot open the database (" + errmsg(raw) + ")");
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);

  // The first statement reads the file: a file that is no database fails here.
  sqlite3_stmt* mode_raw = nullptr;
  int mode_rc = sqlite3_prepare_v2(raw, "PRAGMA journal_mode = WAL", -1, &mode_raw, nullptr);
  StatementPtr mode(mode_raw);
  std::string journal;
  if (mode_rc == SQLITE_OK) {
    mode_rc = sqlite3_step(mode.get());
    if (mode_rc == SQLITE_ROW) journal = column_text(mode.get(), 0);
  }
  if (mode_rc != SQLITE_ROW) {
    const int code = sqlite3_extended_errcode(raw) & 0xFF;
    if (code == SQLITE_NOTADB) return fail(path + ": not a SQLite database (" + errmsg(raw) + ")");
    if (code == SQLITE_CORRUPT)
      return fail(path + ": the database is damaged (" + errmsg(raw) + ")");
    return fail(path + ": cannot switch to WAL mode (" + errmsg(raw) + ")");
  }
  mode.reset();
  if (journal != "wal") {
    return fail(path + ": cannot switch to WAL mode (journal mode stays " + journal + ")");
  }
  if (auto on = exec(raw, "PRAGMA foreign_keys = ON"); !on) {
    return fail(path + ": cannot enable foreign keys (" + on.error().message + ")");
  }
  const auto schema = embedded("crm/schema.sql");
  if (!schema) return fail(path + ": " + schema.error().message);
  if (auto made = kb->load_sql(*schema, "crm/schema.sql"); !made) return fail(made.error().message);
  if (auto prepared = kb->prepare(); !prepared) return fail(prepared.error().message);
  return kb;
}

Result<std::unique_ptr<SqliteKnowledgeBase>> SqliteKnowledgeBase::open_sample() {
  const std::string name = "sample knowledge store (in memory)";
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(":memory:", &raw, flags, nullptr);
  std::unique_ptr<SqliteKnowledgeBase> kb(new SqliteKnowledgeBase(raw, name));
  if (rc != SQLITE_OK) return fail(name + ": " + errmsg(raw));
  sqlite3_extended_result_codes(raw, 1);
  if (auto on = exec(raw, "PRAGMA foreign_keys = ON"); !on) {
    return fail(name + ": cannot enable foreign keys (" + on.error().message + ")");
  }
  const auto schema = embedded("crm/schema.sql");
  if (!schema) return fail(name + ": " + schema.error().message);
  if (auto made = kb->load_sql(*schema, "crm/schema.sql"); !made) return fail(made.error().message);
  if (auto loaded = kb->load_sample(); !loaded) return fail(loaded.error().message);
  if (auto prepared = kb->prepare(); !prepared) return fail(prepared.error().message);
  return kb;
}

Result<void> SqliteKnowledgeBase::prepare() {
  struct Query {
    StatementPtr* target;
    std::string sql;
  };
  Statements& s = *statements_;
  const Query queries[] = {
      {&s.customer, std::string(kCustomerColumns) + "WHERE id = ?1"},
      {&s.customer_by_name,
       std::string(kCustomerColumns) + "WHERE name = ?1 COLLATE NOCASE ORDER BY id LIMIT 1"},
      {&s.customer_by_account,
       std::string(kCustomerColumns) + "WHERE account_number = ?1 ORDER BY id LIMIT 1"},
      {&s.order, std::string(kOrderColumns) + "WHERE id = ?1"},
      {&s.orders_of,
       std::string(kOrderColumns) + "WHERE customer_id = ?1 ORDER BY placed DESC, id DESC"},
      {&s.contacts_of,
       "SELECT date, channel, summary, outcome FROM contacts WHERE customer_id = ?1 "
       "ORDER BY date DESC, id DESC"},
      {&s.complaints_of,
       "SELECT date, subject, status FROM complaints WHERE customer_id = ?1 "
       "ORDER BY date DESC, id DESC"},
      {&s.policy, "SELECT id, title, summary FROM policies WHERE id = ?1"},
      {&s.limits_for,
       "SELECT remedy, situation, max_amount, approver, wording FROM policy_limits "
       "WHERE situation = ?1 OR situation = 'any' "
       "ORDER BY max_amount DESC, situation = 'any', id"},
  };
  for (const Query& q : queries) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v3(db_, q.sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) !=
        SQLITE_OK) {
      return fail(path_ + ": the tables do not match the knowledge store's schema (" + errmsg(db_) +
                  ")");
    }
    q.target->reset(raw);
  }
  return {};
}

Result<void> SqliteKnowledgeBase::load_sql(std::string_view sql, std::string_view origin) {
  const std::lock_guard lock(mutex_);
  if (auto begun = exec(db_, "BEGIN"); !begun) {
    return fail(path_ + ": cannot start a transaction (" + begun.error().message + ")");
  }
  auto ran = run_script(db_, sql, origin);
  if (!ran) {
    if (sqlite3_get_autocommit(db_) == 0) (void)exec(db_, "ROLLBACK");
    return fail(path_ + ": " + ran.error().message);
  }
  if (auto done = exec(db_, "COMMIT"); !done) {
    if (sqlite3_get_autocommit(db_) == 0) (void)exec(db_, "ROLLBACK");
    return fail(path_ + ": " + std::string(origin) + ": cannot commit (" + done.error().message +
                ")");
  }
  return {};
}

Result<void> SqliteKnowledgeBase::load_sample() {
  const auto sample = embedded("crm/sample.sql");
  if (!sample) return fail(path_ + ": " + sample.error().message);
  return load_sql(*sample, "crm/sample.sql");
}

std::string SqliteKnowledgeBase::last_error() const {
  const std::lock_guard lock(mutex_);
  return last_error_;
}

void SqliteKnowledgeBase::note_error(const char* what) const {
  last_error_ = path_ + ": " + what + " failed (" + errmsg(db_) + ")";
}

namespace {

// Runs a prepared look-up with one parameter and reads every row with `read`.
template <typename T, typename Read>
bool query(sqlite3_stmt* s, std::string_view key, Read read, std::vector<T>& out) {
  Use use(s);
  if (!use.bind(key)) return false;
  int rc = sqlite3_step(s);
  for (; rc == SQLITE_ROW; rc = sqlite3_step(s)) out.push_back(read(s));
  return rc == SQLITE_DONE;
}

template <typename T>
std::optional<T> first(std::vector<T>& rows) {
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

}  // namespace

std::optional<Customer> SqliteKnowledgeBase::customer(std::string_view id) const {
  const std::string_view key = trim(id);
  if (key.empty()) return std::nullopt;
  const std::lock_guard lock(mutex_);
  std::vector<Customer> rows;
  if (!query(statements_->customer.get(), key, read_customer, rows)) note_error("customer");
  return first(rows);
}

std::optional<Customer> SqliteKnowledgeBase::customer_by_name(std::string_view name) const {
  const std::string key = collapse_spaces(name);
  if (key.empty()) return std::nullopt;
  const std::lock_guard lock(mutex_);
  std::vector<Customer> rows;
  if (!query(statements_->customer_by_name.get(), key, read_customer, rows)) {
    note_error("customer_by_name");
  }
  return first(rows);
}

std::optional<Customer> SqliteKnowledgeBase::customer_by_account(std::string_view digits) const {
  const std::string key = digits_or_trimmed(digits);
  if (key.size() != kAccountDigits ||
      !std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  const std::lock_guard lock(mutex_);
  std::vector<Customer> rows;
  if (!query(statements_->customer_by_account.get(), key, read_customer, rows)) {
    note_error("customer_by_account");
  }
  return first(rows);
}

std::optional<Order> SqliteKnowledgeBase::order(std::string_view id) const {
  const std::string key = digits_or_trimmed(id);
  if (key.empty()) return std::nullopt;
  const std::lock_guard lock(mutex_);
  std::vector<Order> rows;
  if (!query(statements_->order.get(), key, read_order, rows)) note_error("order");
  return first(rows);
}

std::vector<Order> SqliteKnowledgeBase::orders_of(std::string_view customer_id) const {
  const std::lock_guard lock(mutex_);
  std::vector<Order> rows;
  if (!query(statements_->orders_of.get(), trim(customer_id), read_order, rows)) {
    note_error("orders_of");
  }
  return rows;
}

std::vector<PastContact> SqliteKnowledgeBase::contacts_of(std::string_view customer_id) const {
  const std::lock_guard lock(mutex_);
  std::vector<PastContact> rows;
  if (!query(statements_->contacts_of.get(), trim(customer_id), read_contact, rows)) {
    note_error("contacts_of");
  }
  return rows;
}

std::vector<Complaint> SqliteKnowledgeBase::complaints_of(std::string_view customer_id) const {
  const std::lock_guard lock(mutex_);
  std::vector<Complaint> rows;
  if (!query(statements_->complaints_of.get(), trim(customer_id), read_complaint, rows)) {
    note_error("complaints_of");
  }
  return rows;
}

std::optional<Policy> SqliteKnowledgeBase::policy(std::string_view id) const {
  const std::lock_guard lock(mutex_);
  std::vector<Policy> rows;
  if (!query(statements_->policy.get(), trim(id), read_policy, rows)) note_error("policy");
  return first(rows);
}

std::vector<PolicyLimit> SqliteKnowledgeBase::limits_for(std::string_view situation) const {
  const std::lock_guard lock(mutex_);
  std::vector<PolicyLimit> rows;
  if (!query(statements_->limits_for.get(), trim(situation), read_limit, rows)) {
    note_error("limits_for");
  }
  return rows;
}

}  // namespace composure
