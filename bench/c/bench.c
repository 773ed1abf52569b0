/* C harness: libwechatpay against what a C merchant writes today with OpenSSL's EVP API (+ cJSON),
 * in one process, alternating A B A B per round. One JSON line per row (see bench/node/bench.js).
 *   BENCH_FIXTURES=fixtures.json BENCH_ROUNDS=5 BENCH_SAMPLE_MS=300 bench-c
 * Every contestant is checked on the fixture before it is timed; a failure is reported as a reason. */
#include <cjson/cJSON.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <wechatpay.h>

static int rounds = 5, slices = 6;
static double sample_ms = 300;
static const char *only;
static cJSON *fx;
static int64_t fx_now;

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef int (*op_fn)(void *arg); /* 0 = success */
typedef struct {
  const char *name;
  op_fn fn;
  void *arg;
  const char *reason;
  long batch;
  double values[64];
} contestant;

static int wanted(const char *op) {
  if (!only || !*only) return 1;
  size_t n = strcspn(op, ":");
  const char *p = only;
  while (*p) {
    size_t m = strcspn(p, ",");
    if (m == n && strncmp(p, op, n) == 0) return 1;
    p += m + (p[m] == ',');
  }
  return 0;
}

static double sample(contestant *c, double ms) {
  double t0 = now_s(), end = t0 + ms / 1000, t;
  long n = 0;
  do {
    for (long i = 0; i < c->batch; i++) c->fn(c->arg);
    n += c->batch;
    t = now_s();
  } while (t < end);
  return (double)n / (t - t0);
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void print_str(const char *s) {
  putchar('"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') putchar('\\');
    putchar(*s);
  }
  putchar('"');
}

/* cs[0] is ours. */
static void pair(const char *op, contestant *cs, int n, long bytes) {
  if (!wanted(op)) return;
  static char reasons[8][256];
  for (int i = 0; i < n; i++) {
    if (cs[i].reason) continue;
    int failed = 0;
    for (int w = 0; w < 3; w++) failed |= cs[i].fn(cs[i].arg);
    if (failed) {
      snprintf(reasons[i], sizeof reasons[i], "failed on the fixture: %s", wechatpay_last_error_message());
      cs[i].reason = reasons[i];
      continue;
    }
    double t0 = now_s();
    cs[i].fn(cs[i].arg);
    double dt = now_s() - t0;
    long b = (long)(1e-3 / (dt > 1e-9 ? dt : 1e-9));
    cs[i].batch = b < 1 ? 1 : b > 10000 ? 10000 : b;
    sample(&cs[i], sample_ms / 3);
  }
  /* each round: sample_ms per contestant in `slices` slices taken in turn (A B, B A, ...), median slice */
  for (int r = 0; r < rounds && r < 64; r++) {
    double sl[8][64];
    for (int s = 0; s < slices; s++) {
      for (int k = 0; k < n; k++) {
        int i = (r * slices + s) % 2 ? n - 1 - k : k;
        if (!cs[i].reason) sl[i][s] = sample(&cs[i], sample_ms / slices);
      }
    }
    for (int i = 0; i < n; i++) {
      if (cs[i].reason) continue;
      qsort(sl[i], (size_t)slices, sizeof(double), cmp);
      cs[i].values[r] = slices % 2 ? sl[i][slices / 2] : (sl[i][slices / 2 - 1] + sl[i][slices / 2]) / 2;
    }
  }
  printf("{\"runtime\":\"c\",\"op\":\"%s\",\"ours\":", op);
  print_str(cs[0].name);
  printf(",\"peers\":[");
  for (int i = 1; i < n; i++) {
    if (i > 1) putchar(',');
    print_str(cs[i].name);
  }
  printf("],\"rounds\":{");
  int first = 1;
  for (int i = 0; i < n; i++) {
    if (cs[i].reason) continue;
    if (!first) putchar(',');
    first = 0;
    print_str(cs[i].name);
    putchar(':');
    putchar('[');
    for (int r = 0; r < rounds && r < 64; r++) printf("%s%.3f", r ? "," : "", cs[i].values[r]);
    putchar(']');
  }
  printf("},\"reasons\":{");
  first = 1;
  for (int i = 0; i < n; i++) {
    if (!cs[i].reason) continue;
    if (!first) putchar(',');
    first = 0;
    print_str(cs[i].name);
    putchar(':');
    print_str(cs[i].reason);
  }
  printf("}");
  if (bytes) printf(",\"bytes\":%ld", bytes);
  printf("}\n");
  fflush(stdout);
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
    fclose(f);
    free(buf);
    return NULL;
  }
  buf[n] = 0;
  fclose(f);
  if (len) *len = (size_t)n;
  return buf;
}

