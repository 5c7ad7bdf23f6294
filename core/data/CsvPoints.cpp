// CSV point loader with error messages of the form "<file>:<line>: <problem>".
#include "data/CsvPoints.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <vector>

#include "util/Error.h"

namespace gs {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::vector<std::string> splitCells(const std::string& line) {
  std::vector<std::string> cells;
  const char sep = line.find(',') != std::string::npos ? ',' : line.find(';') != std::string::npos ? ';' : ' ';
  if (sep == ' ') {
    std::string cur;
    for (char c : line + " ") {
      if (c == ' ' || c == '\t') {
        if (!cur.empty()) cells.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    return cells;
  }
  size_t start = 0;
  for (;;) {
    const size_t end = line.find(sep, start);
    cells.push_back(trim(line.substr(start, end - start)));
    if (end == std::string::npos) return cells;
    start = end + 1;
  }
}

bool parseNumber(const std::string& cell, double& value) {
  if (cell.empty()) return false;
  char* end = nullptr;
  errno = 0;
  value = std::strtod(cell.c_str(), &end);
  return end == cell.c_str() + cell.size();
}

}  // namespace

Eigen::MatrixXd loadCsvPoints(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError("cannot open CSV file '" + path + "'");
  std::vector<double> values;
  size_t cols = 0, rows = 0;
  bool firstLine = true;
  std::string line;
  for (int lineNo = 1; std::getline(in, line); ++lineNo) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    const std::string where = path + ":" + std::to_string(lineNo) + ": ";
    const auto cells = splitCells(line);
    std::vector<double> row;
    for (size_t c = 0; c < cells.size(); ++c) {
      double v = 0;
      if (!parseNumber(cells[c], v)) {
        if (firstLine) break;  // a header
        throw ConfigError(where + "column " + std::to_string(c + 1) + ": '" + cells[c] + "' is not a number");
      }
      if (!std::isfinite(v))
        throw ConfigError(where + "column " + std::to_string(c + 1) + ": '" + cells[c] + "' is not finite");
      row.push_back(v);
    }
    const bool header = firstLine && row.size() != cells.size();
    if (cols == 0) cols = cells.size();
    firstLine = false;
    if (cells.size() != cols)
      throw ConfigError(where + "has " + std::to_string(cells.size()) + " columns, expected " + std::to_string(cols) +
                        " like the first line");
    if (cols > 2) throw ConfigError(where + "has " + std::to_string(cols) + " columns; a point file needs 1 or 2");
    if (header) continue;
    values.insert(values.end(), row.begin(), row.end());
    ++rows;
  }
  if (rows < 2)
    throw ConfigError("CSV file '" + path + "' has " + std::to_string(rows) +
                      " data rows; at least 2 points are needed");
  return Eigen::Map<Eigen::MatrixXd>(values.data(), Eigen::Index(cols), Eigen::Index(rows));
}

}  // namespace gs
