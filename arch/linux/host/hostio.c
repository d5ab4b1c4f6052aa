/*
 * Host side of the hosted platform: the terminal, the clock, memory and
 * files, through the C library and Linux system calls.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "../host.h"

static struct termios saved_termios;
static int termios_saved;
static int stdin_eof;

/* Put a terminal on stdin into raw mode (keys arrive at once, Ctrl-C too). */
static void host_raw_terminal(void)
{
	struct termios raw;

	if (termios_saved || !isatty(STDIN_FILENO) ||
	    tcgetattr(STDIN_FILENO, &saved_termios) != 0)
		return;
	termios_saved = 1;
	raw = saved_termios;
	raw.c_lflag &= ~(unsigned)(ICANON | ECHO | ISIG | IEXTEN);
	raw.c_iflag &= ~(unsigned)(ICRNL | IXON);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &raw);
}

uint64_t host_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

void host_wait(unsigned long us)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };

	if (stdin_eof) {
		usleep(us);
		return;
	}
	poll(&pfd, 1, (int)((us + 999) / 1000));
}

void host_write_stdout(const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t done;

	while (len) {
		done = write(STDOUT_FILENO, p, len);
		if (done < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		p += done;
		len -= (size_t)done;
	}
}

int host_stdin_ready(void)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };

	host_raw_terminal();
	if (stdin_eof)
		return 0;
	return poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLIN | POLLHUP));
}

int host_stdin_read(void)
{
	unsigned char c;
	ssize_t got;

	do {
		got = read(STDIN_FILENO, &c, 1);
	} while (got < 0 && errno == EINTR);
	if (got <= 0) {
		stdin_eof = 1;
		return -1;
	}
	return c;
}

void host_exit(int status)
{
	if (termios_saved)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
	exit(status);
}

void *host_heap_memory(size_t len)
{
	void *mem = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	return mem == MAP_FAILED ? NULL : mem;
}

int host_read_file(const char *path, void **data, size_t *len)
{
	char *buf = NULL;
	char *bigger;
	size_t size = 0;
	size_t done = 0;
	ssize_t got;
	int fd;
	int err;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	/* Read to the end, growing the buffer: works for pipes as for files. */
	for (;;) {
		if (done == size) {
			size = size ? size * 2 : 65536;
			bigger = realloc(buf, size);
			if (!bigger) {
				err = -ENOMEM;
				goto fail;
			}
			buf = bigger;
		}
		got = read(fd, buf + done, size - done);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			err = -errno;
			goto fail;
		}
		if (got == 0)
			break;
		done += (size_t)got;
	}
	close(fd);
	*data = buf;
	*len = done;
	return 0;
fail:
	free(buf);
	close(fd);
	return err;
}

void host_free(void *ptr)
{
	free(ptr);
}

const char *host_strerror(int err)
{
	return strerror(-err);
}
