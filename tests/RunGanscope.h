// Runs the ganscope binary (GANSCOPE_BIN) with arguments appended verbatim (quote them
// yourself), stdout and stderr captured in files under `dir`: the CLI tests' one runner.
#pragma once
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "TestFiles.h"

namespace gs::test {

struct CliResult {
  int code = -1;  // exit status, -1 when killed by a signal
  std::string out, err;
};

inline CliResult runGanscope(const std::string& args, const std::filesystem::path& dir) {
  const auto out = dir / "stdout.txt", err = dir / "stderr.txt";
  const std::string cmd =
      "'" + std::string(GANSCOPE_BIN) + "' " + args + " >'" + out.string() + "' 2>'" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  CliResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = readFile(out);
  r.err = readFile(err);
  return r;
}

}  // namespace gs::test