static const char *js(const cJSON *o, const char *k) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsString(v) ? v->valuestring : "";
}

/* ---- shared state ------------------------------------------------------------------------ */
static char *key_pem, *platform_pem, *mchid, *appid, *merchant_serial, *platform_serial, *apiv3_text, *prepay_id;
static wechatpay_private_key *key;
static wechatpay_signer *signer;
static wechatpay_trust_store *store;
static wechatpay_verifier *verifier;
static wechatpay_callback_parser *parser;
static wechatpay_apiv3_key *apiv3;
static wechatpay_sensitive_encryptor *encryptor;
static wechatpay_sensitive_decryptor *decryptor;
static EVP_PKEY *ossl_key, *ossl_platform;
static const char *req_method, *req_url, *req_body, *oaep_plain, *oaep_ct;

typedef struct {
  const char *names[8], *values[8];
  size_t name_lens[8], value_lens[8], count;
  const char *body;
  size_t body_len;
  long plaintext_bytes;
} message;

static void load_message(message *m, const cJSON *obj) {
  const cJSON *h = cJSON_GetObjectItemCaseSensitive(obj, "headers"), *it;
  m->count = 0;
  cJSON_ArrayForEach(it, h) {
    if (m->count == 8) break;
    m->names[m->count] = it->string;
    m->name_lens[m->count] = strlen(it->string);
    m->values[m->count] = it->valuestring;
    m->value_lens[m->count] = strlen(it->valuestring);
    m->count++;
  }
  m->body = js(obj, "body");
  m->body_len = strlen(m->body);
  const cJSON *pb = cJSON_GetObjectItemCaseSensitive(obj, "plaintext_bytes");
  m->plaintext_bytes = cJSON_IsNumber(pb) ? (long)pb->valuedouble : 0;
}

static const char *header(const message *m, const char *name) {
  for (size_t i = 0; i < m->count; i++)
    if (strcasecmp(m->names[i], name) == 0) return m->values[i];
  return NULL;
}

/* ---- the OpenSSL recipes (a C merchant's code) -------------------------------------------- */
static int b64_encode(const unsigned char *in, int len, char *out) { return EVP_EncodeBlock((unsigned char *)out, in, len); }

static int b64_decode(const char *in, unsigned char *out, int *out_len) {
  int len = (int)strlen(in), n = EVP_DecodeBlock(out, (const unsigned char *)in, len);
  if (n < 0) return -1;
  while (len > 0 && in[len - 1] == '=') len--, n--;
  *out_len = n;
  return 0;
}

static void nonce32(char *out) {
  static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  unsigned char r[32];
  RAND_bytes(r, sizeof r);
  for (int i = 0; i < 32; i++) out[i] = alphabet[r[i] % 62];
  out[32] = 0;
}

static int ossl_sign(const char *msg, size_t len, char *b64) {
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  unsigned char sig[512];
  size_t sig_len = sizeof sig;
  int ok = ctx && EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, ossl_key) == 1 &&
           EVP_DigestSign(ctx, sig, &sig_len, (const unsigned char *)msg, len) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok) return -1;
  b64_encode(sig, (int)sig_len, b64);
  return 0;
}

