/*
 * tu_proc: what unit tests that start their own loopback servers share: sleeping,
 * a monotonic clock, starting a server with its output in a log file, and stopping it
 * (SIGTERM, then SIGKILL after ~5 s). Static inline so that a test includes only what
 * it uses without warnings.
 */
#ifndef TIACHECK_TU_PROC_H
#define TIACHECK_TU_PROC_H
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static inline void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static inline double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Start argv with stdout/stderr to logfile; 0 on failure. */
static inline pid_t spawn(char *const argv[], const char *logfile)
{
	posix_spawn_file_actions_t fa;
	pid_t pid = 0;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, logfile, O_WRONLY | O_CREAT | O_APPEND, 0644);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) != 0)
		pid = 0;
	posix_spawn_file_actions_destroy(&fa);
	return pid;
}

static inline void stop_server(pid_t pid)
{
	int st;

	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	for (int i = 0; i < 100; i++) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return;
		sleep_ms(50);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
}

#endif
