/* Helpers shared by the C test programs (test code only: no protocol logic). */
#ifndef WECHATPAY_TEST_COMMON_H
#define WECHATPAY_TEST_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "wechatpay.h"

/* Reads a whole file; NULL on error. The buffer is NUL-terminated; free() it. */
static inline char *slurp(const char *path, size_t *len_out) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, len = 0;
  char *buf = malloc(cap + 1);
  size_t n;
  while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
    len += n;
    if (len == cap) {
      char *bigger = realloc(buf, cap * 2 + 1);
      if (!bigger) { free(buf); buf = NULL; break; }
      buf = bigger;
      cap *= 2;
    }
  }
  fclose(f);
  if (!buf) return NULL;
  buf[len] = 0;
  if (len_out) *len_out = len;
  return buf;
}

/* Strict standard base64 (RFC 4648 section 4, padding required). NULL when malformed; free() it. */
static inline uint8_t *b64decode(const char *text, size_t *len_out) {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t n = strlen(text);
  if (n % 4 != 0) return NULL;
  uint8_t *out = malloc(n / 4 * 3 + 1);
  if (!out) return NULL;
  size_t o = 0;
  for (size_t i = 0; i < n; i += 4) {
    int v[4];
    int pad = 0;
    for (int j = 0; j < 4; j++) {
      char c = text[i + j];
      if (c == '=' && i + 4 == n && j >= 2) { v[j] = 0; pad++; continue; }
      if (pad || c == 0) { free(out); return NULL; }
      const char *p = strchr(alphabet, c);
      if (!p) { free(out); return NULL; }
      v[j] = (int)(p - alphabet);
    }
    if (pad == 1 && text[i + 3] != '=') { free(out); return NULL; }
    if (pad == 2 && text[i + 2] != '=') { free(out); return NULL; }
    uint32_t triple = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 | (uint32_t)v[3];
    out[o++] = (uint8_t)(triple >> 16);
    if (pad < 2) out[o++] = (uint8_t)(triple >> 8);
    if (pad < 1) out[o++] = (uint8_t)triple;
    /* canonical: the unused bits of the last symbol must be zero */
    if (pad == 1 && (v[2] & 3)) { free(out); return NULL; }
    if (pad == 2 && (v[1] & 15)) { free(out); return NULL; }
  }
  *len_out = o;
  return out;
}

/* YYYY-MM-DDTHH:MM:SSZ to Unix seconds; returns 0 on success. */
static inline int rfc3339(const char *t, int64_t *out) {
  if (strlen(t) != 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t[19] != 'Z')
    return -1;
  for (int i = 0; i < 19; i++)
    if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 && (t[i] < '0' || t[i] > '9')) return -1;
  int64_t y = 0, m = 0, d = 0, hh = 0, mm = 0, ss = 0;
  for (int i = 0; i < 4; i++) y = y * 10 + (t[i] - '0');
  m = (t[5] - '0') * 10 + (t[6] - '0');
  d = (t[8] - '0') * 10 + (t[9] - '0');
  hh = (t[11] - '0') * 10 + (t[12] - '0');
  mm = (t[14] - '0') * 10 + (t[15] - '0');
  ss = (t[17] - '0') * 10 + (t[18] - '0');
  if (m <= 2) { y -= 1; m += 9; } else { m -= 3; }
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * m + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  *out = (era * 146097 + doe - 719468) * 86400 + hh * 3600 + mm * 60 + ss;
  return 0;
}

/* Decimal i64 as Rust's str::parse accepts it (optional sign, digits only). */
static inline int parse_i64(const char *text, int64_t *out) {
  if (!*text) return -1;
  char *end = NULL;
  const char *p = text;
  if (*p == '+' || *p == '-') p++;
  if (!*p) return -1;
  for (const char *q = p; *q; q++)
    if (*q < '0' || *q > '9') return -1;
  errno = 0;
  long long v = strtoll(text, &end, 10);
  if (errno || *end) return -1;
  *out = v;
  return 0;
}

#endif