static int ossl_verify_msg(const message *m, const char *body, size_t body_len) {
  const char *ts = header(m, "Wechatpay-Timestamp"), *nonce = header(m, "Wechatpay-Nonce"),
             *serial = header(m, "Wechatpay-Serial"), *sig = header(m, "Wechatpay-Signature");
  if (!ts || !nonce || !serial || !sig) return -1;
  long long t = atoll(ts);
  if (t - fx_now > 300 || fx_now - t > 300) return -1;
  if (strcmp(serial, platform_serial) != 0) return -1;
  size_t tl = strlen(ts), nl = strlen(nonce), len = tl + nl + body_len + 3;
  char *msg = malloc(len + 1);
  if (!msg) return -1;
  memcpy(msg, ts, tl);
  msg[tl] = '\n';
  memcpy(msg + tl + 1, nonce, nl);
  msg[tl + 1 + nl] = '\n';
  memcpy(msg + tl + nl + 2, body, body_len);
  msg[len - 1] = '\n';
  unsigned char raw[512];
  int raw_len = 0, ok = strlen(sig) < 700 && b64_decode(sig, raw, &raw_len) == 0;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  ok = ok && ctx && EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, ossl_platform) == 1 &&
       EVP_DigestVerify(ctx, raw, (size_t)raw_len, (const unsigned char *)msg, len) == 1;
  EVP_MD_CTX_free(ctx);
  free(msg);
  return ok ? 0 : -1;
}

static int ossl_gcm(const char *nonce, const char *aad, const char *ct_b64, unsigned char **plain, int *plain_len) {
  size_t b64_len = strlen(ct_b64);
  unsigned char *ct = malloc(b64_len);
  int ct_len = 0, n = 0, fin = 0;
  if (!ct || b64_decode(ct_b64, ct, &ct_len) != 0 || ct_len < 16 || strlen(nonce) != 12) {
    free(ct);
    return -1;
  }
  unsigned char *out = malloc((size_t)ct_len + 1);
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
  int ok = out && ctx && EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, (const unsigned char *)apiv3_text, (const unsigned char *)nonce) == 1 &&
           EVP_DecryptUpdate(ctx, NULL, &n, (const unsigned char *)aad, (int)strlen(aad)) == 1 &&
           EVP_DecryptUpdate(ctx, out, &n, ct, ct_len - 16) == 1 &&
           EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, ct + ct_len - 16) == 1 && EVP_DecryptFinal_ex(ctx, out + n, &fin) == 1;
  EVP_CIPHER_CTX_free(ctx);
  free(ct);
  if (!ok) {
    free(out);
    return -1;
  }
  out[n + fin] = 0;
  *plain = out;
  *plain_len = n + fin;
  return 0;
}

/* ---- contestants ---------------------------------------------------------------------------- */
static int ours_sign(void *arg) {
  (void)arg;
  wechatpay_signed_request *r = NULL;
  char *auth = NULL;
  int rc = wechatpay_signer_sign(signer, req_method, strlen(req_method), req_url, strlen(req_url), req_body, strlen(req_body), &r) ||
           wechatpay_signed_request_text(r, WECHATPAY_SIGNED_FIELD_AUTHORIZATION, &auth);
  wechatpay_string_free(auth);
  wechatpay_signed_request_free(r);
  return rc;
}

static int ossl_sign_request(void *arg) {
  (void)arg;
  char nonce[33], sig[400], auth[800];
  nonce32(nonce);
  long long ts = (long long)time(NULL);
  size_t len = strlen(req_method) + strlen(req_url) + strlen(req_body) + 64;
  char *msg = malloc(len);
  if (!msg) return -1;
  int n = snprintf(msg, len, "%s\n%s\n%lld\n%s\n%s\n", req_method, req_url, ts, nonce, req_body);
  int rc = ossl_sign(msg, (size_t)n, sig);
  free(msg);
  snprintf(auth, sizeof auth, "WECHATPAY2-SHA256-RSA2048 mchid=\"%s\",nonce_str=\"%s\",signature=\"%s\",timestamp=\"%lld\",serial_no=\"%s\"",
           mchid, nonce, sig, ts, merchant_serial);
  return rc;
}

static message resp;
static int ours_verify(void *arg) {
  message *m = arg;
  wechatpay_headers *h = NULL;
  int rc = wechatpay_headers_from_pairs(m->names, m->name_lens, m->values, m->value_lens, m->count, &h) ||
           wechatpay_verifier_verify_at(verifier, h, m->body, m->body_len, fx_now);
  wechatpay_headers_free(h);
  return rc;
}
static int ossl_verify(void *arg) {
  message *m = arg;
  return ossl_verify_msg(m, m->body, m->body_len);
}

