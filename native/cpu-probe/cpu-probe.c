// Runs one instruction-set test named on the command line and exits 0 when it ran. A CPU (or a
// virtual machine) that does not allow the instructions ends the process with SIGILL instead,
// which the caller (native/probe-cpu-features.mjs) reads as "not usable here", whatever
// /proc/cpuinfo lists. Each test lives in a function compiled for its own target, so main() and
// the others use only the baseline x86-64 instructions.
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

// KEEP(v) makes the compiler treat v as changed by an instruction it cannot see, so that it cannot
// fold a test's vector arithmetic into scalar code (as GCC -O1 did with the AVX2 test: it returned
// 2 * input_int == 6 without one AVX2 instruction, and passed on a CPU without AVX2).
#define KEEP(v) __asm__ volatile("" : "+v"(v))

static volatile float input_float = 1.5f;
static volatile int input_int = 3;

__attribute__((target("sse4.2"))) static int test_sse42(void) {
  return (int)_mm_crc32_u32((unsigned)input_int, 7u) != 0;
}

__attribute__((target("avx"))) static int test_avx(void) {
  __m256 v = _mm256_set1_ps(input_float);
  KEEP(v);
  v = _mm256_add_ps(v, v);
  KEEP(v);
  float out[8];
  _mm256_storeu_ps(out, v);
  return out[7] == 3.0f;
}

__attribute__((target("avx2"))) static int test_avx2(void) {
  __m256i v = _mm256_set1_epi32(input_int);
  KEEP(v);
  v = _mm256_add_epi32(v, v);
  KEEP(v);
  return _mm256_extract_epi32(v, 5) == 6;
}

__attribute__((target("bmi2"))) static int test_bmi2(void) {
  return _pdep_u32((unsigned)input_int, 0xF0u) == 0x30u;
}

__attribute__((target("avx,fma"))) static int test_fma(void) {
  __m256 v = _mm256_set1_ps(input_float);
  KEEP(v);
  v = _mm256_fmadd_ps(v, v, v);
  KEEP(v);
  float out[8];
  _mm256_storeu_ps(out, v);
  return out[0] == 3.75f;
}

__attribute__((target("avx,f16c"))) static int test_f16c(void) {
  __m128i half = _mm_set1_epi16(0x3C00);  // 1.0 in IEEE half
  __m256 v = _mm256_cvtph_ps(half);
  float out[8];
  _mm256_storeu_ps(out, v);
  return out[3] == 1.0f;
}

__attribute__((target("avx2,avxvnni"))) static int test_avx_vnni(void) {
  __m256i accumulator = _mm256_setzero_si256();
  __m256i bytes = _mm256_set1_epi8((char)input_int);
  accumulator = _mm256_dpbusd_avx_epi32(accumulator, bytes, bytes);
  return _mm256_extract_epi32(accumulator, 0) == 36;
}

__attribute__((target("avx512f,avx512cd,avx512vl,avx512dq,avx512bw"))) static int test_avx512(void) {
  __m512 v = _mm512_set1_ps(input_float);
  KEEP(v);
  v = _mm512_add_ps(v, v);
  KEEP(v);
  __m512i words = _mm512_set1_epi16((short)input_int);
  KEEP(words);
  words = _mm512_add_epi16(words, words);  // BW
  KEEP(words);
  __m512i repeated = _mm512_set1_epi32(input_int);
  KEEP(repeated);
  __m512i conflicts = _mm512_conflict_epi32(repeated);  // CD
  KEEP(conflicts);
  __m512d two = _mm512_set1_pd(2.0);
  KEEP(two);
  __m512d doubles = _mm512_and_pd(two, two);  // DQ
  KEEP(doubles);
  __m256 one = _mm256_set1_ps(1.0f);
  KEEP(one);
  __m256 narrow = _mm256_maskz_add_ps(0xFF, one, one);  // VL
  KEEP(narrow);
  float out[16];
  _mm512_storeu_ps(out, v);
  short out_words[32];
  _mm512_storeu_si512(out_words, words);
  int out_conflicts[16];
  _mm512_storeu_si512(out_conflicts, conflicts);
  double out_doubles[8];
  _mm512_storeu_pd(out_doubles, doubles);
  float out_narrow[8];
  _mm256_storeu_ps(out_narrow, narrow);
  return out[15] == 3.0f && out_words[31] == 6 && out_conflicts[1] == 1 && out_doubles[0] == 2.0 &&
         out_narrow[7] == 2.0f;
}

__attribute__((target("avx512f,avx512bw,avx512vbmi"))) static int test_avx512_vbmi(void) {
  __m512i bytes = _mm512_set1_epi8((char)input_int);
  __m512i permuted = _mm512_permutexvar_epi8(_mm512_setzero_si512(), bytes);
  char out[64];
  _mm512_storeu_si512(out, permuted);
  return out[63] == 3;
}

