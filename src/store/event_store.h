// The event log over SQLite: every call the server has seen and every event of every call, kept
// durably as it happens (schema in src/store/EVENT_STORE.md).
//
//   auto store = EventStore::open("events.db");      // creates the file and tables; WAL mode
//   (*store)->begin_call({"CA42", now_ms, ...});       // status "live"
//   (*store)->append("CA42", rows);                    // one transaction per batch
//   (*store)->end_call("CA42", now_ms, CallStatus::Ended);
//
// Schema (SQLite, WAL mode, synchronous NORMAL: a committed batch survives the process being
// killed; the last batches may be lost only if the machine itself loses power):
//
//   calls(id TEXT PRIMARY KEY, started_at INTEGER ms since 1970, ended_at INTEGER or NULL,
//         status TEXT 'live' | 'ended' | 'cut_off', source TEXT ('media', 'audiosocket'),
//         agent TEXT, meta TEXT (JSON object))
//   events(call_id TEXT -> calls.id, seq INTEGER (0, 1, ... per call, emission order),
//          t_ms INTEGER, end_ms INTEGER (call timeline), speaker TEXT ('agent', 'caller', ''),
//          type TEXT (an event type such as 'raised_voice', or 'stream_warning'),
//          strength REAL, label TEXT, evidence TEXT (JSON {"text", "numbers": [{name, value,
//          unit}]}), because TEXT (JSON array of strings), source TEXT;
//          PRIMARY KEY (call_id, seq))
//
// On open, calls still marked 'live' (the process that wrote them died: kill -9, a crash, power)
// are marked 'cut_off' with ended_at set to the time of opening.
//
// Thread safety: every method may be called from any thread; calls share one connection and take
// turns on a mutex.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/result.h"

struct sqlite3;

namespace composure {

enum class CallStatus : std::uint8_t { Live, Ended, CutOff };

std::string_view to_string(CallStatus s);

struct CallRecord {
  std::string id;
  std::int64_t started_at = 0;  // ms since 1970
  std::optional<std::int64_t> ended_at;
  CallStatus status = CallStatus::Live;
  std::string source;
  std::string agent;
  std::string meta = "{}";  // JSON object
  std::int64_t events = 0;  // filled by the readers: how many events are stored
};

// One stored event: a pipeline Event, or a notice about the stream itself (type
// "stream_warning": a gap in the audio, a malformed message).
struct EventRow {
  std::int64_t seq = 0;
  std::int64_t t_ms = 0;
  std::int64_t end_ms = 0;
  std::string speaker;
  std::string type;
  double strength = 0;
  std::string label;
  std::string evidence = R"({"text":"","numbers":[]})";
  std::string because = "[]";
  std::string source;
};

inline constexpr std::string_view kStreamWarning = "stream_warning";

EventRow to_row(const Event& e, std::int64_t seq);
// The pipeline Event a row holds; nullopt for stream warnings and rows of unknown types.
std::optional<Event> to_event(const EventRow& row);
// A stream warning at `t_ms` with the sentence that explains it.
EventRow warning_row(std::int64_t seq, std::int64_t t_ms, std::string_view text);

class EventStore {
 public:
  // Opens or creates the database, in WAL mode, and marks calls left live as cut off. Fails with
  // a message naming the file.
  static Result<std::unique_ptr<EventStore>> open(const std::filesystem::path& db);

  ~EventStore();
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;
  EventStore(EventStore&&) = delete;
  EventStore& operator=(EventStore&&) = delete;

  // How many calls open() found live and marked cut off.
  int cut_off_on_open() const { return cut_off_on_open_; }

  // Records a new live call; a call id seen before goes live again (its events are kept).
  // Returns the seq the next event of the call should take.
  Result<std::int64_t> begin_call(const CallRecord& call);
  // Appends rows in one transaction (all or none).
  Result<void> append(std::string_view call_id, const std::vector<EventRow>& rows);
  Result<void> end_call(std::string_view call_id, std::int64_t ended_at, CallStatus status);
  // What a finished call leaves besides its events (the server's voice and frustration traces,
  // as JSON the store does not read); replaced if stored again. traces() is empty if none was.
  Result<void> put_traces(std::string_view call_id, std::string_view traces_json);
  Result<std::optional<std::string>> traces(std::string_view call_id) const;

  // Newest first, at most `limit`.
  Result<std::vector<CallRecord>> calls(int limit = 100) const;
  Result<std::optional<CallRecord>> call(std::string_view id) const;
  // In seq order.
  Result<std::vector<EventRow>> events(std::string_view call_id) const;

  const std::string& path() const { return path_; }

 private:
  EventStore(sqlite3* db, std::string path);
  Result<void> exec(const char* sql) const;
  std::string error(std::string_view what) const;

  sqlite3* db_ = nullptr;
  std::string path_;
  int cut_off_on_open_ = 0;
  mutable std::mutex mutex_;
};

}  // namespace composure
