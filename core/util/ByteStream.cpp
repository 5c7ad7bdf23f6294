// ByteWriter / ByteReader (see ByteStream.h).
#include "util/ByteStream.h"

#include <cstring>

#include "util/Error.h"

namespace gs {

namespace {

template <class T>
void putLE(std::string& out, T v) {
  char b[sizeof(T)];
  for (size_t i = 0; i < sizeof(T); ++i) b[i] = char((uint64_t(v) >> (8 * i)) & 0xFF);
  out.append(b, sizeof(T));
}

template <class T>
T getLE(const char* p) {
  uint64_t v = 0;
  for (size_t i = 0; i < sizeof(T); ++i) v |= uint64_t(uint8_t(p[i])) << (8 * i);
  return T(v);
}

}  // namespace

void ByteWriter::u8(uint8_t v) { out_.push_back(char(v)); }
void ByteWriter::u32(uint32_t v) { putLE(out_, v); }
void ByteWriter::u64(uint64_t v) { putLE(out_, v); }

void ByteWriter::f64(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  u64(bits);
}

void ByteWriter::str(std::string_view s) {
  u64(s.size());
  out_.append(s.data(), s.size());
}

void ByteWriter::floats(const float* p, size_t n) {
  u64(n);
  out_.reserve(out_.size() + 4 * n);
  for (size_t i = 0; i < n; ++i) {
    uint32_t bits;
    std::memcpy(&bits, p + i, sizeof bits);
    u32(bits);
  }
}

void ByteWriter::doubles(const double* p, size_t n) {
  u64(n);
  out_.reserve(out_.size() + 8 * n);
  for (size_t i = 0; i < n; ++i) f64(p[i]);
}

ByteReader::ByteReader(std::string_view data, std::string what) : data_(data), what_(std::move(what)) {}

const char* ByteReader::take(size_t n) {
  if (n > remaining())
    throw ConfigError(what_ + ": unexpected end of data (needed " + std::to_string(n) + " byte(s) at offset " +
                      std::to_string(pos_) + ", " + std::to_string(remaining()) + " left)");
  const char* p = data_.data() + pos_;
  pos_ += n;
  return p;
}

size_t ByteReader::count(size_t elementSize) {
  const uint64_t n = u64();
  if (n > remaining() / elementSize)
    throw ConfigError(what_ + ": a length of " + std::to_string(n) + " at offset " + std::to_string(pos_ - 8) +
                      " runs past the end (" + std::to_string(remaining()) + " byte(s) left)");
  return size_t(n);
}

uint8_t ByteReader::u8() { return uint8_t(*take(1)); }
uint32_t ByteReader::u32() { return getLE<uint32_t>(take(4)); }
uint64_t ByteReader::u64() { return getLE<uint64_t>(take(8)); }

double ByteReader::f64() {
  const uint64_t bits = u64();
  double v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

bool ByteReader::boolean() {
  const uint8_t v = u8();
  if (v > 1)
    throw ConfigError(what_ + ": expected a flag (0 or 1) at offset " + std::to_string(pos_ - 1) + ", found " +
                      std::to_string(v));
  return v == 1;
}

std::string ByteReader::str() {
  const size_t n = count(1);
  return std::string(take(n), n);
}

std::vector<float> ByteReader::floats() {
  const size_t n = count(4);
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) {
    const uint32_t bits = u32();
    std::memcpy(&v[i], &bits, sizeof bits);
  }
  return v;
}

std::vector<double> ByteReader::doubles() {
  const size_t n = count(8);
  std::vector<double> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = f64();
  return v;
}

void ByteReader::expectEnd() const {
  if (!atEnd())
    throw ConfigError(what_ + ": " + std::to_string(remaining()) + " unexpected byte(s) after offset " +
                      std::to_string(pos_));
}

}  // namespace gs
