// Linked into every executable of the thread-sanitizer build (cmake/KseSanitizers.cmake).
//
// librdkafka (Debian's build) makes its threads, mutexes and condition variables with the C11
// calls of <threads.h>. glibc implements those on top of its pthread functions but calls them
// internally, and clang-14's thread sanitizer intercepts only the pthread entry points: a thread
// librdkafka starts is unknown to the sanitizer, whose runtime then crashes on that thread's first
// intercepted call (malloc), and librdkafka's locks would be invisible to it besides.
//
// These definitions take precedence over glibc's and do what glibc does, through the public
// pthread functions the sanitizer sees (in glibc, thrd_t is a pthread_t and mtx_t and cnd_t are
// the same size and layout as pthread_mutex_t and pthread_cond_t).

#include <pthread.h>
#include <threads.h>

#include <cerrno>
#include <cstdint>
#include <new>

namespace {

static_assert(sizeof(mtx_t) == sizeof(pthread_mutex_t) && sizeof(cnd_t) == sizeof(pthread_cond_t));
static_assert(sizeof(thrd_t) == sizeof(pthread_t));

int result(int error) {
    switch (error) {
    case 0: return thrd_success;
    case ENOMEM: return thrd_nomem;
    case EAGAIN: return thrd_nomem;
    case EBUSY: return thrd_busy;
    case ETIMEDOUT: return thrd_timedout;
    default: return thrd_error;
    }
}

pthread_mutex_t* asPthread(mtx_t* mutex) { return reinterpret_cast<pthread_mutex_t*>(mutex); }
pthread_cond_t* asPthread(cnd_t* condition) { return reinterpret_cast<pthread_cond_t*>(condition); }

struct Start {
    thrd_start_t function;
    void* argument;
};

void* run(void* start) {
    const Start copy = *static_cast<Start*>(start);
    delete static_cast<Start*>(start);
    return reinterpret_cast<void*>(static_cast<std::intptr_t>(copy.function(copy.argument)));
}

} // namespace

extern "C" {

int thrd_create(thrd_t* thread, thrd_start_t function, void* argument) {
    auto* start = new (std::nothrow) Start{function, argument};
    if (start == nullptr)
        return thrd_nomem;
    pthread_t id{};
    const int error = pthread_create(&id, nullptr, run, start);
    if (error != 0) {
        delete start;
        return result(error);
    }
    *thread = id;
    return thrd_success;
}

int thrd_join(thrd_t thread, int* exitCode) {
    void* value = nullptr;
    const int error = pthread_join(thread, &value);
    if (error == 0 && exitCode != nullptr)
        *exitCode = static_cast<int>(reinterpret_cast<std::intptr_t>(value));
    return result(error);
}

int thrd_detach(thrd_t thread) { return result(pthread_detach(thread)); }

int mtx_init(mtx_t* mutex, int type) {
    pthread_mutexattr_t attributes;
    pthread_mutexattr_init(&attributes);
    if ((type & mtx_recursive) != 0)
        pthread_mutexattr_settype(&attributes, PTHREAD_MUTEX_RECURSIVE);
    const int error = pthread_mutex_init(asPthread(mutex), &attributes);
    pthread_mutexattr_destroy(&attributes);
    return result(error);
}

int mtx_lock(mtx_t* mutex) { return result(pthread_mutex_lock(asPthread(mutex))); }
int mtx_trylock(mtx_t* mutex) { return result(pthread_mutex_trylock(asPthread(mutex))); }
int mtx_timedlock(mtx_t* __restrict mutex, const struct timespec* __restrict until) {
    return result(pthread_mutex_timedlock(asPthread(mutex), until));
}
int mtx_unlock(mtx_t* mutex) { return result(pthread_mutex_unlock(asPthread(mutex))); }
void mtx_destroy(mtx_t* mutex) { pthread_mutex_destroy(asPthread(mutex)); }

int cnd_init(cnd_t* condition) { return result(pthread_cond_init(asPthread(condition), nullptr)); }
int cnd_signal(cnd_t* condition) { return result(pthread_cond_signal(asPthread(condition))); }
int cnd_broadcast(cnd_t* condition) { return result(pthread_cond_broadcast(asPthread(condition))); }
int cnd_wait(cnd_t* condition, mtx_t* mutex) {
    return result(pthread_cond_wait(asPthread(condition), asPthread(mutex)));
}
int cnd_timedwait(cnd_t* __restrict condition, mtx_t* __restrict mutex, const struct timespec* __restrict until) {
    return result(pthread_cond_timedwait(asPthread(condition), asPthread(mutex), until));
}
void cnd_destroy(cnd_t* condition) { pthread_cond_destroy(asPthread(condition)); }

} // extern "C"
