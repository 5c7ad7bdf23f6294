// Eigen vectors through ByteWriter / ByteReader, bit for bit (float and double).
#pragma once
#include <Eigen/Core>

#include "util/ByteStream.h"

namespace gs {

inline void writeVector(ByteWriter& w, const Eigen::VectorXf& v) { w.floats(v.data(), size_t(v.size())); }
inline void writeVector(ByteWriter& w, const Eigen::VectorXd& v) { w.doubles(v.data(), size_t(v.size())); }

inline void readVector(ByteReader& r, Eigen::VectorXf& v) {
  const std::vector<float> a = r.floats();
  v = Eigen::Map<const Eigen::VectorXf>(a.data(), Eigen::Index(a.size()));
}
inline void readVector(ByteReader& r, Eigen::VectorXd& v) {
  const std::vector<double> a = r.doubles();
  v = Eigen::Map<const Eigen::VectorXd>(a.data(), Eigen::Index(a.size()));
}

}  // namespace gs
