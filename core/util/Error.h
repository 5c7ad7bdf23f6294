// Errors that carry a user-facing message naming the key, file or value at fault.
#pragma once
#include <stdexcept>
#include <string>

namespace gs {

// Bad input: a config key, a value, a file. The CLI turns it into exit code 2.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace gs
