// SPDX-License-Identifier: MIT
// Private to the importer: telling records apart and matching them with earlier imports.
#pragma once

#include "import/import_row.hpp"
#include "storage/import_store.hpp"
#include "util/flat_hash.hpp"

#include <feedback/import/import_mapping.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace feedback::import {

// The identities of an import's records: each record's identity in the old system, and whether
// a case was imported with it before from the same source. What was imported before is read once
// into a sorted vector of hashes, so an unchanged record costs no query at all; memory is 24
// bytes per case imported before and 32 to 64 per new identity (its hash and the line where it
// is, to name it should it come again).
class IdentityIndex
{
public:
  // `known`: the cases imported before from the source.
  explicit IdentityIndex(std::vector<detail::ImportKey> known);

  struct Match
  {
    std::uint64_t ref_key = 0;     // the hash of the identity, as import_record stores it
    bool known = false;            // imported before from this source
    std::uint64_t fingerprint = 0; // of the fields then, when known
    std::int64_t case_id = 0;      // when known and the keys were loaded with their cases
    // A reference already seen in this import (the record is bad): the line where it was.
    std::uint64_t repeated_line = 0;
  };

  // The identity of a record: `row.ref` (the mapping's identity column) if it has one, else
  // its fingerprint (docs/import.md), the n-th identical one with "-n" appended. Valid until
  // the next call.
  const std::string& identify(const Row& row);
  // Whether the last identity is a fingerprint rather than the old system's reference.
  bool is_fingerprint() const noexcept { return m_is_fingerprint; }

  // Starts loading what match() will look at for `row`'s reference (the old system's, when it
  // has one), so that the work done meanwhile hides the wait for memory.
  void prefetch(const Row& row) const noexcept;

  // Matches the last identity with earlier imports and with this import's records so far; the
  // record is at `line`.
  Match match(std::uint64_t line);

  // The case imported before with the reference `ref` (keys loaded with their cases), or 0.
  std::int64_t known_case(std::string_view ref) const;

private:
  std::vector<detail::ImportKey> m_known;  // by ref_key
  std::vector<std::uint64_t> m_known_seen; // the line where each was seen in this import, or 0
  FlatMap64 m_seen;                        // new references: the line where each was seen
  FlatMap64 m_fingerprints;
  std::string m_ref;
  bool m_is_fingerprint = false;
};

} // namespace feedback::import
