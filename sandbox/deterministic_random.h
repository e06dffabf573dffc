// Copyright 2026 The orderdesk-mcp Authors.
//
// A small pseudo-random generator whose output depends only on its seed,
// on every platform and standard library (std::*_distribution do not
// guarantee that), so the same --seed always produces the same data.
// xoshiro256** seeded through splitmix64.
//
// Thread-safety: none; one instance per thread or per generation job.

#ifndef ODMCP_SANDBOX_DETERMINISTIC_RANDOM_H_
#define ODMCP_SANDBOX_DETERMINISTIC_RANDOM_H_

#include <array>
#include <cstdint>

namespace odmcp::sandbox {

class DeterministicRandom {
 public:
  explicit DeterministicRandom(uint64_t seed) {
    for (uint64_t& word : state_) word = SplitMix64(&seed);
  }

  uint64_t Next() {
    const uint64_t result = RotateLeft(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = RotateLeft(state_[3], 45);
    return result;
  }

  // Uniform in [0, bound); bound must be > 0. Rejection sampling keeps it
  // unbiased.
  uint64_t Below(uint64_t bound) {
    const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    uint64_t value = Next();
    while (value >= limit) value = Next();
    return value % bound;
  }

  // Uniform in [low, high].
  int64_t Between(int64_t low, int64_t high) {
    return low + static_cast<int64_t>(Below(static_cast<uint64_t>(high - low) + 1));
  }

  // Uniform in [0, 1).
  double Fraction() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  // True with probability `p`.
  bool Chance(double p) { return Fraction() < p; }

  // Mixes two values into a seed for a derived generator.
  static uint64_t Derive(uint64_t seed, uint64_t stream) {
    uint64_t state = seed ^ (stream * 0x9E3779B97F4A7C15ULL);
    return SplitMix64(&state);
  }

 private:
  static uint64_t RotateLeft(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  static uint64_t SplitMix64(uint64_t* state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  std::array<uint64_t, 4> state_{};
};

}  // namespace odmcp::sandbox

#endif  // ODMCP_SANDBOX_DETERMINISTIC_RANDOM_H_
