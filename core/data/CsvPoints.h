// Reads a point set from a CSV file: 1 or 2 numeric columns, optional header line.
#pragma once
#include <Eigen/Core>
#include <string>

namespace gs {

// Returns (columns x rows). Cells are separated by ',' (or ';', or whitespace when a line has
// neither); blank lines and lines starting with '#' are skipped; a first line that is not
// numeric is taken as a header. Throws ConfigError naming the file and line on a missing
// file, a non-numeric or non-finite cell, ragged rows, more than 2 columns, or fewer than
// 2 data rows.
Eigen::MatrixXd loadCsvPoints(const std::string& path);

}  // namespace gs
