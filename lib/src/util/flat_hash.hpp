// SPDX-License-Identifier: MIT
// Private to the library: hash containers of 64-bit keys, for a few million of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace feedback {

namespace detail {

// Open addressing over slots of a 64-bit key (a hash) and what goes with it: at most half full,
// for millions of keys without an allocation each. Key 0 marks an empty slot, so a key of 0 is
// stored as 1 (harmless for hashes, which is what it is for). A key and its value share a slot:
// one cache miss a look-up, not two (a table of millions of keys is far larger than the cache,
// and an import looks up one key per record).
template <typename Slot> class FlatTable64
{
protected:
  FlatTable64() : m_slots(1024), m_mask(1023) {}

  // The slot of `slot.key`, `slot` itself stored when the key is new; second: whether it was.
  std::pair<Slot*, bool> insert_slot(Slot slot)
  {
    if (slot.key == 0) {
      slot.key = 1;
    }
    if ((m_size + 1) * 2 > m_slots.size()) {
      grow();
    }
    Slot& found = find(slot.key);
    if (found.key == slot.key) {
      return {&found, false};
    }
    found = slot;
    ++m_size;
    return {&found, true};
  }

private:
  // The slot holding `key`, or the empty slot where it goes.
  Slot& find(std::uint64_t key) noexcept
  {
    auto i = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 20) & m_mask;
    while (m_slots[i].key != 0 && m_slots[i].key != key) {
      i = (i + 1) & m_mask;
    }
    return m_slots[i];
  }

  void grow()
  {
    const auto slots = std::exchange(m_slots, std::vector<Slot>(m_slots.size() * 2));
    m_mask = m_slots.size() - 1;
    for (const auto& s : slots) {
      if (s.key != 0) {
        find(s.key) = s;
      }
    }
  }

  std::vector<Slot> m_slots;
  std::size_t m_mask;
  std::size_t m_size = 0;
};

struct KeyValueSlot
{
  std::uint64_t key = 0;
  std::uint64_t value = 0;
};

struct KeySlot
{
  std::uint64_t key = 0;
};

} // namespace detail

// A map from 64-bit keys (hashes) to 64-bit values: 16 bytes a slot.
class FlatMap64 : private detail::FlatTable64<detail::KeyValueSlot>
{
public:
  // The value of `key`, inserting `value` if it is new; second: whether it was inserted.
  std::pair<std::uint64_t*, bool> insert(std::uint64_t key, std::uint64_t value)
  {
    const auto [slot, inserted] = insert_slot({key, value});
    return {&slot->value, inserted};
  }
};

// A set of 64-bit keys (hashes): 8 bytes a slot.
class FlatSet64 : private detail::FlatTable64<detail::KeySlot>
{
public:
  // Whether `key` was new (and is now in the set).
  bool insert(std::uint64_t key) { return insert_slot({key}).second; }
};

} // namespace feedback
