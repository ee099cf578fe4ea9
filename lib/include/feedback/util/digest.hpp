// SPDX-License-Identifier: MIT
// SHA-256 (FIPS 180-4, OpenSSL's libcrypto) and random salts (the kernel's getrandom), as
// lower-case hex.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace feedback {

// An incremental SHA-256. One object can hash many messages: finish() starts it afresh.
class Sha256
{
public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  Sha256& update(std::string_view bytes);
  // The digest of everything given since the last finish(), as 64 lower-case hex digits.
  std::string finish();

private:
  struct Context;
  std::unique_ptr<Context> m_context;
};

// The SHA-256 of `bytes` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

// `bytes` bytes from the system's cryptographic random generator, as 2 * `bytes` hex digits.
// Throws Error(software) if the generator fails.
std::string random_hex(std::size_t bytes);

} // namespace feedback
