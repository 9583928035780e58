#include "metrics.hpp"

#include <cstdio>

namespace procura::api {
namespace {

std::string label(std::string_view name, std::string_view value) {
  std::string escaped;
  for (const char c : value) {
    if (c == '\\' || c == '"') escaped += '\\';
    if (c == '\n') {
      escaped += "\\n";
      continue;
    }
    escaped += c;
  }
  return std::string(name) + "=\"" + escaped + "\"";
}

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

void render_histogram(std::string& out, const std::string& name, const std::string& labels, const auto& h) {
  std::uint64_t cumulative = 0;
  const std::string prefix = labels.empty() ? "" : labels + ",";
  for (std::size_t i = 0; i < metrics::bucket_bounds.size(); ++i) {
    cumulative += h.buckets[i];
    out += name + "_bucket{" + prefix + "le=\"" + number(metrics::bucket_bounds[i]) + "\"} " + std::to_string(cumulative) + "\n";
  }
  out += name + "_bucket{" + prefix + "le=\"+Inf\"} " + std::to_string(h.count) + "\n";
  const std::string braces = labels.empty() ? "" : "{" + labels + "}";
  out += name + "_sum" + braces + " " + number(h.sum_seconds) + "\n";
  out += name + "_count" + braces + " " + std::to_string(h.count) + "\n";
}

}  // namespace

void metrics::histogram::observe(std::int64_t microseconds) {
  const double seconds = static_cast<double>(microseconds) / 1e6;
  for (std::size_t i = 0; i < bucket_bounds.size(); ++i)
    if (seconds <= bucket_bounds[i]) {
      ++buckets[i];
      break;
    }
  ++count;
  sum_seconds += seconds;
}

void metrics::record_request(std::string_view route, std::string_view method, unsigned status, std::int64_t microseconds) {
  std::string key(route);
  key += '|';
  key += method;
  std::lock_guard lock(mutex_);
  latency_[key].observe(microseconds);
  ++requests_[key + "|" + std::to_string(status)];
}

void metrics::record_write_transaction(std::int64_t microseconds) {
  std::lock_guard lock(mutex_);
  writes_.observe(microseconds);
}

std::string metrics::render(std::int64_t audit_length) const {
  std::string out;
  std::lock_guard lock(mutex_);
  out += "# HELP procura_requests_total Requests served, by route, method and status.\n";
  out += "# TYPE procura_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto first = key.find('|');
    const auto second = key.find('|', first + 1);
    out += "procura_requests_total{" + label("route", key.substr(0, first)) + "," +
           label("method", key.substr(first + 1, second - first - 1)) + "," + label("status", key.substr(second + 1)) +
           "} " + std::to_string(count) + "\n";
  }
  out += "# HELP procura_request_duration_seconds Time from the request's header to its response.\n";
  out += "# TYPE procura_request_duration_seconds histogram\n";
  for (const auto& [key, h] : latency_) {
    const auto bar = key.find('|');
    render_histogram(out, "procura_request_duration_seconds",
                     label("route", key.substr(0, bar)) + "," + label("method", key.substr(bar + 1)), h);
  }
  out += "# HELP procura_write_transaction_seconds Duration of write transactions, commit included.\n";
  out += "# TYPE procura_write_transaction_seconds histogram\n";
  render_histogram(out, "procura_write_transaction_seconds", "", writes_);
  out += "# HELP procura_open_connections Client connections currently open.\n";
  out += "# TYPE procura_open_connections gauge\n";
  out += "procura_open_connections " + std::to_string(open_connections_.load(std::memory_order_relaxed)) + "\n";
  out += "# HELP procura_audit_chain_length Entries in the audit chain.\n";
  out += "# TYPE procura_audit_chain_length gauge\n";
  out += "procura_audit_chain_length " + std::to_string(audit_length) + "\n";
  out += "# HELP procura_response_cache_lookups_total Lookups in the cache of rendered public responses.\n";
  out += "# TYPE procura_response_cache_lookups_total counter\n";
  out += "procura_response_cache_lookups_total{result=\"hit\"} " +
         std::to_string(cache_hits_.load(std::memory_order_relaxed)) + "\n";
  out += "procura_response_cache_lookups_total{result=\"miss\"} " +
         std::to_string(cache_misses_.load(std::memory_order_relaxed)) + "\n";
  out += "# HELP procura_storage_failures_total Commits or syncs the database refused (a full or failing disk);"
         " the error log says why.\n";
  out += "# TYPE procura_storage_failures_total counter\n";
  out += "procura_storage_failures_total " + std::to_string(storage_failures_.load(std::memory_order_relaxed)) + "\n";
  return out;
}

}  // namespace procura::api
