/*
 * fuzz_utf8: libFuzzer harness for the one UTF-8 decoder. For any bytes: decoding
 * walks the input exactly (every length 1-4, never past the end); a decoded code
 * point re-encodes to the same bytes; tc_utf8_is_valid agrees with the walk;
 * tc_utf8_clean's output is valid and equals the input when the input is valid;
 * tc_utf8_cut never splits a valid sequence; tc_utf8_start returns a character start.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tiacheck/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t i = 0, len;
	int valid = 1;
	while (i < size) {
		uint32_t cp = tc_utf8_decode(data + i, size - i, &len);
		if (len < 1 || len > 4 || i + len > size)
			abort();
		if (cp == TC_UTF8_INVALID) {
			valid = 0;
		} else {
			char enc[4];
			if (tc_utf8_encode(cp, enc) != len || memcmp(enc, data + i, len) != 0)
				abort();
			if (len > 1 && tc_utf8_start((const char *)data, size, i + len - 1) != i)
				abort();
		}
		i += len;
	}
	if (tc_utf8_is_valid((const char *)data, size) != valid)
		abort();
	tc_buf b;
	tc_buf_init(&b, 0);
	if (tc_utf8_clean(&b, (const char *)data, size) < 0)
		abort();
	if (!tc_utf8_is_valid(b.data ? b.data : "", b.len))
		abort();
	if (valid && (b.len != size || (size && memcmp(b.data, data, size) != 0)))
		abort();
	tc_buf_release(&b);
	if (valid) {
		for (size_t n = 0; n <= size; n++) {
			size_t k = tc_utf8_cut((const char *)data, n);
			if (k > n || !tc_utf8_is_valid((const char *)data, k))
				abort();
		}
	}
	return 0;
}
