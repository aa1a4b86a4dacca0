/*
 * hook.c - run `check --exec` hooks with posix_spawn, never a shell.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cases/error.h"
#include "cases/plan.h"
#include "cases/timefmt.h"
#include "hook.h"

extern char **environ;

int
hook_init(struct hook *h, const char *cmd, int64_t timeout_ms, char *err)
{
	int n = 0;

	memset(h, 0, sizeof(*h));
	h->timeout_ms = timeout_ms;
	h->buf = strdup(cmd);
	if (!h->buf)
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	for (char *p = h->buf; *p;) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		if (n == HOOK_MAX_WORDS) {
			hook_release(h);
			return cases_errf(err, CASES_EINVAL,
					  "--exec command has more than %d "
					  "words",
					  HOOK_MAX_WORDS);
		}
		h->words[n++] = p;
		while (*p && *p != ' ')
			p++;
	}
	h->words[n] = NULL;
	if (n == 0) {
		hook_release(h);
		return cases_errf(err, CASES_EINVAL, "empty --exec command");
	}
	return CASES_OK;
}

void
hook_release(struct hook *h)
{
	free(h->buf);
	memset(h, 0, sizeof(*h));
}

/* environ plus the CASES_* variables of the event (replacing any such
 * variables we inherited). */
static char **
hook_env(const struct check_event *e, char *vars[7])
{
	static const char *const names[7] = {
		"CASES_ID=",	   "CASES_EVENT=",   "CASES_PLAN=",
		"CASES_SEVERITY=", "CASES_ACCOUNT=", "CASES_SUBJECT=",
		"CASES_DUE_AT=",
	};
	char due[TIMEFMT_MAX];
	const char *values[7] = {
		e->c.id,
		e->kind,
		e->c.plan ? e->c.plan : "",
		plan_severity_name(e->c.severity),
		e->c.account ? e->c.account : "",
		e->c.subject,
		e->c.due_at == CASE_NONE ? ""
					 : timefmt_rfc3339(e->c.due_at, due),
	};
	size_t n = 0, k = 0;
	char **env;

	while (environ[n])
		n++;
	env = calloc(n + 8, sizeof(*env));
	if (!env)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (strncmp(environ[i], "CASES_", 6) != 0)
			env[k++] = environ[i];
	}
	for (int i = 0; i < 7; i++) {
		size_t len = strlen(names[i]) + strlen(values[i]) + 1;
		vars[i] = malloc(len);
		if (!vars[i]) {
			for (int j = 0; j < i; j++)
				free(vars[j]);
			free(env);
			return NULL;
		}
		snprintf(vars[i], len, "%s%s", names[i], values[i]);
		env[k++] = vars[i];
	}
	env[k] = NULL;
	return env;
}

/* Milliseconds from a to b. */
static int64_t
ms_between(const struct timespec *a, const struct timespec *b)
{
	return (int64_t)(b->tv_sec - a->tv_sec) * 1000
	       + (b->tv_nsec - a->tv_nsec) / 1000000;
}

/* "30s", "1m30s", or "500ms" when not whole seconds. */
static const char *
timeout_text(int64_t ms, char *buf)
{
	if (ms % 1000 == 0)
		return timefmt_duration_spec(ms / 1000, buf);
	snprintf(buf, TIMEFMT_MAX, "%lldms", (long long)ms);
	return buf;
}

int
hook_run(const struct hook *h, const struct check_event *e, char *err)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, dfl;
	char *vars[7], **env;
	pid_t pid;
	int status = 0, rc;
	struct timespec start, now;
	int64_t nap_ms = 1, left;
	char buf[TIMEFMT_MAX];

	env = hook_env(e, vars);
	if (!env)
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, 2, 1);
	posix_spawnattr_init(&attr);
	/* Its own process group, so a timeout kills whatever it started; and
	 * the signals a program starts with from cron, whoever runs check:
	 * none blocked (cases serve blocks some in its threads), SIGPIPE and
	 * the stop signals at their default. */
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGTERM);
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &dfl);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP
						| POSIX_SPAWN_SETSIGMASK
						| POSIX_SPAWN_SETSIGDEF);
	rc = posix_spawnp(&pid, h->words[0], &fa, &attr, h->words, env);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	for (int i = 0; i < 7; i++)
		free(vars[i]);
	free(env);
	if (rc != 0)
		return cases_errf(err, CASES_EIO, "cannot run '%s': %s",
				  h->words[0], strerror(rc));

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR)
			return cases_errf(err, CASES_EIO,
					  "waiting for '%s': %s", h->words[0],
					  strerror(errno));
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = h->timeout_ms - ms_between(&start, &now);
		if (left <= 0) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			return cases_errf(
				err, CASES_EIO, "'%s' timed out after %s",
				h->words[0], timeout_text(h->timeout_ms, buf));
		}
		/* Poll: 1 ms, doubling up to 50 ms, never past the end. */
		struct timespec nap = { 0, (long)(nap_ms < left ? nap_ms : left)
						   * 1000000 };
		nanosleep(&nap, NULL);
		if (nap_ms < 50)
			nap_ms *= 2;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return CASES_OK;
	if (WIFEXITED(status))
		return cases_errf(err, CASES_EIO, "'%s' exited with status %d",
				  h->words[0], WEXITSTATUS(status));
	return cases_errf(err, CASES_EIO, "'%s' was killed by signal %d",
			  h->words[0], WTERMSIG(status));
}
