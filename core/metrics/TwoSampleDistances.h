// Kernel and distance based two-sample statistics: energy distance and MMD^2 (protocols.md D).
#pragma once
#include <Eigen/Core>

namespace gs {

// Energy distance, U-statistic (unbiased; i = j pairs excluded within a set):
// E = 2/(nm) sum_ij ||x_i - y_j|| - 1/(n(n-1)) sum_{i!=j} ||x_i - x_j|| - 1/(m(m-1)) sum_{i!=j} ||y_i - y_j||.
// Its mean is >= 0 and 0 iff P = Q; a single estimate can be slightly negative. n, m >= 2.
double energyDistance(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b);

// Unbiased MMD^2 with k(u, v) = exp(-||u - v||^2 / (2 h^2)):
// 1/(m(m-1)) sum_{i!=j} k(x_i,x_j) + 1/(n(n-1)) sum_{i!=j} k(y_i,y_j) - 2/(mn) sum_ij k(x_i,y_j).
// bandwidth <= 0 uses the median heuristic (median pairwise distance of up to 1000 pooled
// points taken at even strides). n, m >= 2.
double mmdSquaredRbf(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, double bandwidth);

// Median pairwise Euclidean distance over at most maxPoints columns of the pooled samples.
double medianPairwiseDistance(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, int maxPoints = 1000);

}  // namespace gs
