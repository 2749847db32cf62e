#include "store/event_store.h"

#include <sqlite3.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <system_error>
#include <utility>

namespace composure {
namespace {

constexpr int kBusyTimeoutMs = 5000;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS calls (
  id         TEXT PRIMARY KEY,
  started_at INTEGER NOT NULL,
  ended_at   INTEGER,
  status     TEXT NOT NULL CHECK (status IN ('live', 'ended', 'cut_off')),
  source     TEXT NOT NULL DEFAULT '',
  agent      TEXT NOT NULL DEFAULT '',
  meta       TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS events (
  call_id  TEXT NOT NULL REFERENCES calls(id),
  seq      INTEGER NOT NULL,
  t_ms     INTEGER NOT NULL,
  end_ms   INTEGER NOT NULL,
  speaker  TEXT NOT NULL DEFAULT '',
  type     TEXT NOT NULL,
  strength REAL NOT NULL DEFAULT 0,
  label    TEXT NOT NULL DEFAULT '',
  evidence TEXT NOT NULL DEFAULT '{}',
  because  TEXT NOT NULL DEFAULT '[]',
  source   TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (call_id, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS calls_by_start ON calls(started_at);
CREATE TABLE IF NOT EXISTS call_traces (
  call_id TEXT PRIMARY KEY REFERENCES calls(id),
  traces  TEXT NOT NULL
) WITHOUT ROWID;
)sql";

struct Finalize {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, Finalize>;

std::string errmsg(sqlite3* db) {
  return db == nullptr ? "out of memory" : sqlite3_errmsg(db);
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string column_text(sqlite3_stmt* s, int i) {
  const unsigned char* text = sqlite3_column_text(s, i);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<std::size_t>(sqlite3_column_bytes(s, i))};
}

void bind_text(sqlite3_stmt* s, int i, std::string_view text) {
  sqlite3_bind_text(s, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

std::optional<CallStatus> parse_status(std::string_view s) {
  if (s == "live") return CallStatus::Live;
  if (s == "ended") return CallStatus::Ended;
  if (s == "cut_off") return CallStatus::CutOff;
  return std::nullopt;
}

constexpr const char* kCallColumns =
    "SELECT c.id, c.started_at, c.ended_at, c.status, c.source, c.agent, c.meta, "
    "(SELECT COUNT(*) FROM events e WHERE e.call_id = c.id) FROM calls c ";

CallRecord read_call(sqlite3_stmt* s) {
  CallRecord c;
  c.id = column_text(s, 0);
  c.started_at = sqlite3_column_int64(s, 1);
  if (sqlite3_column_type(s, 2) != SQLITE_NULL) c.ended_at = sqlite3_column_int64(s, 2);
  c.status = parse_status(column_text(s, 3)).value_or(CallStatus::CutOff);
  c.source = column_text(s, 4);
  c.agent = column_text(s, 5);
  c.meta = column_text(s, 6);
  c.events = sqlite3_column_int64(s, 7);
  return c;
}

}  // namespace

std::string_view to_string(CallStatus s) {
  switch (s) {
    case CallStatus::Live:
      return "live";
    case CallStatus::Ended:
      return "ended";
    case CallStatus::CutOff:
      return "cut_off";
  }
  return "cut_off";
}

EventRow to_row(const Event& e, std::int64_t seq) {
  EventRow r;
  r.seq = seq;
  r.t_ms = e.t_ms;
  r.end_ms = e.end_ms;
  r.speaker = std::string(to_string(e.speaker));
  r.type = std::string(to_string(e.kind));
  r.strength = static_cast<double>(e.strength);
  r.label = e.label;
  nlohmann::json numbers = nlohmann::json::array();
  for (const auto& m : e.evidence.numbers) {
    numbers.push_back({{"name", m.name}, {"value", m.value}, {"unit", m.unit}});
  }
  r.evidence = nlohmann::json{{"text", e.evidence.text}, {"numbers", numbers}}.dump();
  r.because = nlohmann::json(e.because).dump();
  r.source = e.source;
  return r;
}

std::optional<Event> to_event(const EventRow& row) {
  const auto kind = parse_event_kind(row.type);
  const auto speaker = parse_speaker(row.speaker);
  if (!kind || !speaker) return std::nullopt;
  Event e;
  e.t_ms = row.t_ms;
  e.end_ms = row.end_ms;
  e.speaker = *speaker;
  e.kind = *kind;
  e.strength = static_cast<float>(row.strength);
  e.label = row.label;
  e.source = row.source;
  const auto evidence = nlohmann::json::parse(row.evidence, nullptr, /*allow_exceptions=*/false);
  if (evidence.is_object()) {
    if (evidence.contains("text") && evidence["text"].is_string()) {
      e.evidence.text = evidence["text"].get<std::string>();
    }
    if (evidence.contains("numbers") && evidence["numbers"].is_array()) {
      for (const auto& n : evidence["numbers"]) {
        if (!n.is_object()) continue;
        Measure m;
        m.name = n.value("name", "");
        m.value = n.value("value", 0.0);
        m.unit = n.value("unit", "");
        e.evidence.numbers.push_back(std::move(m));
      }
    }
  }
  const auto because = nlohmann::json::parse(row.because, nullptr, /*allow_exceptions=*/false);
  if (because.is_array()) {
    for (const auto& b : because) {
      if (b.is_string()) e.because.push_back(b.get<std::string>());
    }
  }
  return e;
}

EventRow warning_row(std::int64_t seq, std::int64_t t_ms, std::string_view text) {
  EventRow r;
  r.seq = seq;
  r.t_ms = t_ms;
  r.end_ms = t_ms;
  r.type = std::string(kStreamWarning);
  r.evidence = nlohmann::json{{"text", text}, {"numbers", nlohmann::json::array()}}.dump();
  return r;
}

EventStore::EventStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

EventStore::~EventStore() {
  sqlite3_close_v2(db_);
}

std::string EventStore::error(std::string_view what) const {
  return path_ + ": " + std::string(what) + " (" + errmsg(db_) + ")";
}

Result<void> EventStore::exec(const char* sql) const {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return fail(errmsg(db_));
  return {};
}

Result<std::unique_ptr<EventStore>> EventStore::open(const std::filesystem::path& db) {
  const std::string path = db.string();
  if (path.empty()) return fail("cannot open the event store: no database path given");
  std::error_code ec;
  if (std::filesystem::is_directory(db, ec)) return fail(path + ": a folder, not a database file");
  if (db.has_parent_path()) std::filesystem::create_directories(db.parent_path(), ec);
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<EventStore> store(new EventStore(raw, path));
  if (rc != SQLITE_OK) return fail(path + ": cannot open the database (" + errmsg(raw) + ")");
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  if (auto wal = store->exec("PRAGMA journal_mode = WAL"); !wal) {
    return fail(path + ": cannot switch to WAL mode (" + wal.error().message + ")");
  }
  if (auto sync = store->exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON"); !sync) {
    return fail(path + ": " + sync.error().message);
  }
  if (auto made = store->exec(kSchema); !made) {
    return fail(path + ": cannot create the event tables (" + made.error().message + ")");
  }
  sqlite3_stmt* raw_cut = nullptr;
  if (sqlite3_prepare_v2(raw,
                         "UPDATE calls SET status = 'cut_off', ended_at = ? WHERE status = 'live'",
                         -1, &raw_cut, nullptr) != SQLITE_OK) {
    return fail(store->error("cannot mark unfinished calls"));
  }
  StatementPtr cut(raw_cut);
  sqlite3_bind_int64(cut.get(), 1, now_ms());
  if (sqlite3_step(cut.get()) != SQLITE_DONE) {
    return fail(store->error("cannot mark unfinished calls"));
  }
  store->cut_off_on_open_ = sqlite3_changes(raw);
  return store;
}

Result<std::int64_t> EventStore::begin_call(const CallRecord& call) {
  const std::lock_guard lock(mutex_);
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(
          db_,
          "INSERT INTO calls (id, started_at, ended_at, status, source, agent, meta) "
          "VALUES (?, ?, NULL, 'live', ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
          "status = 'live', ended_at = NULL",
          -1, &raw, nullptr) != SQLITE_OK) {
    return fail(error("cannot record call " + call.id));
  }
  StatementPtr insert(raw);
  bind_text(insert.get(), 1, call.id);
  sqlite3_bind_int64(insert.get(), 2, call.started_at);
  bind_text(insert.get(), 3, call.source);
  bind_text(insert.get(), 4, call.agent);
  bind_text(insert.get(), 5, call.meta);
  if (sqlite3_step(insert.get()) != SQLITE_DONE)
    return fail(error("cannot record call " + call.id));
  raw = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT COALESCE(MAX(seq) + 1, 0) FROM events WHERE call_id = ?", -1,
                         &raw, nullptr) != SQLITE_OK) {
    return fail(error("cannot read call " + call.id));
  }
  StatementPtr next(raw);
  bind_text(next.get(), 1, call.id);
  if (sqlite3_step(next.get()) != SQLITE_ROW) return fail(error("cannot read call " + call.id));
  return sqlite3_column_int64(next.get(), 0);
}

Result<void> EventStore::append(std::string_view call_id, const std::vector<EventRow>& rows) {
  if (rows.empty()) return {};
  const std::lock_guard lock(mutex_);
  if (auto begun = exec("BEGIN IMMEDIATE"); !begun) {
    return fail(path_ + ": cannot store events (" + begun.error().message + ")");
  }
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_,
                         "INSERT INTO events (call_id, seq, t_ms, end_ms, speaker, type, strength, "
                         "label, evidence, because, source) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                         -1, &raw, nullptr) != SQLITE_OK) {
    const std::string message = error("cannot store events");
    (void)exec("ROLLBACK");
    return fail(message);
  }
  StatementPtr insert(raw);
  for (const EventRow& r : rows) {
    bind_text(insert.get(), 1, call_id);
    sqlite3_bind_int64(insert.get(), 2, r.seq);
    sqlite3_bind_int64(insert.get(), 3, r.t_ms);
    sqlite3_bind_int64(insert.get(), 4, r.end_ms);
    bind_text(insert.get(), 5, r.speaker);
    bind_text(insert.get(), 6, r.type);
    sqlite3_bind_double(insert.get(), 7, r.strength);
    bind_text(insert.get(), 8, r.label);
    bind_text(insert.get(), 9, r.evidence);
    bind_text(insert.get(), 10, r.because);
    bind_text(insert.get(), 11, r.source);
    if (sqlite3_step(insert.get()) != SQLITE_DONE) {
      const std::string message =
          error("cannot store event " + std::to_string(r.seq) + " of call " + std::string(call_id));
      insert.reset();
      (void)exec("ROLLBACK");
      return fail(message);
    }
    sqlite3_reset(insert.get());
  }
  insert.reset();
  if (auto done = exec("COMMIT"); !done) {
    (void)exec("ROLLBACK");
    return fail(path_ + ": cannot store events (" + done.error().message + ")");
  }
  return {};
}

Result<void> EventStore::end_call(std::string_view call_id, std::int64_t ended_at,
                                  CallStatus status) {
  const std::lock_guard lock(mutex_);
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_, "UPDATE calls SET status = ?, ended_at = ? WHERE id = ?", -1, &raw,
                         nullptr) != SQLITE_OK) {
    return fail(error("cannot end call " + std::string(call_id)));
  }
  StatementPtr update(raw);
  bind_text(update.get(), 1, to_string(status));
  sqlite3_bind_int64(update.get(), 2, ended_at);
  bind_text(update.get(), 3, call_id);
  if (sqlite3_step(update.get()) != SQLITE_DONE) {
    return fail(error("cannot end call " + std::string(call_id)));
  }
  return {};
}

