#define _GNU_SOURCE
#include "CSupervisor.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

// Two buffers: the event loop appends to `pending` while the thread writes `writing` out.
struct fm_writer {
    int fd;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t has_work;
    pthread_cond_t drained;
    pthread_cond_t unreserved;
    char *pending;
    size_t pending_count;
    size_t pending_capacity;
    size_t in_flight;  // bytes the thread is writing now
    size_t dropped;    // bytes never written: after a write error, or when memory ran out
    int error;
    int stopping;
    int reserved;       // the loop is filling room at the end of `pending` (unlocked)
    int wake_fd;        // eventfd the event loop watches, or -1
    size_t wake_below;  // signal wake_fd once fewer bytes than this wait (0: not asked)
};

static int ensure_capacity(fm_writer *w, size_t needed) {
    if (needed <= w->pending_capacity) return 1;
    size_t capacity = w->pending_capacity ? w->pending_capacity : 65536;
    while (capacity < needed) capacity *= 2;
    char *grown = realloc(w->pending, capacity);
    if (!grown) return 0;
    w->pending = grown;
    w->pending_capacity = capacity;
    return 1;
}

// Writes everything, or returns the errno of the write that failed. A non-blocking descriptor
// (left so by a Node or libuv parent sharing it) answers EAGAIN when full: wait until it is
// writable and go on, never count that as a failure.
static int write_all(int fd, const char *bytes, size_t count) {
    while (count > 0) {
        ssize_t n = write(fd, bytes, count);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                struct pollfd writable = {.fd = fd, .events = POLLOUT};
                if (poll(&writable, 1, -1) < 0 && errno != EINTR) return errno;
                continue;
            }
            return errno;
        }
        bytes += n;
        count -= (size_t)n;
    }
    return 0;
}

// Tells the event loop that the output caught up (see fm_writer_wake_below). Called locked.
static void wake_loop(fm_writer *w) {
    w->wake_below = 0;
    if (w->wake_fd < 0) return;
    uint64_t one = 1;
    ssize_t n = write(w->wake_fd, &one, sizeof one);
    (void)n;  // EAGAIN: the counter is already non-zero, the loop wakes anyway
}

// Writes one swapped buffer 64 KiB at a time, updating in_flight after each piece, so that
// the loop sees the backlog shrink and is woken while the rest is still being written: the
// reader never waits for the loop to notice.
static int write_pieces(fm_writer *w, const char *bytes, size_t count) {
    size_t done = 0;
    while (done < count) {
        size_t piece = count - done < 65536 ? count - done : 65536;
        int error = write_all(w->fd, bytes + done, piece);
        if (error) return error;
        done += piece;
        pthread_mutex_lock(&w->lock);
        w->in_flight = count - done;
        if (w->wake_below && w->pending_count + w->in_flight < w->wake_below) wake_loop(w);
        pthread_mutex_unlock(&w->lock);
    }
    return 0;
}

static void *writer_main(void *argument) {
    fm_writer *w = argument;
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, NULL);
    prctl(PR_SET_NAME, "output");
    char *writing = NULL;
    size_t writing_capacity = 0;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (w->pending_count == 0 && !w->stopping) pthread_cond_wait(&w->has_work, &w->lock);
        if (w->pending_count == 0 && w->stopping) break;
        // The loop is filling room in `pending` without the lock: swap once it committed.
        while (w->reserved) pthread_cond_wait(&w->unreserved, &w->lock);
        // Swap buffers: the loop keeps appending to the other one meanwhile.
        char *swap = w->pending;
        size_t swap_capacity = w->pending_capacity;
        w->pending = writing;
        w->pending_capacity = writing_capacity;
        writing = swap;
        writing_capacity = swap_capacity;
        size_t count = w->pending_count;
        w->pending_count = 0;
        w->in_flight = count;
        int failed = w->error;
        pthread_mutex_unlock(&w->lock);
        int error = failed ? failed : write_pieces(w, writing, count);
        pthread_mutex_lock(&w->lock);
        if (error && !w->error) w->error = error;
        if (error) w->dropped += count;
        w->in_flight = 0;
        // Keep memory bounded after a burst: drop a large idle buffer.
        if (writing_capacity > (1u << 20)) {
            free(writing);
            writing = NULL;
            writing_capacity = 0;
        }
        if (w->pending_count == 0) pthread_cond_broadcast(&w->drained);
    }
    pthread_cond_broadcast(&w->drained);
    pthread_mutex_unlock(&w->lock);
    free(writing);
    return NULL;
}

fm_writer *fm_writer_create(int fd) {
    fm_writer *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->fd = fd;
    w->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->has_work, NULL);
    pthread_cond_init(&w->drained, NULL);
    pthread_cond_init(&w->unreserved, NULL);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    int error = pthread_create(&w->thread, &attr, writer_main, w);
    pthread_attr_destroy(&attr);
    if (error) {
        if (w->wake_fd >= 0) close(w->wake_fd);
        free(w);
        errno = error;
        return NULL;
    }
    return w;
}

