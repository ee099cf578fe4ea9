// SPDX-License-Identifier: MIT
#pragma once

#include <feedback/calendar/dates.hpp>
#include <feedback/import/import_mapping.hpp>
#include <feedback/storage/database.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback {

// Bytes the importer reads, in order, once: a file, standard input or a string.
class ByteSource
{
public:
  virtual ~ByteSource() = default;
  // Reads up to `size` bytes into `buffer`; returns 0 at the end. Throws Error(io_error).
  virtual std::size_t read(char* buffer, std::size_t size) = 0;
};

// Reads an open stream (not closed here). `name` is used in messages.
class StreamSource : public ByteSource
{
public:
  StreamSource(std::FILE* stream, std::string name) : m_stream(stream), m_name(std::move(name)) {}
  std::size_t read(char* buffer, std::size_t size) override;

private:
  std::FILE* m_stream;
  std::string m_name;
};

// Reads a string held by the caller, in pieces of at most `piece` bytes (tests use small
// pieces to cross every buffer boundary).
class StringSource : public ByteSource
{
public:
  explicit StringSource(std::string_view text, std::size_t piece = 1 << 20)
      : m_text(text), m_piece(piece == 0 ? 1 : piece)
  {
  }
  std::size_t read(char* buffer, std::size_t size) override;

private:
  std::string_view m_text;
  std::size_t m_piece;
};

enum class OnError
{
  stop, // any bad record: nothing is written
  skip, // good records are written; bad ones go to the reject sink
};

struct ImportOptions
{
  std::string file_name;             // FILE in "FILE:LINE: field: problem"; "-" for stdin
  std::optional<InputFormat> format; // else the mapping's, else by file name, else sniffed
  std::string source;                // overrides the mapping's "source" when not empty
  OnError on_error = OnError::stop;
  bool dry_run = false;         // do everything, then roll back
  bool create_services = false; // an unknown service is created instead of a bad record
  std::string officer;          // recorded on the audit events
  std::string now;              // UTC timestamp of the import, for the audit events
  Date today;                   // Europe/London: no imported date may be after it
};

// One problem of one record.
struct ImportProblem
{
  std::uint64_t line = 0;   // where the record starts (1: the first line of the file)
  std::uint64_t record = 0; // its number among the records (1: the first after any header)
  std::string field;        // a case field, a column, or "record"
  std::string problem;
};

struct ImportProgress
{
  std::uint64_t records = 0; // records read so far
  std::uint64_t bytes = 0;   // bytes read so far
};

// Where the importer reports as it goes. Every callback may be left as the default (ignore).
class ImportSink
{
public:
  virtual ~ImportSink() = default;
  // A bad record's problem, as soon as it is found (a record may have several).
  virtual void problem(const ImportProblem& problem) { (void)problem; }
  // Bytes for the reject file: for CSV first the header with a "reject_reason" column added,
  // then each bad record unchanged with its reasons in that column; for JSON one JSON Lines
  // object per bad record: {"line":N,"reason":"...","record":<the record unchanged>}.
  virtual void reject(std::string_view bytes) { (void)bytes; }
  // Called every few thousand records and once at the end.
  virtual void progress(const ImportProgress& progress) { (void)progress; }
};

struct ImportResult
{
  std::string source;
  InputFormat format = InputFormat::csv;
  std::uint64_t records = 0;
  // The cases the records are (with "group_by", several records may be one case; in an events
  // file, the records). added, updated and unchanged count cases; rejected counts records.
  std::uint64_t cases = 0;
  std::uint64_t added = 0;
  std::uint64_t updated = 0;
  std::uint64_t unchanged = 0;
  std::uint64_t rejected = 0;
  std::vector<std::string> created_services; // with create_services
  bool written = false; // committed: false for a dry run and for a refused file
};

// Imports the records of `input` as described by `mapping` into `db` (migrated), in ONE
// transaction: the database is either as before the import or as after it, also when the
// process is killed part-way. Records are read as a stream; memory does not grow with the
// file beyond 16 bytes per case already imported from the source and 16 to 32 per new
// reference.
//
// Each record becomes a new case, or updates the case imported before with the same identity
// in the same source (only the fields the mapping names, with an 'import-updated' audit event
// per changed field), or, if nothing changed, is left alone.
//
// Throws Error(data_error) before any record is read for a mapping that does not fit the
// input (a column not in the CSV header, a header that repeats a mapped column) and for input
// that cannot be read as records at all (an unterminated JSON array); Error(io_error) when
// reading fails. Bad records are reported to `sink`; with OnError::stop any bad record means
// nothing is written, with OnError::skip the good ones are. The caller holds no transaction.
ImportResult import_records(Database& db, const Mapping& mapping, ByteSource& input,
                            const ImportOptions& options, ImportSink& sink);

// The format a file name implies: .csv, .jsonl/.ndjson, .json; else nullopt.
std::optional<InputFormat> format_from_file_name(std::string_view name);

// The identity of a record without a reference (docs/import.md): "fp:" and 16 lower-case hex
// digits of the FNV-1a 64-bit hash of the received date (YYYY-MM-DD), summary, external_ref,
// name, email and phone, each followed by the byte 0x1F (absent values are empty). The n-th
// (n >= 2) record of one import with the same fingerprint gets "-n" appended.
std::string identity_fingerprint(std::string_view received, std::string_view summary,
                                 std::string_view external_ref, std::string_view name,
                                 std::string_view email, std::string_view phone);

// FNV-1a, 64 bits.
std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t seed = 0xcbf29ce484222325ULL) noexcept;

} // namespace feedback