__attribute__((target("avx512f,avx512vnni"))) static int test_avx512_vnni(void) {
  __m512i bytes = _mm512_set1_epi8((char)input_int);
  __m512i accumulator = _mm512_dpbusd_epi32(_mm512_setzero_si512(), bytes, bytes);
  int out[16];
  _mm512_storeu_si512(out, accumulator);
  return out[15] == 36;
}

__attribute__((target("avx512f,avx512bf16"))) static int test_avx512_bf16(void) {
  __m512 v = _mm512_set1_ps(input_float);
  __m512bh packed = _mm512_cvtne2ps_pbh(v, v);
  __m512 sum = _mm512_dpbf16_ps(_mm512_setzero_ps(), packed, packed);
  float out[16];
  _mm512_storeu_ps(out, sum);
  return out[0] == 4.5f;
}

// Linux keeps AMX tile data off until a process asks for it (ARCH_REQ_XCOMP_PERM); a hypervisor
// can still trap the instructions after the kernel said yes, so the tests also run them.
#define ARCH_REQ_XCOMP_PERM 0x1023
#define XFEATURE_XTILEDATA 18

static int request_tile_permission(void) {
  return syscall(SYS_arch_prctl, ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA) == 0;
}

struct tile_config {
  uint8_t palette_id;
  uint8_t start_row;
  uint8_t reserved[14];
  uint16_t column_bytes[16];
  uint8_t rows[16];
};

static void configure_tiles(struct tile_config *config) {
  memset(config, 0, sizeof *config);
  config->palette_id = 1;
  for (int tile = 0; tile < 3; tile++) {
    config->rows[tile] = 16;
    config->column_bytes[tile] = 64;
  }
}

static int8_t tile_bytes[16 * 64] __attribute__((aligned(64)));
static int32_t tile_result[16 * 16] __attribute__((aligned(64)));

__attribute__((target("amx-tile"))) static int test_amx_tile(void) {
  if (!request_tile_permission()) return 0;
  struct tile_config config;
  configure_tiles(&config);
  memset(tile_bytes, input_int, sizeof tile_bytes);
  _tile_loadconfig(&config);
  _tile_loadd(1, tile_bytes, 64);
  _tile_zero(0);
  _tile_stored(0, tile_result, 64);
  _tile_release();
  return tile_result[0] == 0;
}

__attribute__((target("amx-tile,amx-int8"))) static int test_amx_int8(void) {
  if (!request_tile_permission()) return 0;
  struct tile_config config;
  configure_tiles(&config);
  memset(tile_bytes, input_int, sizeof tile_bytes);
  _tile_loadconfig(&config);
  _tile_zero(0);
  _tile_loadd(1, tile_bytes, 64);
  _tile_loadd(2, tile_bytes, 64);
  _tile_dpbssd(0, 1, 2);
  _tile_stored(0, tile_result, 64);
  _tile_release();
  return tile_result[0] == 64 * 9;
}

__attribute__((target("amx-tile,amx-bf16"))) static int test_amx_bf16(void) {
  if (!request_tile_permission()) return 0;
  struct tile_config config;
  configure_tiles(&config);
  memset(tile_bytes, 0, sizeof tile_bytes);
  _tile_loadconfig(&config);
  _tile_zero(0);
  _tile_loadd(1, tile_bytes, 64);
  _tile_loadd(2, tile_bytes, 64);
  _tile_dpbf16ps(0, 1, 2);
  _tile_stored(0, tile_result, 64);
  _tile_release();
  return tile_result[0] == 0;
}

static const struct {
  const char *name;
  int (*run)(void);
} tests[] = {
    {"sse42", test_sse42},         {"avx", test_avx},
    {"avx2", test_avx2},           {"bmi2", test_bmi2},
    {"fma", test_fma},             {"f16c", test_f16c},
    {"avx_vnni", test_avx_vnni},   {"avx512", test_avx512},
    {"avx512_vbmi", test_avx512_vbmi}, {"avx512_vnni", test_avx512_vnni},
    {"avx512_bf16", test_avx512_bf16}, {"amx_tile", test_amx_tile},
    {"amx_int8", test_amx_int8},   {"amx_bf16", test_amx_bf16},
};

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: cpu-probe TEST\n");
    return 2;
  }
  for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
    if (strcmp(argv[1], tests[i].name) == 0) {
      if (tests[i].run()) return 0;
      fprintf(stderr, "%s: ran but gave a wrong result or was refused\n", argv[1]);
      return 1;
    }
  }
  fprintf(stderr, "cpu-probe: unknown test %s\n", argv[1]);
  return 2;
}
