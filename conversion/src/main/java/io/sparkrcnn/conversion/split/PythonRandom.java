package io.sparkrcnn.conversion.split;

import java.util.Collections;
import java.util.List;

/**
 * CPython's {@code random.Random} core: MT19937 seeded as {@code random.seed(int)} and {@code shuffle}
 * as Python 3 does it, so that a list shuffled here is in the same order as the reference script's.
 *
 * <p>{@code java.util.Random} is a different generator; only this reproduces {@code random.seed(42);
 * random.shuffle(xs)}.
 */
public final class PythonRandom {
  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER_MASK = 0x80000000;
  private static final int LOWER_MASK = 0x7fffffff;

  private final int[] mt = new int[N];
  private int index = N + 1;

  /** Seeds as {@code random.seed(seed)} does for a non-negative int that fits in 32 bits. */
  public PythonRandom(long seed) {
    if (seed < 0 || seed > 0xffffffffL) {
      throw new IllegalArgumentException("seed must be in [0, 2^32): " + seed);
    }
    initByArray(new int[] {(int) seed});
  }

  private void initGenrand(int s) {
    mt[0] = s;
    for (int i = 1; i < N; i++) {
      mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }
    index = N;
  }

  private void initByArray(int[] key) {
    initGenrand(19650218);
    int i = 1;
    int j = 0;
    for (int k = Math.max(N, key.length); k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) {
        j = 0;
      }
    }
    for (int k = N - 1; k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = UPPER_MASK;
  }

  /** The next 32 random bits, as CPython's {@code genrand_uint32}. */
  int nextUint32() {
    if (index >= N) {
      int kk;
      for (kk = 0; kk < N - M; kk++) {
        int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) * MATRIX_A);
      }
      for (; kk < N - 1; kk++) {
        int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) * MATRIX_A);
      }
      int y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
      mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) * MATRIX_A);
      index = 0;
    }
    int y = mt[index++];
    y ^= (y >>> 11);
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= (y >>> 18);
    return y;
  }

  /** {@code random.getrandbits(k)} for 1 ≤ k ≤ 32. */
  long getrandbits(int k) {
    if (k < 1 || k > 32) {
      throw new IllegalArgumentException("k must be in [1, 32]: " + k);
    }
    return (nextUint32() & 0xffffffffL) >>> (32 - k);
  }

  /** {@code random._randbelow(n)} (the getrandbits variant): uniform in [0, n). */
  long randbelow(long n) {
    int k = 64 - Long.numberOfLeadingZeros(n);
    long r = getrandbits(k);
    while (r >= n) {
      r = getrandbits(k);
    }
    return r;
  }

  /** Shuffles in place exactly as Python 3's {@code random.shuffle(x)}. */
  public void shuffle(List<?> x) {
    for (int i = x.size() - 1; i > 0; i--) {
      int j = (int) randbelow(i + 1L);
      Collections.swap(x, i, j);
    }
  }
}
