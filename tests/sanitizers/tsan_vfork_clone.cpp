// Linked into every test executable of the thread-sanitizer build (tests/CMakeLists.txt).
//
// QProcess (Qt 6.4, forkfd) starts a child with clone(CLONE_VM | CLONE_VFORK): the child shares
// the parent's memory until it calls exec. clang-14's thread sanitizer intercepts clone and, in the
// child, resets its per-thread state as after a fork — in the memory it shares with the parent, so
// the parent then fails ThreadSanitizer's own check "!thr->slot" and aborts. The tests start
// kse-backend through QProcess, so without this none of them could run under the sanitizer.
//
// This definition takes precedence over the sanitizer's weak one: a clone that shares memory goes
// straight to the C library's clone (as with vfork, the parent waits and the child only execs, so
// there is nothing for the sanitizer to follow), and any other goes to the sanitizer's interceptor.

#include <dlfcn.h>
#include <sched.h>
#include <sys/types.h>

#include <cstdarg>

// The sanitizer runtime's own clone (clang-14 names its interceptors __interceptor_NAME).
extern "C" int __interceptor_clone(int (*fn)(void*), void* stack, int flags, void* arg, int* parentTid, void* tls,
                                   pid_t* childTid);

extern "C" int clone(int (*fn)(void*), void* stack, int flags, void* arg, ...) {
    // The C library's prototype: the last three arguments are read only for some flags, so they
    // are passed on whatever they hold.
    va_list more;
    va_start(more, arg);
    int* parentTid = va_arg(more, int*);
    void* tls = va_arg(more, void*);
    pid_t* childTid = va_arg(more, pid_t*);
    va_end(more);
    if ((flags & CLONE_VM) != 0) {
        using Clone = int (*)(int (*)(void*), void*, int, void*, ...);
        static const auto libcClone = reinterpret_cast<Clone>(dlsym(RTLD_NEXT, "clone"));
        return libcClone(fn, stack, flags, arg, parentTid, tls, childTid);
    }
    return __interceptor_clone(fn, stack, flags, arg, parentTid, tls, childTid);
}
