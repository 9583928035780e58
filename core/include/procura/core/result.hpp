#pragma once
#include <cassert>
#include <utility>
#include <variant>

#include "procura/core/error.hpp"

namespace procura {

/// The outcome of a use case: a value, or an `error`. Expected failures travel as values;
/// exceptions are kept for defects and environment failures (disk, database), which the API
/// turns into a 500 that shows only the request id.
template <class T>
class [[nodiscard]] result {
 public:
  result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT(google-explicit-constructor)
  result(error failure) : state_(std::in_place_index<1>, std::move(failure)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(state_); }
  const T& value() const& { assert(ok()); return std::get<0>(state_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  [[nodiscard]] const error& failure() const { assert(!ok()); return std::get<1>(state_); }
  error& failure() { assert(!ok()); return std::get<1>(state_); }

 private:
  std::variant<T, error> state_;
};

/// A result with no value.
struct done {};
using status = result<done>;

}  // namespace procura
