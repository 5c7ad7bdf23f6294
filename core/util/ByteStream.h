// A small little-endian binary writer and a bounds-checked reader: the building blocks of
// saved trainer state and session files. The reader throws ConfigError instead of reading
// past the end, so a truncated or corrupt buffer can never crash a load.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gs {

class ByteWriter {
 public:
  void u8(uint8_t v);
  void u32(uint32_t v);
  void u64(uint64_t v);
  void i32(int32_t v) { u32(uint32_t(v)); }
  void i64(int64_t v) { u64(uint64_t(v)); }
  void f64(double v);
  void str(std::string_view s);  // u64 length, then the bytes
  // u64 count, then the values (IEEE bits, little endian).
  void floats(const float* p, size_t n);
  void doubles(const double* p, size_t n);

  const std::string& bytes() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class ByteReader {
 public:
  // `what` names the buffer in error messages ("trainer state", a file name...).
  explicit ByteReader(std::string_view data, std::string what = "data");

  uint8_t u8();
  uint32_t u32();
  uint64_t u64();
  int32_t i32() { return int32_t(u32()); }
  int64_t i64() { return int64_t(u64()); }
  double f64();
  bool boolean();  // a u8 that must be 0 or 1
  std::string str();
  std::vector<float> floats();
  std::vector<double> doubles();

  size_t offset() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }
  bool atEnd() const { return pos_ == data_.size(); }
  // Throws unless every byte was read (trailing bytes mean a layout mismatch).
  void expectEnd() const;
  const std::string& what() const { return what_; }

 private:
  const char* take(size_t n);
  size_t count(size_t elementSize);  // an element count that fits the remaining bytes

  std::string_view data_;
  std::string what_;
  size_t pos_ = 0;
};

}  // namespace gs
