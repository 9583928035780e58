#!/usr/bin/env bash
# Domain modules include nothing from Beast, Asio, Boost.JSON or SQLiteCpp (STYLE.md).
root=$1
found=$(grep -rnE '#include *[<"](boost/|SQLiteCpp|sqlite3|valijson|openssl)' \
  "$root"/core/include "$root"/core/src "$root"/procurement/include "$root"/procurement/src \
  $(ls -d "$root"/contracts "$root"/evaluation "$root"/transparency 2>/dev/null) 2>/dev/null \
  | grep -v 'core/src/crypto.cpp' | grep -v '/tests/')
if [[ -n "$found" ]]; then echo "infrastructure headers in domain code:"; echo "$found"; exit 1; fi
echo "domain modules are free of infrastructure headers"
