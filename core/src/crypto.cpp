#include "procura/core/crypto.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>
#include <vector>

namespace procura::crypto {
namespace {

std::string to_hex(const unsigned char* data, std::size_t size) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = digits[data[i] >> 4];
    out[2 * i + 1] = digits[data[i] & 0x0f];
  }
  return out;
}

/// Fetched once: with EVP_sha256() OpenSSL 3 looks the implementation up in its provider store,
/// under a lock, on every digest call.
const EVP_MD* sha256_implementation() {
  static EVP_MD* const fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return fetched != nullptr ? fetched : EVP_sha256();
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, sha256_implementation(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  return to_hex(digest.data(), length);
}

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> buffer(bytes);
  fill_random(buffer.data(), bytes);
  return to_hex(buffer.data(), bytes);
}

void fill_random(unsigned char* out, std::size_t bytes) {
  if (RAND_bytes(out, static_cast<int>(bytes)) != 1) throw std::runtime_error("random generator failed");
}

}  // namespace procura::crypto
