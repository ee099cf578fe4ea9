// SPDX-License-Identifier: MIT
// Private to the library: hash containers of 64-bit keys, for a few million of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace feedback {

// A map from 64-bit keys (hashes) to 64-bit values by open addressing: 16 bytes a slot, at most
// half full, for millions of keys without an allocation each. Key 0 marks an empty slot, so a
// key of 0 is stored as 1 (harmless for hashes, which is what it is for).
class FlatMap64
{
public:
  FlatMap64() : m_slots(1024), m_mask(1023) {}

  // The value of `key`, inserting `value` if it is new; second: whether it was inserted.
  std::pair<std::uint64_t*, bool> insert(std::uint64_t key, std::uint64_t value)
  {
    if (key == 0) {
      key = 1;
    }
    if ((m_size + 1) * 2 > m_slots.size()) {
      grow();
    }
    std::size_t i = slot(key);
    while (m_slots[i].key != 0) {
      if (m_slots[i].key == key) {
        return {&m_slots[i].value, false};
      }
      i = (i + 1) & m_mask;
    }
    m_slots[i] = {key, value};
    ++m_size;
    return {&m_slots[i].value, true};
  }

private:
  // A key beside its value: one cache miss a look-up, not two (a table of millions of keys is
  // far larger than the cache, and an import inserts one key per record).
  struct Slot
  {
    std::uint64_t key = 0;
    std::uint64_t value = 0;
  };

  std::size_t slot(std::uint64_t key) const noexcept
  {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 20) & m_mask;
  }

  void grow()
  {
    std::vector<Slot> slots(m_slots.size() * 2);
    std::swap(slots, m_slots);
    m_mask = m_slots.size() - 1;
    for (const auto& s : slots) {
      if (s.key == 0) {
        continue;
      }
      std::size_t i = slot(s.key);
      while (m_slots[i].key != 0) {
        i = (i + 1) & m_mask;
      }
      m_slots[i] = s;
    }
  }

  std::vector<Slot> m_slots;
  std::size_t m_mask;
  std::size_t m_size = 0;
};

// A set of 64-bit keys (hashes) by open addressing: 8 bytes a slot, at most half full. Key 0
// marks an empty slot, so a key of 0 is stored as 1.
class FlatSet64
{
public:
  FlatSet64() : m_keys(1024, 0), m_mask(1023) {}

  // Whether `key` was new (and is now in the set).
  bool insert(std::uint64_t key)
  {
    if (key == 0) {
      key = 1;
    }
    if ((m_size + 1) * 2 > m_keys.size()) {
      grow();
    }
    std::size_t i = slot(key);
    while (m_keys[i] != 0) {
      if (m_keys[i] == key) {
        return false;
      }
      i = (i + 1) & m_mask;
    }
    m_keys[i] = key;
    ++m_size;
    return true;
  }

private:
  std::size_t slot(std::uint64_t key) const noexcept
  {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 20) & m_mask;
  }

  void grow()
  {
    std::vector<std::uint64_t> keys(m_keys.size() * 2, 0);
    std::swap(keys, m_keys);
    m_mask = m_keys.size() - 1;
    for (const auto key : keys) {
      if (key == 0) {
        continue;
      }
      std::size_t i = slot(key);
      while (m_keys[i] != 0) {
        i = (i + 1) & m_mask;
      }
      m_keys[i] = key;
    }
  }

  std::vector<std::uint64_t> m_keys;
  std::size_t m_mask;
  std::size_t m_size = 0;
};

} // namespace feedback