static int ours_callback(void *arg) {
  message *m = arg;
  wechatpay_callback_event *ev = NULL;
  uint8_t *plain = NULL;
  size_t plain_len = 0;
  int rc = wechatpay_callback_parser_parse_at(parser, m->names, m->name_lens, m->values, m->value_lens, m->count, m->body, m->body_len,
                                              fx_now, &ev) ||
           wechatpay_callback_event_field(ev, WECHATPAY_EVENT_FIELD_PLAINTEXT, &plain, &plain_len);
  cJSON *doc = rc ? NULL : cJSON_ParseWithLength((const char *)plain, plain_len);
  if (!rc && !doc) rc = -1;
  cJSON_Delete(doc);
  wechatpay_bytes_free(plain, plain_len);
  wechatpay_callback_event_free(ev);
  return rc;
}
static int ossl_callback(void *arg) {
  message *m = arg;
  if (ossl_verify_msg(m, m->body, m->body_len) != 0) return -1;
  cJSON *body = cJSON_ParseWithLength(m->body, m->body_len);
  const cJSON *res = cJSON_GetObjectItemCaseSensitive(body, "resource");
  unsigned char *plain = NULL;
  int plain_len = 0, rc = -1;
  if (res && strcmp(js(res, "algorithm"), "AEAD_AES_256_GCM") == 0 &&
      ossl_gcm(js(res, "nonce"), js(res, "associated_data"), js(res, "ciphertext"), &plain, &plain_len) == 0) {
    cJSON *doc = cJSON_ParseWithLength((const char *)plain, (size_t)plain_len);
    rc = doc ? 0 : -1;
    cJSON_Delete(doc);
  }
  free(plain);
  cJSON_Delete(body);
  return rc;
}

static int ours_jsapi(void *arg) {
  (void)arg;
  char *json = NULL;
  int rc = wechatpay_pay_params_v3(key, WECHATPAY_PAY_KIND_JSAPI, appid, strlen(appid), NULL, 0, prepay_id, strlen(prepay_id), 0, NULL, 0, &json);
  wechatpay_string_free(json);
  return rc;
}
static int ossl_jsapi(void *arg) {
  (void)arg;
  char nonce[33], msg[512], sig[400], json[1024];
  nonce32(nonce);
  long long ts = (long long)time(NULL);
  int n = snprintf(msg, sizeof msg, "%s\n%lld\n%s\nprepay_id=%s\n", appid, ts, nonce, prepay_id);
  int rc = ossl_sign(msg, (size_t)n, sig);
  snprintf(json, sizeof json,
           "{\"appId\":\"%s\",\"timeStamp\":\"%lld\",\"nonceStr\":\"%s\",\"package\":\"prepay_id=%s\",\"signType\":\"RSA\",\"paySign\":\"%s\"}", appid,
           ts, nonce, prepay_id, sig);
  return rc;
}

static int ours_oaep_enc(void *arg) {
  (void)arg;
  char *ct = NULL;
  int rc = wechatpay_sensitive_encryptor_encrypt(encryptor, oaep_plain, strlen(oaep_plain), &ct);
  wechatpay_string_free(ct);
  return rc;
}
static int ossl_oaep_enc(void *arg) {
  (void)arg;
  unsigned char out[512];
  char b64[700];
  size_t out_len = sizeof out;
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(ossl_platform, NULL);
  int ok = ctx && EVP_PKEY_encrypt_init(ctx) == 1 && EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) == 1 &&
           EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha1()) == 1 &&
           EVP_PKEY_encrypt(ctx, out, &out_len, (const unsigned char *)oaep_plain, strlen(oaep_plain)) == 1;
  EVP_PKEY_CTX_free(ctx);
  if (ok) b64_encode(out, (int)out_len, b64);
  return ok ? 0 : -1;
}
static int ours_oaep_dec(void *arg) {
  (void)arg;
  uint8_t *plain = NULL;
  size_t len = 0;
  int rc = wechatpay_sensitive_decryptor_decrypt(decryptor, oaep_ct, strlen(oaep_ct), &plain, &len);
  wechatpay_bytes_free(plain, len);
  return rc;
}
static int ossl_oaep_dec(void *arg) {
  (void)arg;
  unsigned char raw[512], out[512];
  int raw_len = 0;
  size_t out_len = sizeof out;
  if (b64_decode(oaep_ct, raw, &raw_len) != 0) return -1;
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(ossl_key, NULL);
  int ok = ctx && EVP_PKEY_decrypt_init(ctx) == 1 && EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) == 1 &&
           EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha1()) == 1 && EVP_PKEY_decrypt(ctx, out, &out_len, raw, (size_t)raw_len) == 1;
  EVP_PKEY_CTX_free(ctx);
  return ok ? 0 : -1;
}