Result<void> EventStore::put_traces(std::string_view call_id, std::string_view traces_json) {
  const std::lock_guard lock(mutex_);
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_, "INSERT OR REPLACE INTO call_traces (call_id, traces) VALUES (?, ?)",
                         -1, &raw, nullptr) != SQLITE_OK) {
    return fail(error("cannot store the traces of call " + std::string(call_id)));
  }
  StatementPtr insert(raw);
  bind_text(insert.get(), 1, call_id);
  bind_text(insert.get(), 2, traces_json);
  if (sqlite3_step(insert.get()) != SQLITE_DONE) {
    return fail(error("cannot store the traces of call " + std::string(call_id)));
  }
  return {};
}

Result<std::optional<std::string>> EventStore::traces(std::string_view call_id) const {
  const std::lock_guard lock(mutex_);
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT traces FROM call_traces WHERE call_id = ?", -1, &raw,
                         nullptr) != SQLITE_OK) {
    return fail(error("cannot read the traces of call " + std::string(call_id)));
  }
  StatementPtr select(raw);
  bind_text(select.get(), 1, call_id);
  const int rc = sqlite3_step(select.get());
  if (rc == SQLITE_ROW) return std::optional<std::string>(column_text(select.get(), 0));
  if (rc != SQLITE_DONE)
    return fail(error("cannot read the traces of call " + std::string(call_id)));
  return std::optional<std::string>();
}

