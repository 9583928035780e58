// Beast and Asio are header-only by default; compiling them once here (with
// BOOST_BEAST_SEPARATE_COMPILATION and BOOST_ASIO_SEPARATE_COMPILATION set on the target)
// keeps every other translation unit light.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
