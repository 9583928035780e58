#pragma once
// A Beast body that sends one byte range of a file in fixed-size pieces, so that a download
// (documents up to the configured limit) never sits whole in memory. Included only by
// server.cpp, which compiles Beast.
#include <boost/beast/core/file.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

namespace procura::api {

struct file_range_body {
  struct value_type {
    boost::beast::file file;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
  };

  static std::uint64_t size(const value_type& body) { return body.length; }

  class writer {
   public:
    using const_buffers_type = boost::asio::const_buffer;

    template <bool is_request, class Fields>
    writer(boost::beast::http::header<is_request, Fields>&, value_type& body) : body_(body) {}

    void init(boost::beast::error_code& failure) {
      body_.file.seek(body_.offset, failure);
      remaining_ = body_.length;
    }

    boost::optional<std::pair<const_buffers_type, bool>> get(boost::beast::error_code& failure) {
      const auto wanted = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, piece_.size()));
      if (wanted == 0) {
        failure = {};
        return boost::none;
      }
      const std::size_t read = body_.file.read(piece_.data(), wanted, failure);
      if (failure) return boost::none;
      if (read == 0) {
        // The file shrank under us: stop rather than send fewer bytes than announced.
        failure = boost::beast::http::error::short_read;
        return boost::none;
      }
      remaining_ -= read;
      return {{const_buffers_type(piece_.data(), read), remaining_ > 0}};
    }

   private:
    value_type& body_;
    std::uint64_t remaining_ = 0;
    std::array<char, 64 * 1024> piece_{};
  };
};

}  // namespace procura::api