typedef struct {
  const char *nonce, *aad, *ct;
} gcm_case;
static int ours_gcm(void *arg) {
  gcm_case *g = arg;
  uint8_t *plain = NULL;
  size_t len = 0;
  int rc = wechatpay_resource_decrypt(apiv3, g->nonce, strlen(g->nonce), g->aad, strlen(g->aad), g->ct, strlen(g->ct), &plain, &len);
  wechatpay_bytes_free(plain, len);
  return rc;
}
static int ossl_gcm_case(void *arg) {
  gcm_case *g = arg;
  unsigned char *plain = NULL;
  int len = 0, rc = ossl_gcm(g->nonce, g->aad, g->ct, &plain, &len);
  free(plain);
  return rc;
}

static int ours_key_load(void *arg) {
  (void)arg;
  wechatpay_private_key *k = NULL;
  int rc = wechatpay_private_key_from_pem(key_pem, strlen(key_pem), &k);
  wechatpay_private_key_free(k);
  return rc;
}
static int ossl_key_load(void *arg) {
  (void)arg;
  BIO *bio = BIO_new_mem_buf(key_pem, -1);
  EVP_PKEY *k = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
  BIO_free(bio);
  int rc = k ? 0 : -1;
  EVP_PKEY_free(k);
  return rc;
}

#define PAIR(op, bytes, OURS, OURS_NAME, PEER, ARG)                                                    \
  do {                                                                                                  \
    contestant cs[2] = {{OURS_NAME, OURS, ARG, NULL, 1, {0}}, {peer_name, PEER, ARG, NULL, 1, {0}}}; \
    pair(op, cs, 2, bytes);                                                                             \
  } while (0)

