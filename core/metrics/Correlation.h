// Pearson correlation, used to compare a learned energy with -log p_data (protocols.md B9, C5).
#pragma once
#include <vector>

namespace gs {

// r = cov(a, b) / (sd(a) sd(b)). NaN when either side has zero variance or fewer than 2
// values; throws std::invalid_argument when the sizes differ.
double pearson(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace gs
