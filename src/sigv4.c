/*
 * sigv4.c - AWS Signature Version 4 verification (see sigv4.h): the
 * Authorization and X-Amz-Date parsers, the canonical request, and the
 * HMAC-SHA256 key chain, with SHA-256 and HMAC from libcrypto.
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "cases/civil.h"
#include "cases/error.h"
#include "cases/sigv4.h"

#define ALGORITHM  "AWS4-HMAC-SHA256"
#define TERMINATOR "aws4_request"
#define KEY_PREFIX "CKIA"

/* Instants X-Amz-Date can name: years 0001..9999. */
#define TIME_MIN (-62135596800LL)
#define TIME_MAX 253402300799LL

#define MSG_MISSING "Missing Authentication Token"
#define MSG_MISMATCH                                                           \
	"The request signature we calculated does not match the signature "    \
	"you provided. Check your AWS Secret Access Key and signing method. "  \
	"Consult the service documentation for details."

static const char hexdig[] = "0123456789abcdef";

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alnum(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Characters of a region or a service name. */
static int
is_scope_char(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || c == '-';
}

/* RFC 9110 token characters, letters lowercase only. */
static int
is_lower_token(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z')
	       || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* Space, tab and the line breaks: what AWS's Trimall removes and
 * collapses (botocore uses Python's str.split()). */
static int
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v'
	       || c == '\f';
}

/* RFC 3986 unreserved characters: the only ones URI-encoding keeps. */
static int
is_unreserved(int c)
{
	return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* ASCII case-insensitive equality of a received name and a lowercase
 * one. */
static int
name_is(const char *name, const char *lname)
{
	while (*name && lower((unsigned char)*name) == *lname) {
		name++;
		lname++;
	}
	return *name == '\0' && *lname == '\0';
}

static int
hexval(int c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void
to_hex(const unsigned char *raw, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hexdig[raw[i] >> 4];
		out[2 * i + 1] = hexdig[raw[i] & 15];
	}
	out[2 * n] = '\0';
}

/* "YYYYMMDDTHHMMSSZ" of t (years 1..9999); buf holds 17 bytes. */
static void
amz_format(int64_t t, char *buf)
{
	int64_t days = t / 86400, secs = t % 86400, y;
	int m, d;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, 17, "%04d%02d%02dT%02d%02d%02dZ", (int)y, m, d,
		 (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}

/* Digits s[0..n) as a number; -1 unless all are digits. */
static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!is_digit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* YYYYMMDD, a real date: its day number in *days. */
static int
parse_ymd(const char *s, int64_t *days)
{
	int y = digits(s, 4), m = digits(s + 4, 2), d = digits(s + 6, 2);

	if (y < 0 || m < 0 || d < 0 || !civil_valid(y, m, d))
		return -1;
	*days = civil_days(y, m, d);
	return 0;
}

/* Exactly "YYYYMMDDTHHMMSSZ" (n bytes at s), a real UTC instant. */
static int
parse_amz_date(const char *s, size_t n, int64_t *t)
{
	int64_t days;
	int hh, mm, ss;

	if (n != 16 || s[8] != 'T' || s[15] != 'Z' || parse_ymd(s, &days))
		return -1;
	hh = digits(s + 9, 2);
	mm = digits(s + 11, 2);
	ss = digits(s + 13, 2);
	if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59)
		return -1;
	*t = days * 86400 + hh * 3600 + mm * 60 + ss;
	return 0;
}

/* Bytes [s, s + n) with leading and trailing white space dropped. */
static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && is_ws((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_ws((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

static int
is_word_char(int c)
{
	return is_alnum(c) || c == '_';
}

/* Whether s[0..n) is 1 to max characters, each of which ok() accepts. */
static int
all_of(const char *s, size_t n, size_t max, int (*ok)(int))
{
	if (n < 1 || n > max)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (!ok((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

/* Credential=KEY/YYYYMMDD/REGION/SERVICE/aws4_request */
static int
parse_credential(const char *s, size_t n, struct sigv4_auth *a, char *msg)
{
	const char *part[5], *end = s + n, *p = s;
	size_t len[5];
	int64_t days;
	int k = 0;

	while (k < 5) {
		const char *q = p;

		while (q < end && *q != '/')
			q++;
		part[k] = p;
		len[k++] = (size_t)(q - p);
		if (q == end)
			break;
		p = q + 1;
	}
	if (k != 5 || part[4] + len[4] != end)
		return cases_errf(msg, SIGV4_INCOMPLETE,
				  "Credential must have the form "
				  "KEY/YYYYMMDD/REGION/SERVICE/aws4_request");
	if (!all_of(part[0], len[0], SIGV4_KEYID_MAX, is_alnum))
		return cases_errf(
			msg, SIGV4_INCOMPLETE,
			"Credential must begin with an access key id of 1 "
			"to %d letters and digits",
			SIGV4_KEYID_MAX);
	if (len[1] != 8 || parse_ymd(part[1], &days))
		return cases_errf(msg, SIGV4_INCOMPLETE,
				  "Credential scope date must be YYYYMMDD");
	if (!all_of(part[2], len[2], SIGV4_REGION_MAX, is_scope_char))
		return cases_errf(
			msg, SIGV4_INCOMPLETE,
			"Credential should be scoped to a valid region of "
			"1 to %d characters a-z, 0-9 and '-'",
			SIGV4_REGION_MAX);
	if (!all_of(part[3], len[3], SIGV4_SERVICE_MAX, is_scope_char))
		return cases_errf(
			msg, SIGV4_INCOMPLETE,
			"Credential should be scoped to a valid service of "
			"1 to %d characters a-z, 0-9 and '-'",
			SIGV4_SERVICE_MAX);
	if (len[4] != strlen(TERMINATOR)
	    || memcmp(part[4], TERMINATOR, len[4]) != 0) {
		/* Quoted back only when it is a plausible word. */
		if (!all_of(part[4], len[4], 32, is_word_char))
			return cases_errf(msg, SIGV4_INVALID,
					  "Credential should be scoped with a "
					  "valid terminator: '" TERMINATOR "'");
		return cases_errf(msg, SIGV4_INVALID,
				  "Credential should be scoped with a valid "
				  "terminator: '" TERMINATOR "', not '%.*s'.",
				  (int)len[4], part[4]);
	}
	memcpy(a->key_id, part[0], len[0]);
	a->key_id[len[0]] = '\0';
	memcpy(a->date, part[1], 8);
	a->date[8] = '\0';
	memcpy(a->region, part[2], len[2]);
	a->region[len[2]] = '\0';
	memcpy(a->service, part[3], len[3]);
	a->service[len[3]] = '\0';
	return SIGV4_OK;
}

/* SignedHeaders=a;b;c: lowercase tokens, sorted, unique. */
static int
parse_signed(const char *s, size_t n, struct sigv4_auth *a, char *msg)
{
	const char *end = s + n, *p = s;

	a->nsigned = 0;
	for (;;) {
		const char *q = p;
		size_t len;

		while (q < end && *q != ';')
			q++;
		len = (size_t)(q - p);
		if (len == 0 || len > SIGV4_NAME_MAX)
			return cases_errf(msg, SIGV4_INCOMPLETE,
					  "SignedHeaders must list header "
					  "names of 1 to %d characters, "
					  "separated by ';'",
					  SIGV4_NAME_MAX);
		for (size_t i = 0; i < len; i++) {
			if (!is_lower_token((unsigned char)p[i]))
				return cases_errf(msg, SIGV4_INCOMPLETE,
						  "SignedHeaders must list "
						  "lowercase header names");
		}
		if (a->nsigned == SIGV4_SIGNED_MAX)
			return cases_errf(msg, SIGV4_INCOMPLETE,
					  "SignedHeaders lists more than %d "
					  "headers",
					  SIGV4_SIGNED_MAX);
		memcpy(a->signed_names[a->nsigned], p, len);
		a->signed_names[a->nsigned][len] = '\0';
		if (a->nsigned > 0
		    && strcmp(a->signed_names[a->nsigned - 1],
			      a->signed_names[a->nsigned])
			       >= 0)
			return cases_errf(msg, SIGV4_INCOMPLETE,
					  "SignedHeaders must be sorted and "
					  "list each header once");
		a->nsigned++;
		if (q == end)
			return SIGV4_OK;
		p = q + 1;
	}
}

/* Signature=<64 lowercase hex digits> */
static int
parse_signature(const char *s, size_t n, struct sigv4_auth *a, char *msg)
{
	if (n != 2 * sizeof a->signature)
		goto bad;
	for (size_t i = 0; i < sizeof a->signature; i++) {
		const char *hi = memchr(hexdig, s[2 * i], 16);
		const char *lo = memchr(hexdig, s[2 * i + 1], 16);

		if (!hi || !lo)
			goto bad;
		a->signature[i] =
			(unsigned char)((hi - hexdig) << 4 | (lo - hexdig));
	}
	return SIGV4_OK;
bad:
	return cases_errf(msg, SIGV4_INCOMPLETE,
			  "Signature must be 64 lowercase hexadecimal digits");
}

int
sigv4_parse_authorization(const char *value, struct sigv4_auth *a, char *msg)
{
	static const char *const names[] = { "Credential", "SignedHeaders",
					     "Signature" };
	const char *p;
	unsigned seen = 0;
	int rc;

	memset(a, 0, sizeof *a);
	if (!value)
		return cases_errf(msg, SIGV4_MISSING, MSG_MISSING);
	if (strnlen(value, SIGV4_AUTH_MAX + 1) > SIGV4_AUTH_MAX)
		return cases_errf(msg, SIGV4_INCOMPLETE,
				  "Authorization header is longer than %d "
				  "bytes",
				  SIGV4_AUTH_MAX);
	p = value;
	while (is_ws((unsigned char)*p))
		p++;
	if (strncmp(p, ALGORITHM, strlen(ALGORITHM)) != 0
	    || (p[strlen(ALGORITHM)] != ' ' && p[strlen(ALGORITHM)] != '\t'))
		return cases_errf(
			msg, SIGV4_INCOMPLETE,
			"Authorization header requires the '" ALGORITHM
			"' algorithm followed by Credential, "
			"SignedHeaders and Signature");
	p += strlen(ALGORITHM);
	for (;;) {
		const char *name, *val;
		size_t nlen, vlen;
		int k;

		while (*p == ' ' || *p == '\t')
			p++;
		name = p;
		while (*p && *p != '=' && *p != ','
		       && !is_ws((unsigned char)*p))
			p++;
		nlen = (size_t)(p - name);
		for (k = 0; k < 3; k++) {
			if (nlen == strlen(names[k])
			    && memcmp(name, names[k], nlen) == 0)
				break;
		}
		if (k == 3 || *p != '=')
			return cases_errf(msg, SIGV4_INCOMPLETE,
					  "Authorization header parameters "
					  "must be Credential=..., "
					  "SignedHeaders=... and "
					  "Signature=..., separated by ','");
		if (seen & (1u << k))
			return cases_errf(msg, SIGV4_INCOMPLETE,
					  "Authorization header has '%s' "
					  "more than once",
					  names[k]);
		seen |= 1u << k;
		val = ++p;
		while (*p && *p != ',' && !is_ws((unsigned char)*p))
			p++;
		vlen = (size_t)(p - val);
		if (k == 0)
			rc = parse_credential(val, vlen, a, msg);
		else if (k == 1)
			rc = parse_signed(val, vlen, a, msg);
		else
			rc = parse_signature(val, vlen, a, msg);
		if (rc != SIGV4_OK)
			return rc;
		while (is_ws((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		if (*p != ',')
			return cases_errf(msg, SIGV4_INCOMPLETE,
					  "Authorization header parameters "
					  "must be separated by ','");
		p++;
	}
	if (seen != 7) {
		char *m = msg;
		size_t left = CASES_ERRMAX;

		for (int k = 0; k < 3 && msg; k++) {
			int w;

			if (seen & (1u << k))
				continue;
			w = snprintf(m, left,
				     "%sAuthorization header requires '%s' "
				     "parameter.",
				     m == msg ? "" : " ", names[k]);
			if (w < 0 || (size_t)w >= left)
				break;
			m += w;
			left -= (size_t)w;
		}
		return SIGV4_INCOMPLETE;
	}
	return SIGV4_OK;
}

/* The one header named lname (lowercase) of req: 0 and *value set, 1 if
 * there is none, -1 if there are several. */
static int
find_one(const struct sigv4_request *req, const char *lname, const char **value)
{
	int n = 0;

	*value = NULL;
	for (size_t i = 0; i < req->nheaders; i++) {
		if (req->headers[i].name && req->headers[i].value
		    && name_is(req->headers[i].name, lname)) {
			*value = req->headers[i].value;
			n++;
		}
	}
	return n == 1 ? 0 : n == 0 ? 1 : -1;
}

static int
is_signed(const struct sigv4_auth *a, const char *lname)
{
	for (size_t i = 0; i < a->nsigned; i++) {
		if (strcmp(a->signed_names[i], lname) == 0)
			return 1;
	}
	return 0;
}

int
sigv4_parse(const struct sigv4_request *req, const char *service,
	    struct sigv4_auth *a, char *msg)
{
	const char *v;
	size_t n;
	int rc;

	assert(req && service && a);
	rc = find_one(req, "authorization", &v);
	if (rc > 0)
		return sigv4_parse_authorization(NULL, a, msg);
	if (rc < 0) {
		memset(a, 0, sizeof *a);
		return cases_errf(msg, SIGV4_INCOMPLETE,
				  "Request has more than one Authorization "
				  "header");
	}
	if ((rc = sigv4_parse_authorization(v, a, msg)) != SIGV4_OK)
		return rc;
	rc = find_one(req, "x-amz-date", &v);
	if (rc > 0)
		return cases_errf(msg, SIGV4_INCOMPLETE,
				  "Authorization header requires existence "
				  "of a 'X-Amz-Date' header.");
	if (rc < 0)
		return cases_errf(msg, SIGV4_INCOMPLETE,
				  "Request has more than one X-Amz-Date "
				  "header");
	n = strlen(v);
	trim(&v, &n);
	if (parse_amz_date(v, n, &a->time))
		return cases_errf(msg, SIGV4_INCOMPLETE,
				  "X-Amz-Date must be an ISO 8601 basic UTC "
				  "time like 20150830T123600Z");
	memcpy(a->amz_date, v, 16);
	a->amz_date[16] = '\0';
	if (memcmp(a->date, a->amz_date, 8) != 0)
		return cases_errf(msg, SIGV4_INVALID,
				  "Date in Credential scope does not match "
				  "YYYYMMDD from ISO-8601 version of date "
				  "from HTTP: '%s' != '%.8s', from '%s'.",
				  a->date, a->amz_date, a->amz_date);
	if (strcmp(a->service, service) != 0)
		return cases_errf(msg, SIGV4_INVALID,
				  "Credential should be scoped to correct "
				  "service: '%s'.",
				  service);
	if (!is_signed(a, "host"))
		return cases_errf(msg, SIGV4_INCOMPLETE,
				  "'Host' must be a 'SignedHeader' in the AWS "
				  "Authorization.");
	if (!is_signed(a, "x-amz-date"))
		return cases_errf(msg, SIGV4_INCOMPLETE,
				  "'X-Amz-Date' must be a 'SignedHeader' in "
				  "the AWS Authorization.");
	return SIGV4_OK;
}

int
sigv4_unknown_key(char *msg)
{
	return cases_errf(msg, SIGV4_UNKNOWN_KEY,
			  "The security token included in the request is "
			  "invalid.");
}

/*
 * The canonical request is written once into a buffer sized beforehand
 * from the request's lengths (every encoded byte takes at most three),
 * so nothing grows.
 */
struct cbuf {
	char *p;
	size_t n, cap;
};

static void
cb_put(struct cbuf *b, const char *s, size_t n)
{
	assert(b->n + n < b->cap);
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

static void
cb_ch(struct cbuf *b, char c)
{
	assert(b->n + 1 < b->cap);
	b->p[b->n++] = c;
}

/* URI-encode one byte: unreserved characters (and '/' when keep_slash)
 * as they are, anything else as %XX in upper case. */
static void
cb_enc(struct cbuf *b, unsigned char c, int keep_slash)
{
	static const char up[] = "0123456789ABCDEF";

	if (is_unreserved(c) || (keep_slash && c == '/')) {
		cb_ch(b, (char)c);
	} else {
		cb_ch(b, '%');
		cb_ch(b, up[c >> 4]);
		cb_ch(b, up[c & 15]);
	}
}

/* Trimall: the value without leading and trailing white space, each
 * inner run of it one space. */
static void
cb_trimall(struct cbuf *b, const char *v)
{
	int pending = 0, any = 0;

	for (; *v; v++) {
		if (is_ws((unsigned char)*v)) {
			pending = any;
			continue;
		}
		if (pending)
			cb_ch(b, ' ');
		pending = 0;
		any = 1;
		cb_ch(b, *v);
	}
}

/*
 * The path with empty and "." segments dropped and ".." applied, as
 * botocore's remove_dot_segments(): a leading and a trailing '/' are
 * kept; "" is "/". out holds strlen(path) + 3 bytes.
 */
static void
normalize_path(const char *path, char *out)
{
	size_t len = strlen(path), n = 0;
	const char *p = path, *end = path + len;

	if (len == 0) {
		strcpy(out, "/");
		return;
	}
	while (p < end) {
		const char *seg = p;
		size_t sl;

		while (p < end && *p != '/')
			p++;
		sl = (size_t)(p - seg);
		if (sl == 2 && seg[0] == '.' && seg[1] == '.') {
			while (n > 0 && out[--n] != '/')
				;
		} else if (sl > 0 && !(sl == 1 && seg[0] == '.')) {
			out[n++] = '/';
			memcpy(out + n, seg, sl);
			n += sl;
		}
		if (p < end)
			p++;
	}
	/* out is "/seg/seg..." or empty */
	if (path[0] != '/' && n > 0) {
		memmove(out, out + 1, n - 1);
		n--;
	} else if (path[0] == '/' && n == 0) {
		out[n++] = '/';
	}
	if (path[len - 1] == '/' && n > 0 && out[n - 1] != '/')
		out[n++] = '/';
	out[n] = '\0';
}

struct qpair {
	const char *k, *v;
};

static int
qpair_cmp(const void *x, const void *y)
{
	const struct qpair *a = x, *b = y;
	int c = strcmp(a->k, b->k);

	return c ? c : strcmp(a->v, b->v);
}

/* Percent-decode s[0..n) and URI-encode the result into the arena at
 * *at (NUL-terminated); returns where it starts. */
static const char *
recode(const char *s, size_t n, char **at)
{
	char *start = *at, *o = *at;
	static const char up[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%' && i + 2 < n) {
			int hi = hexval((unsigned char)s[i + 1]);
			int lo = hexval((unsigned char)s[i + 2]);

			if (hi >= 0 && lo >= 0) {
				c = (unsigned char)(hi << 4 | lo);
				i += 2;
			}
		}
		if (is_unreserved(c)) {
			*o++ = (char)c;
		} else {
			*o++ = '%';
			*o++ = up[c >> 4];
			*o++ = up[c & 15];
		}
	}
	*o++ = '\0';
	*at = o;
	return start;
}

/* The canonical query string of q (NULL or "" for none) into b, which
 * has room for 4 * strlen(q) + 2 bytes of it. SIGV4_INTERNAL when out
 * of memory. */
static int
cb_query(struct cbuf *b, const char *q, char *msg)
{
	struct qpair *pairs = NULL;
	char *arena = NULL, *at;
	size_t len, npairs = 1, i = 0;
	const char *p, *end;
	int rc = SIGV4_INTERNAL;

	if (!q || !*q)
		return SIGV4_OK;
	len = strlen(q);
	for (p = q; *p; p++)
		npairs += *p == '&';
	pairs = calloc(npairs, sizeof *pairs);
	arena = malloc(3 * len + 2 * npairs);
	if (!pairs || !arena) {
		cases_errf(msg, rc, "out of memory");
		goto out;
	}
	at = arena;
	end = q + len;
	for (p = q; i < npairs; i++) {
		const char *e = p, *eq;

		while (e < end && *e != '&')
			e++;
		for (eq = p; eq < e && *eq != '='; eq++)
			;
		pairs[i].k = recode(p, (size_t)(eq - p), &at);
		pairs[i].v = eq < e ? recode(eq + 1, (size_t)(e - eq - 1), &at)
				    : recode(eq, 0, &at);
		p = e + 1;
	}
	qsort(pairs, npairs, sizeof *pairs, qpair_cmp);
	for (i = 0; i < npairs; i++) {
		if (i > 0)
			cb_ch(b, '&');
		cb_put(b, pairs[i].k, strlen(pairs[i].k));
		cb_ch(b, '=');
		cb_put(b, pairs[i].v, strlen(pairs[i].v));
	}
	rc = SIGV4_OK;
out:
	free(pairs);
	free(arena);
	return rc;
}

/*
 * SHA-256 and HMAC-SHA256, their algorithms fetched from libcrypto once
 * (OpenSSL 3 fetches them by name at every one-shot call otherwise: a
 * lookup under a lock, each time), HMAC from a template context that
 * already names its digest, duplicated for each MAC.
 */
static pthread_once_t algs_once = PTHREAD_ONCE_INIT;
static EVP_MD *alg_sha256;
static EVP_MAC_CTX *hmac_template;

static void
algs_fetch(void)
{
	EVP_MAC *mac;
	OSSL_PARAM params[2];

	alg_sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (mac) {
		hmac_template = EVP_MAC_CTX_new(mac);
		EVP_MAC_free(mac); /* the context holds its own reference */
	}
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						     (char *)"SHA256", 0);
	params[1] = OSSL_PARAM_construct_end();
	if (hmac_template && !EVP_MAC_CTX_set_params(hmac_template, params)) {
		EVP_MAC_CTX_free(hmac_template);
		hmac_template = NULL;
	}
}

static int
sha256(const void *data, size_t n, unsigned char out[32])
{
	unsigned int len = 0;

	pthread_once(&algs_once, algs_fetch);
	return alg_sha256
			       && EVP_Digest(data, n, out, &len, alg_sha256,
					     NULL)
					  == 1
			       && len == 32
		       ? 0
		       : -1;
}

static int
hmac(const void *key, size_t klen, const void *data, size_t n,
     unsigned char out[32])
{
	EVP_MAC_CTX *ctx;
	size_t len = 0;
	int ok;

	pthread_once(&algs_once, algs_fetch);
	if (!hmac_template || !(ctx = EVP_MAC_CTX_dup(hmac_template)))
		return -1;
	ok = EVP_MAC_init(ctx, key, klen, NULL) == 1
	     && EVP_MAC_update(ctx, data, n) == 1
	     && EVP_MAC_final(ctx, out, &len, 32) == 1 && len == 32;
	EVP_MAC_CTX_free(ctx);
	return ok ? 0 : -1;
}

/*
 * The signing key (kSigning: HMAC of "aws4_request" under the chain
 * "AWS4" + secret -> date -> region -> service) depends on the key, its
 * secret and the scope alone, not on the request: each thread keeps the
 * last few it derived, so that a client's requests of one day cost one
 * HMAC each instead of five. An entry serves only the same key id, the
 * same secret (compared whole: a changed secret derives anew) and the same
 * date, region and service. Whether the key may still be used is the
 * caller's question, asked before sigv4_verify() (keys_lookup()).
 */
#define KEYCACHE_SIZE 8

struct keycache_entry {
	int used;
	char key_id[SIGV4_KEYID_MAX + 1];
	char secret[SIGV4_SECRET_MAX + 1];
	size_t slen;
	char date[9];
	char region[SIGV4_REGION_MAX + 1];
	char service[SIGV4_SERVICE_MAX + 1];
	unsigned char key[32];
};

static _Thread_local struct keycache_entry keycache[KEYCACHE_SIZE];
static _Thread_local unsigned keycache_next;

static int
keycache_match(const struct keycache_entry *e, const struct sigv4_auth *a,
	       const char *secret, size_t slen)
{
	return e->used && e->slen == slen && strcmp(e->key_id, a->key_id) == 0
	       && strcmp(e->date, a->date) == 0
	       && strcmp(e->region, a->region) == 0
	       && strcmp(e->service, a->service) == 0
	       && CRYPTO_memcmp(e->secret, secret, slen) == 0;
}

/* kSigning of secret (slen <= SIGV4_SECRET_MAX bytes) under a's key id
 * and scope into key: 0, or -1 when libcrypto fails. */
static int
signing_key(const struct sigv4_auth *a, const char *secret, size_t slen,
	    unsigned char key[32])
{
	unsigned char k0[4 + SIGV4_SECRET_MAX], k1[32], k2[32];
	struct keycache_entry *e;
	int rc = -1;

	for (size_t i = 0; i < KEYCACHE_SIZE; i++) {
		if (keycache_match(&keycache[i], a, secret, slen)) {
			memcpy(key, keycache[i].key, 32);
			return 0;
		}
	}
	memcpy(k0, "AWS4", 4);
	memcpy(k0 + 4, secret, slen);
	if (hmac(k0, 4 + slen, a->date, strlen(a->date), k1)
	    || hmac(k1, 32, a->region, strlen(a->region), k2)
	    || hmac(k2, 32, a->service, strlen(a->service), k1)
	    || hmac(k1, 32, TERMINATOR, strlen(TERMINATOR), key))
		goto out;
	if (strlen(a->key_id) <= SIGV4_KEYID_MAX
	    && strlen(a->region) <= SIGV4_REGION_MAX
	    && strlen(a->service) <= SIGV4_SERVICE_MAX
	    && strlen(a->date) < sizeof(e->date)) {
		e = &keycache[keycache_next++ % KEYCACHE_SIZE];
		OPENSSL_cleanse(e, sizeof(*e));
		strcpy(e->key_id, a->key_id);
		memcpy(e->secret, secret, slen);
		e->secret[slen] = '\0';
		e->slen = slen;
		strcpy(e->date, a->date);
		strcpy(e->region, a->region);
		strcpy(e->service, a->service);
		memcpy(e->key, key, 32);
		e->used = 1;
	}
	rc = 0;
out:
	OPENSSL_cleanse(k0, sizeof k0);
	OPENSSL_cleanse(k1, sizeof k1);
	OPENSSL_cleanse(k2, sizeof k2);
	return rc;
}

int
sigv4_canonical_request(const struct sigv4_request *req,
			const struct sigv4_auth *a, char **out, char *msg)
{
	struct cbuf b = { 0 };
	unsigned char body_hash[32];
	char phex[SIGV4_HEX_LEN + 1], *norm = NULL;
	const char *path = req->path ? req->path : "";
	const char *query = req->query ? req->query : "";
	const char *v;
	size_t cap;
	int rc;

	*out = NULL;
	if (sha256(req->body_len ? req->body : "", req->body_len, body_hash))
		return cases_errf(msg, SIGV4_INTERNAL, "SHA-256 failed");
	to_hex(body_hash, 32, phex);
	rc = find_one(req, "x-amz-content-sha256", &v);
	if (rc < 0)
		return cases_errf(msg, SIGV4_INVALID,
				  "Request has more than one "
				  "X-Amz-Content-SHA256 header");
	if (rc == 0) {
		size_t n = strlen(v);

		trim(&v, &n);
		if (n != SIGV4_HEX_LEN || memcmp(v, phex, n) != 0)
			return cases_errf(msg, SIGV4_INVALID,
					  "The provided 'x-amz-content-sha256' "
					  "header does not match what was "
					  "computed.");
	}

	/* The size: method, path and query at most 3 and 4 bytes a byte,
	 * each signed header and the values it joins, the name list, the
	 * hash, the newlines. */
	cap = strlen(req->method ? req->method : "") + 3 * (strlen(path) + 3)
	      + 4 * strlen(query) + 2 + SIGV4_HEX_LEN + 8;
	for (size_t i = 0; i < a->nsigned; i++) {
		int found = 0;

		cap += 2 * (strlen(a->signed_names[i]) + 2);
		for (size_t j = 0; j < req->nheaders; j++) {
			if (req->headers[j].name && req->headers[j].value
			    && name_is(req->headers[j].name,
				       a->signed_names[i])) {
				cap += strlen(req->headers[j].value) + 1;
				found = 1;
			}
		}
		if (!found)
			return cases_errf(msg, SIGV4_INVALID,
					  "Signed header '%s' is not in the "
					  "request.",
					  a->signed_names[i]);
	}
	b.cap = cap;
	b.p = malloc(cap);
	norm = malloc(strlen(path) + 3);
	if (!b.p || !norm) {
		rc = cases_errf(msg, SIGV4_INTERNAL, "out of memory");
		goto out;
	}

	cb_put(&b, req->method ? req->method : "",
	       strlen(req->method ? req->method : ""));
	cb_ch(&b, '\n');
	normalize_path(path, norm);
	for (const char *p = norm; *p; p++)
		cb_enc(&b, (unsigned char)*p, 1);
	cb_ch(&b, '\n');
	if ((rc = cb_query(&b, query, msg)) != SIGV4_OK)
		goto out;
	cb_ch(&b, '\n');
	for (size_t i = 0; i < a->nsigned; i++) {
		int first = 1;

		cb_put(&b, a->signed_names[i], strlen(a->signed_names[i]));
		cb_ch(&b, ':');
		for (size_t j = 0; j < req->nheaders; j++) {
			if (!req->headers[j].name || !req->headers[j].value
			    || !name_is(req->headers[j].name,
					a->signed_names[i]))
				continue;
			if (!first)
				cb_ch(&b, ',');
			first = 0;
			cb_trimall(&b, req->headers[j].value);
		}
		cb_ch(&b, '\n');
	}
	cb_ch(&b, '\n');
	for (size_t i = 0; i < a->nsigned; i++) {
		if (i > 0)
			cb_ch(&b, ';');
		cb_put(&b, a->signed_names[i], strlen(a->signed_names[i]));
	}
	cb_ch(&b, '\n');
	cb_put(&b, phex, SIGV4_HEX_LEN);
	b.p[b.n] = '\0';
	*out = b.p;
	b.p = NULL;
	rc = SIGV4_OK;
out:
	free(b.p);
	free(norm);
	return rc;
}

/* The raw signature: the key chain from "AWS4" + secret over the scope,
 * then the HMAC of the string to sign. */
static int
compute(const struct sigv4_request *req, const struct sigv4_auth *a,
	const char *secret, unsigned char sig[32], char *msg)
{
	unsigned char key[32], hash[32];
	char *creq = NULL, sts[320], chex[SIGV4_HEX_LEN + 1];
	size_t slen = strlen(secret);
	int n, rc;

	if (slen > SIGV4_SECRET_MAX)
		return cases_errf(msg, SIGV4_INVALID,
				  "secret access key is longer than %d bytes",
				  SIGV4_SECRET_MAX);
	if (strlen(a->amz_date) != 16)
		return cases_errf(msg, SIGV4_INCOMPLETE,
				  "Authorization header requires existence "
				  "of a 'X-Amz-Date' header.");
	if ((rc = sigv4_canonical_request(req, a, &creq, msg)) != SIGV4_OK)
		return rc;
	rc = cases_errf(msg, SIGV4_INTERNAL, "HMAC-SHA256 failed");
	if (sha256(creq, strlen(creq), hash))
		goto out;
	to_hex(hash, 32, chex);
	n = snprintf(sts, sizeof sts,
		     ALGORITHM "\n%s\n%s/%s/%s/" TERMINATOR "\n%s", a->amz_date,
		     a->date, a->region, a->service, chex);
	assert(n > 0 && (size_t)n < sizeof sts);
	if (signing_key(a, secret, slen, key)
	    || hmac(key, 32, sts, (size_t)n, sig))
		goto out;
	rc = SIGV4_OK;
	if (msg)
		msg[0] = '\0';
out:
	OPENSSL_cleanse(key, sizeof key);
	free(creq);
	return rc;
}

int
sigv4_signature(const struct sigv4_request *req, const struct sigv4_auth *a,
		const char *secret, char hex[SIGV4_HEX_LEN + 1], char *msg)
{
	unsigned char sig[32];
	int rc;

	hex[0] = '\0';
	if ((rc = compute(req, a, secret, sig, msg)) == SIGV4_OK)
		to_hex(sig, 32, hex);
	return rc;
}

int
sigv4_verify(const struct sigv4_request *req, const struct sigv4_auth *a,
	     const char *secret, int64_t now, char *msg)
{
	unsigned char sig[32];
	char when[17], edge[17];
	int rc;

	if (now < TIME_MIN + SIGV4_WINDOW)
		now = TIME_MIN + SIGV4_WINDOW;
	if (now > TIME_MAX - SIGV4_WINDOW)
		now = TIME_MAX - SIGV4_WINDOW;
	if (now > a->time + SIGV4_WINDOW) {
		amz_format(now, when);
		amz_format(now - SIGV4_WINDOW, edge);
		return cases_errf(msg, SIGV4_EXPIRED,
				  "Signature expired: %s is now earlier than "
				  "%s (%s - 15 min.)",
				  a->amz_date, edge, when);
	}
	if (now < a->time - SIGV4_WINDOW) {
		amz_format(now, when);
		amz_format(now + SIGV4_WINDOW, edge);
		return cases_errf(msg, SIGV4_EXPIRED,
				  "Signature not yet current: %s is still "
				  "later than %s (%s + 15 min.)",
				  a->amz_date, edge, when);
	}
	if ((rc = compute(req, a, secret, sig, msg)) != SIGV4_OK)
		return rc;
	rc = CRYPTO_memcmp(sig, a->signature, sizeof sig) == 0
		     ? SIGV4_OK
		     : cases_errf(msg, SIGV4_INVALID, MSG_MISMATCH);
	OPENSSL_cleanse(sig, sizeof sig);
	return rc;
}

const char *
sigv4_error_name(int status)
{
	switch (status) {
	case SIGV4_OK:
		return "";
	case SIGV4_MISSING:
		return "MissingAuthenticationTokenException";
	case SIGV4_INCOMPLETE:
		return "IncompleteSignatureException";
	case SIGV4_UNKNOWN_KEY:
		return "UnrecognizedClientException";
	case SIGV4_INVALID:
	case SIGV4_EXPIRED:
		return "InvalidSignatureException";
	default:
		return "InternalServerError";
	}
}

int
sigv4_http_status(int status)
{
	switch (status) {
	case SIGV4_OK:
		return 200;
	case SIGV4_INCOMPLETE:
		return 400;
	case SIGV4_MISSING:
	case SIGV4_UNKNOWN_KEY:
	case SIGV4_INVALID:
	case SIGV4_EXPIRED:
		return 403;
	default:
		return 500;
	}
}

int
sigv4_key_new(char id[SIGV4_KEYID_LEN + 1], char secret[SIGV4_SECRET_LEN + 1],
	      char *err)
{
	static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	unsigned char r[30];
	size_t n = strlen(KEY_PREFIX), bits = 0;
	unsigned acc = 0;

	id[0] = secret[0] = '\0';
	/* 10 random bytes are 80 bits: 16 base32 characters. */
	if (RAND_bytes(r, 10) != 1)
		goto fail;
	memcpy(id, KEY_PREFIX, n);
	for (size_t i = 0; i < 10; i++) {
		acc = (acc << 8 | r[i]) & 0xfff;
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			id[n++] = b32[(acc >> bits) & 31];
		}
	}
	assert(n == SIGV4_KEYID_LEN);
	id[n] = '\0';
	/* 30 random bytes are 240 bits: 40 base64 characters, no padding. */
	if (RAND_bytes(r, sizeof r) != 1)
		goto fail;
	if (EVP_EncodeBlock((unsigned char *)secret, r, sizeof r)
	    != SIGV4_SECRET_LEN)
		goto fail;
	OPENSSL_cleanse(r, sizeof r);
	return CASES_OK;
fail:
	OPENSSL_cleanse(r, sizeof r);
	id[0] = secret[0] = '\0';
	return cases_errf(err, CASES_EIO,
			  "cannot make a key: the random generator failed");
}