Result<std::vector<CallRecord>> EventStore::calls(int limit) const {
  const std::lock_guard lock(mutex_);
  sqlite3_stmt* raw = nullptr;
  const std::string sql = std::string(kCallColumns) + "ORDER BY c.started_at DESC, c.id LIMIT ?";
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    return fail(error("cannot list calls"));
  }
  StatementPtr select(raw);
  sqlite3_bind_int(select.get(), 1, limit);
  std::vector<CallRecord> out;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) out.push_back(read_call(select.get()));
  if (rc != SQLITE_DONE) return fail(error("cannot list calls"));
  return out;
}

Result<std::optional<CallRecord>> EventStore::call(std::string_view id) const {
  const std::lock_guard lock(mutex_);
  sqlite3_stmt* raw = nullptr;
  const std::string sql = std::string(kCallColumns) + "WHERE c.id = ?";
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    return fail(error("cannot read call"));
  }
  StatementPtr select(raw);
  bind_text(select.get(), 1, id);
  const int rc = sqlite3_step(select.get());
  if (rc == SQLITE_ROW) return std::optional<CallRecord>(read_call(select.get()));
  if (rc != SQLITE_DONE) return fail(error("cannot read call"));
  return std::optional<CallRecord>();
}

Result<std::vector<EventRow>> EventStore::events(std::string_view call_id) const {
  const std::lock_guard lock(mutex_);
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_,
                         "SELECT seq, t_ms, end_ms, speaker, type, strength, label, evidence, "
                         "because, source FROM events WHERE call_id = ? ORDER BY seq",
                         -1, &raw, nullptr) != SQLITE_OK) {
    return fail(error("cannot read events"));
  }
  StatementPtr select(raw);
  bind_text(select.get(), 1, call_id);
  std::vector<EventRow> out;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) {
    EventRow r;
    r.seq = sqlite3_column_int64(select.get(), 0);
    r.t_ms = sqlite3_column_int64(select.get(), 1);
    r.end_ms = sqlite3_column_int64(select.get(), 2);
    r.speaker = column_text(select.get(), 3);
    r.type = column_text(select.get(), 4);
    r.strength = sqlite3_column_double(select.get(), 5);
    r.label = column_text(select.get(), 6);
    r.evidence = column_text(select.get(), 7);
    r.because = column_text(select.get(), 8);
    r.source = column_text(select.get(), 9);
    out.push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) return fail(error("cannot read events"));
  return out;
}

}  // namespace composure
