#include "router.hpp"

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <array>
#include <exception>

#include "json_support.hpp"
#include "logging.hpp"
#include "problem.hpp"
#include "procura/core/crypto.hpp"
#include "procura/procurement/parties.hpp"
#include "rate_limiter.hpp"
#include "schema_registry.hpp"

namespace procura::api {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto end = path.find('/', start);
    segments.push_back(path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return segments;
}

/// Matches a path's segments against a route pattern's, both split beforehand (routes once, at
/// construction; the path once per request), so that matching allocates nothing.
bool match(const std::vector<std::string_view>& pattern_segments, const std::vector<std::string_view>& path_segments,
           std::map<std::string, std::string, std::less<>>* params) {
  if (pattern_segments.size() != path_segments.size()) return false;
  for (std::size_t i = 0; i < pattern_segments.size(); ++i) {
    const auto expected = pattern_segments[i];
    if (expected.size() > 2 && expected.front() == '{' && expected.back() == '}') {
      if (path_segments[i].empty()) return false;
      if (params) params->emplace(std::string(expected.substr(1, expected.size() - 2)), std::string(path_segments[i]));
    } else if (expected != path_segments[i]) {
      return false;
    }
  }
  return true;
}

bool is_json_content_type(std::string_view value) {
  const auto semicolon = value.find(';');
  std::string media(value.substr(0, semicolon));
  while (!media.empty() && media.back() == ' ') media.pop_back();
  for (auto& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return media == "application/json" || (media.starts_with("application/") && media.ends_with("+json"));
}

/// Parses JSON without throwing into `storage`; on failure says where (line and column) it stopped.
std::optional<boost::json::value> parse_json(std::string_view text, std::string& where,
                                             const boost::json::storage_ptr& storage) {
  boost::json::parse_options options;
  options.max_depth = 32;
  boost::json::stream_parser parser({}, options);
  parser.reset(storage);
  boost::json::error_code failure;
  const std::size_t consumed = parser.write_some(text.data(), text.size(), failure);
  if (!failure) parser.finish(failure);
  if (!failure && consumed != text.size()) failure = boost::json::error::extra_data;
  if (failure) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < consumed && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    where = "the body is not valid JSON: " + failure.message() + " at line " + std::to_string(line) + ", column " +
            std::to_string(column) + " (byte " + std::to_string(consumed) + ")";
    return std::nullopt;
  }
  return parser.release();
}

/// A target made of unreserved characters and slashes only: no query, nothing percent-encoded.
/// Boost.URL accepts it and its path is the target itself, so most GETs skip the parser.
bool is_plain_path(std::string_view target) {
  if (target.empty() || target.front() != '/') return false;
  for (const char c : target) {
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~' || c == '/';
    if (!unreserved) return false;
  }
  return true;
}

}  // namespace

bool parse_target(std::string_view target, http_request& into) {
  if (is_plain_path(target)) {
    into.path = target;
    return true;
  }
  const auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return false;
  into.path = parsed->path();
  if (into.path.empty()) into.path = "/";
  // An empty segment (a bare "?", "&&", a trailing "&") names nothing: link builders make them.
  for (const auto param : parsed->params())
    if (!param.key.empty() || param.has_value) into.query[param.key] = param.has_value ? param.value : std::string();
  return true;
}

router::router(services& app, std::size_t default_body_limit) : app_(app), default_body_limit_(default_body_limit) {
  for (const auto& candidate : routes()) patterns_.push_back(split_path(candidate.pattern));
  for (std::size_t i = 0; i < patterns_.size(); ++i) {
    const auto count = patterns_[i].size();
    if (by_segment_count_.size() <= count) by_segment_count_.resize(count + 1);
    by_segment_count_[count].push_back(i);
  }
}

const std::vector<std::size_t>& router::routes_with_segments(std::size_t count) const {
  static const std::vector<std::size_t> none;
  return count < by_segment_count_.size() ? by_segment_count_[count] : none;
}

router::body_rules router::rules_for_body(std::string_view method, std::string_view path) const {
  const auto path_segments = split_path(path);
  const auto& table = routes();
  for (const auto i : routes_with_segments(path_segments.size()))
    if (table[i].method == method && match(patterns_[i], path_segments, nullptr)) {
      if (table[i].upload) return {app_.document_limit, true};
      if (table[i].body_limit > default_body_limit_) return {table[i].body_limit, true};
      return {table[i].body_limit != 0 ? table[i].body_limit : default_body_limit_, false};
    }
  return {default_body_limit_, false};
}