size_t fm_writer_submit(fm_writer *w, const void *bytes, size_t count) {
    pthread_mutex_lock(&w->lock);
    if (w->error) {
        // The reader is gone: output is discarded (and counted), supervision goes on.
        w->dropped += count;
        pthread_mutex_unlock(&w->lock);
        return 0;
    }
    if (count > 0 && ensure_capacity(w, w->pending_count + count)) {
        memcpy(w->pending + w->pending_count, bytes, count);
        w->pending_count += count;
        pthread_cond_signal(&w->has_work);
    } else if (count > 0) {
        w->dropped += count;  // realloc failed: counted, reported at the end
    }
    size_t total = w->pending_count + w->in_flight;
    pthread_mutex_unlock(&w->lock);
    return total;
}

// The room is filled without the lock held: the thread goes on writing (and updating its
// counts) meanwhile, and only waits for the commit before it swaps buffers. A loop preempted
// while formatting never stalls the output.
void *fm_writer_reserve(fm_writer *w, size_t count) {
    pthread_mutex_lock(&w->lock);
    void *room = NULL;
    if (!w->error && ensure_capacity(w, w->pending_count + count)) {
        w->reserved = 1;
        room = w->pending + w->pending_count;
    } else {
        // The reader is gone, or memory ran out: counted like a refused submit.
        w->dropped += count;
    }
    pthread_mutex_unlock(&w->lock);
    return room;
}

size_t fm_writer_commit(fm_writer *w, size_t used, int wake) {
    pthread_mutex_lock(&w->lock);
    w->reserved = 0;
    pthread_cond_signal(&w->unreserved);
    w->pending_count += used;
    if (wake || w->pending_count >= 65536) pthread_cond_signal(&w->has_work);
    size_t total = w->pending_count + w->in_flight;
    pthread_mutex_unlock(&w->lock);
    return total;
}

int fm_writer_wake_fd(fm_writer *w) { return w->wake_fd; }

void fm_writer_wake_below(fm_writer *w, size_t bytes) {
    pthread_mutex_lock(&w->lock);
    w->wake_below = bytes;
    if (w->error || w->pending_count + w->in_flight < bytes) wake_loop(w);
    pthread_mutex_unlock(&w->lock);
}

void fm_writer_flush(fm_writer *w) {
    pthread_mutex_lock(&w->lock);
    if (w->pending_count > 0) pthread_cond_signal(&w->has_work);
    pthread_mutex_unlock(&w->lock);
}

size_t fm_writer_pending(fm_writer *w) {
    pthread_mutex_lock(&w->lock);
    size_t total = w->pending_count + w->in_flight;
    pthread_mutex_unlock(&w->lock);
    return total;
}

int fm_writer_drain(fm_writer *w, int timeout_ms) {
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    if (timeout_ms >= 0) {
        deadline.tv_sec += timeout_ms / 1000;
        deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec += 1;
            deadline.tv_nsec -= 1000000000L;
        }
    }
    int result = 0;
    pthread_mutex_lock(&w->lock);
    while ((w->pending_count > 0 || w->in_flight > 0) && !w->error) {
        if (timeout_ms < 0) {
            pthread_cond_wait(&w->drained, &w->lock);
        } else if (pthread_cond_timedwait(&w->drained, &w->lock, &deadline) == ETIMEDOUT) {
            result = ETIMEDOUT;
            break;
        }
    }
    pthread_mutex_unlock(&w->lock);
    return result;
}

size_t fm_writer_lost(fm_writer *w, int *error) {
    pthread_mutex_lock(&w->lock);
    size_t lost = w->dropped + w->pending_count + w->in_flight;
    *error = w->error;
    pthread_mutex_unlock(&w->lock);
    return lost;
}

size_t fm_writer_dropped(fm_writer *w) {
    pthread_mutex_lock(&w->lock);
    size_t dropped = w->dropped;
    pthread_mutex_unlock(&w->lock);
    return dropped;
}

void fm_writer_destroy(fm_writer *w) {
    pthread_mutex_lock(&w->lock);
    w->stopping = 1;
    int stuck = w->pending_count > 0 || w->in_flight > 0;
    pthread_cond_signal(&w->has_work);
    pthread_mutex_unlock(&w->lock);
    if (stuck && !w->error) {
        // The thread is blocked in write() on a reader that stopped reading: joining would wait
        // for that reader forever. The process is about to exit; leave the thread and its state.
        pthread_detach(w->thread);
        return;
    }
    pthread_join(w->thread, NULL);
    if (w->wake_fd >= 0) close(w->wake_fd);
    free(w->pending);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->has_work);
    pthread_cond_destroy(&w->drained);
    pthread_cond_destroy(&w->unreserved);
    free(w);
}