int main(void) {
  const char *e;
  if ((e = getenv("BENCH_ROUNDS"))) rounds = atoi(e);
  if ((e = getenv("BENCH_SAMPLE_MS"))) sample_ms = atof(e);
  if ((e = getenv("BENCH_SLICES"))) slices = atoi(e) < 1 ? 1 : atoi(e) > 64 ? 64 : atoi(e);
  only = getenv("BENCH_ONLY");
  char *text = read_file(getenv("BENCH_FIXTURES") ? getenv("BENCH_FIXTURES") : "fixtures.json", NULL);
  if (!text || !(fx = cJSON_Parse(text))) {
    fprintf(stderr, "cannot read BENCH_FIXTURES\n");
    return 1;
  }
  fx_now = (int64_t)cJSON_GetObjectItemCaseSensitive(fx, "now")->valuedouble;
  char path[4096];
  const char *keys = js(fx, "keys");
  snprintf(path, sizeof path, "%s/apiclient_key.pem", keys);
  key_pem = read_file(path, NULL);
  snprintf(path, sizeof path, "%s/platform_cert.pem", keys);
  platform_pem = read_file(path, NULL);
  if (!key_pem || !platform_pem) {
    fprintf(stderr, "cannot read the keys in %s\n", keys);
    return 1;
  }
  mchid = (char *)js(fx, "mchid");
  appid = (char *)js(fx, "appid");
  merchant_serial = (char *)js(fx, "merchant_serial");
  platform_serial = (char *)js(fx, "platform_serial");
  apiv3_text = (char *)js(fx, "apiv3_key");
  prepay_id = (char *)js(fx, "prepay_id");
  const cJSON *req = cJSON_GetObjectItemCaseSensitive(fx, "request"), *oaep = cJSON_GetObjectItemCaseSensitive(fx, "oaep");
  req_method = js(req, "method");
  req_url = js(req, "url");
  req_body = js(req, "body");
  oaep_plain = js(oaep, "plaintext");
  oaep_ct = js(oaep, "ciphertext_to_merchant");

  wechatpay_certificate *cert = NULL;
  if (wechatpay_private_key_from_pem(key_pem, strlen(key_pem), &key) ||
      wechatpay_signer_new(mchid, strlen(mchid), merchant_serial, strlen(merchant_serial), key, &signer) ||
      wechatpay_certificate_from_pem(platform_pem, strlen(platform_pem), &cert) || wechatpay_trust_store_new(&store) ||
      wechatpay_trust_store_add_certificate(store, cert) || wechatpay_verifier_new(store, 300, &verifier) ||
      wechatpay_apiv3_key_new(apiv3_text, strlen(apiv3_text), &apiv3) || wechatpay_callback_parser_new(verifier, apiv3, &parser) ||
      wechatpay_sensitive_encryptor_from_certificate(cert, &encryptor) || wechatpay_sensitive_decryptor_new(key, &decryptor)) {
    fprintf(stderr, "setup failed: %s\n", wechatpay_last_error_message());
    return 1;
  }
  BIO *bio = BIO_new_mem_buf(key_pem, -1);
  ossl_key = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
  BIO_free(bio);
  bio = BIO_new_mem_buf(platform_pem, -1);
  X509 *x509 = PEM_read_bio_X509(bio, NULL, NULL, NULL);
  BIO_free(bio);
  ossl_platform = x509 ? X509_get_pubkey(x509) : NULL;
  if (!ossl_key || !ossl_platform) {
    fprintf(stderr, "OpenSSL could not load the keys\n");
    return 1;
  }
  char peer_name[128];
  snprintf(peer_name, sizeof peer_name, "OpenSSL EVP + cJSON (%s)", OpenSSL_version(OPENSSL_VERSION));

  PAIR("sign", 0, ours_sign, "libwechatpay wechatpay_signer_sign", ossl_sign_request, NULL);
  load_message(&resp, cJSON_GetObjectItemCaseSensitive(fx, "response"));
  PAIR("verify", 0, ours_verify, "libwechatpay wechatpay_verifier_verify_at", ossl_verify, &resp);
  const cJSON *cbs = cJSON_GetObjectItemCaseSensitive(fx, "callbacks");
  static message cb[8];
  load_message(&cb[0], cJSON_GetObjectItemCaseSensitive(cbs, "typical"));
  PAIR("callback", cb[0].plaintext_bytes, ours_callback, "libwechatpay wechatpay_callback_parser_parse_at + cJSON", ossl_callback, &cb[0]);
  PAIR("jsapi", 0, ours_jsapi, "libwechatpay wechatpay_pay_params_v3", ossl_jsapi, NULL);
  PAIR("oaep_encrypt", 0, ours_oaep_enc, "libwechatpay wechatpay_sensitive_encryptor_encrypt", ossl_oaep_enc, NULL);
  PAIR("oaep_decrypt", 0, ours_oaep_dec, "libwechatpay wechatpay_sensitive_decryptor_decrypt", ossl_oaep_dec, NULL);
  const cJSON *gcm = cJSON_GetObjectItemCaseSensitive(fx, "gcm"), *g;
  static gcm_case gc[4];
  int gi = 0;
  cJSON_ArrayForEach(g, gcm) {
    if (gi == 4) break;
    gc[gi] = (gcm_case){js(g, "nonce"), js(g, "associated_data"), js(g, "ciphertext")};
    char op[64];
    snprintf(op, sizeof op, "gcm_decrypt:%s", g->string);
    PAIR(op, atol(g->string), ours_gcm, "libwechatpay wechatpay_resource_decrypt", ossl_gcm_case, &gc[gi]);
    gi++;
  }
  PAIR("key_load", 0, ours_key_load, "libwechatpay wechatpay_private_key_from_pem", ossl_key_load, NULL);
  const cJSON *c;
  int ci = 1;
  cJSON_ArrayForEach(c, cbs) {
    if (strcmp(c->string, "typical") == 0 || ci == 8) continue;
    load_message(&cb[ci], c);
    char op[64];
    snprintf(op, sizeof op, "callback_scale:%s", c->string);
    PAIR(op, cb[ci].plaintext_bytes, ours_callback, "libwechatpay wechatpay_callback_parser_parse_at + cJSON", ossl_callback, &cb[ci]);
    ci++;
  }
  return 0;
}