http_response router::handle(const http_request& request, const std::string& request_id,
                             const std::optional<principal>& acting_as) {
  const auto fail = [&](error failure) { return problem_response(failure, request_id); };
  const std::string_view method = request.method == "HEAD" ? std::string_view("GET") : std::string_view(request.method);

  const route* found = nullptr;
  std::map<std::string, std::string, std::less<>> params;
  const auto path_segments = split_path(request.path);
  const auto& table = routes();
  const auto& candidates = routes_with_segments(path_segments.size());
  const auto usable = [&](std::size_t i) {
    return (!table[i].test_clock_only || app_.test_clock_enabled) && match(patterns_[i], path_segments, nullptr);
  };
  for (const auto i : candidates)
    if (table[i].method == method && usable(i)) {
      found = &table[i];
      match(patterns_[i], path_segments, &params);
      break;
    }
  if (found == nullptr) {
    // No route of this method: 404 if the path names nothing at all, else 405 with what it allows.
    std::string allowed;
    for (const auto i : candidates) {
      if (!usable(i)) continue;
      if (!allowed.empty()) allowed += ", ";
      allowed += table[i].method;
      if (table[i].method == "GET") allowed += ", HEAD";
    }
    if (allowed.empty()) return fail(error::not_found("no resource at " + request.path));
    auto response = fail(error::make(error_kind::method_not_allowed, "method " + request.method + " is not allowed here"));
    response.with_header("Allow", allowed);
    return response;
  }

  // The request's JSON lives only as long as this call: one arena freed at once instead of an
  // allocation for every string, array and object, and a walk to free each (a third of the
  // generator's JSON time). Nothing kept beyond the response holds a value from it: responses
  // and stored records are text.
  std::array<unsigned char, 8192> arena_start;
  boost::json::monotonic_resource arena(arena_start.data(), arena_start.size());
  const boost::json::storage_ptr request_storage(&arena);
  request_context context{request, *found, app_, request_id, std::move(params), std::nullopt,
                          boost::json::value(request_storage), app_.clock.now()};
  try {
    if (acting_as) {
      context.caller = acting_as;
    } else if (const auto authorization = request.header("authorization")) {
      constexpr std::string_view scheme = "Bearer ";
      if (!authorization->starts_with(scheme))
        return fail(error::make(error_kind::unauthenticated, "Authorization must be \"Bearer <token>\""));
      const std::string secret_hash = crypto::sha256_hex(authorization->substr(scheme.size()));
      std::optional<result<principal>> authenticated;
      const auto look_up = [&](unit_of_work& work) {
        authenticated = procurement::authenticate(work.accounts(), secret_hash, context.now);
      };
      std::uint64_t looked_up_in = 0;
      if (method == "GET") {
        app_.database.read(look_up);
      } else {
        // A request that may write is about to run on the writer anyway: looking its token up
        // there (a savepoint that keeps nothing) reads pages from the writer's cache, which
        // survives commits, where a reader's cache is dropped after every one: ~9 preads per
        // bid (docs/performance.md, round 5).
        looked_up_in = app_.database.execute([&](unit_of_work& work) {
          look_up(work);
          return false;
        });
      }
      if (!*authenticated) {
        // The writer sees the open group, so a refusal may rest on a revocation not yet
        // durable: it waits for that group as the revocation's own answer does (decision 46).
        auto refused = fail(authenticated->failure());
        refused.awaits_ticket = looked_up_in;
        return refused;
      }
      context.caller = authenticated->value();
    }
    if (context.caller && app_.limiter != nullptr) {
      if (const auto wait = app_.limiter->take(context.caller->account_id); wait > 0) {
        auto refused = fail(error::make(error_kind::too_many_requests,
                                        "this token has made too many requests; retry after " + std::to_string(wait) +
                                            " s"));
        refused.with_header("Retry-After", std::to_string(wait));
        return refused;
      }
    }
    if (!found->who.anyone) {
      if (!context.caller) return fail(error::make(error_kind::unauthenticated, "this action needs a bearer token"));
      bool allowed_role = false;
      for (const role r : found->who.roles) allowed_role = allowed_role || r == context.caller->role;
      if (!allowed_role)
        return fail(error::forbidden("role " + std::string(to_string(context.caller->role)) +
                                     " may not " + request.method + " " + std::string(found->pattern)));
    }
    // A filter the route does not know would otherwise be ignored, and the list would look
    // filtered when it is not.
    if (found->pattern.starts_with("/api/"))
      for (const auto& [name, value] : request.query)
        if (std::find(found->query_parameters.begin(), found->query_parameters.end(), name) ==
            found->query_parameters.end()) {
          std::string known;
          for (const auto parameter : found->query_parameters) known += (known.empty() ? "" : ", ") + std::string(parameter);
          return fail(error::rule("/query/" + name, "unknown query parameter " + name + "; " +
                                                        (known.empty() ? std::string("this route takes none")
                                                                       : "this route takes " + known)));
        }
    if (!found->request_schema.empty()) {
      const auto content_type = request.header("content-type");
      if (!content_type || !is_json_content_type(*content_type))
        return fail(error::make(error_kind::unsupported_media, "send the body as application/json"));
      std::string where;
      auto parsed = parse_json(request.body, where, request_storage);
      if (!parsed) return fail(error::make(error_kind::malformed, where));
      auto violations = app_.schemas.validate(found->request_schema, *parsed);
      if (!violations.empty())
        return fail(error{error_kind::rule_violated, "the body does not match the schema " +
                                                         std::string(found->request_schema),
                          std::move(violations)});
      context.body = std::move(*parsed);
    }
    auto response = found->handler(context);
    response.route = std::string(found->pattern);
    return response;
  } catch (const std::exception& failure) {
    log_error(request_id, failure.what());
    return fail(error::make(error_kind::internal, {}));
  } catch (...) {
    log_error(request_id, "unknown exception");
    return fail(error::make(error_kind::internal, {}));
  }
}

}  // namespace procura::api
