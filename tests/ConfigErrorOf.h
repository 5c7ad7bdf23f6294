// The message of the ConfigError a call throws ("" when it throws none): config tests check
// that bad input is rejected and that the message names the key at fault.
#pragma once
#include <string>

#include "util/Error.h"

namespace gs {

template <class F>
std::string errorOf(F&& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace gs
