#pragma once
#include <string>
#include <string_view>

/// Hashing and randomness. The domain needs SHA-256 itself (the verifiable draw is defined as
/// SHA-256 of `seed:bid-id`, a rule of law), so it lives in core; OpenSSL stays out of headers.
namespace procura::crypto {

/// Lowercase hex SHA-256 of the bytes of `data`.
std::string sha256_hex(std::string_view data);

/// `bytes` cryptographically random bytes (OpenSSL RAND_bytes) as lowercase hex.
/// Throws std::runtime_error when the generator fails.
std::string random_hex(std::size_t bytes);

/// Fills `out` with `bytes` cryptographically random bytes (OpenSSL RAND_bytes); throws
/// std::runtime_error when the generator fails.
void fill_random(unsigned char* out, std::size_t bytes);

}  // namespace procura::crypto
