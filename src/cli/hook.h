/*
 * hook.h - run `check --exec` hooks: no shell, a timeout, the case in the
 * environment.
 */
#ifndef CASES_CLI_HOOK_H
#define CASES_CLI_HOOK_H

#include <stdint.h>

#include "cases/check.h"

#define HOOK_MAX_WORDS 64
/* Events awaiting delivery read per query. */
#define HOOK_BATCH 64

struct hook {
	char *words[HOOK_MAX_WORDS + 1]; /* argv, NULL-terminated */
	char *buf;			 /* owns the words */
	int64_t timeout_ms;
};

/* Split cmd at spaces (no quoting, no expansion). CASES_EINVAL if empty or
 * too many words. */
int hook_init(struct hook *h, const char *cmd, int64_t timeout_ms, char *err);
void hook_release(struct hook *h);

/*
 * Run the hook once for event e and wait for it (up to the timeout,
 * measured in milliseconds on the monotonic clock, then kill its process
 * group). The hook's stdin is /dev/null and its stdout
 * goes to our stderr, so that check's own output stays one line per event.
 * Returns CASES_OK when it exited 0, else CASES_EIO with the reason
 * ("exited with status 3", "killed by signal 9", "timed out after 30s" or "after 500ms",
 * "cannot run: No such file or directory") in err.
 */
int hook_run(const struct hook *h, const struct check_event *e, char *err);

#endif
