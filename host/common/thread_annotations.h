// Clang's thread-safety annotations (-Wthread-safety), which let the
// compiler check that shared state is touched only under its lock. Other
// compilers see nothing. Names and meanings follow Clang's documentation
// ("Thread Safety Analysis"); host/common/mutex.h provides the annotated
// locks they apply to.
#ifndef ODMCP_HOST_COMMON_THREAD_ANNOTATIONS_H_
#define ODMCP_HOST_COMMON_THREAD_ANNOTATIONS_H_

#if defined(__clang__)
#define ODMCP_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define ODMCP_THREAD_ANNOTATION(x)
#endif

// A type that is a lock.
#define CAPABILITY(name) ODMCP_THREAD_ANNOTATION(capability(name))
// An RAII type that holds a lock for its lifetime.
#define SCOPED_CAPABILITY ODMCP_THREAD_ANNOTATION(scoped_lockable)
// A member read or written only with the lock held.
#define GUARDED_BY(lock) ODMCP_THREAD_ANNOTATION(guarded_by(lock))
// A pointer whose pointee is touched only with the lock held.
#define PT_GUARDED_BY(lock) ODMCP_THREAD_ANNOTATION(pt_guarded_by(lock))
// A function the caller must call with the lock held (exclusively, or shared).
#define REQUIRES(...) ODMCP_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define REQUIRES_SHARED(...) ODMCP_THREAD_ANNOTATION(requires_shared_capability(__VA_ARGS__))
// A function the caller must call without the lock (it takes it).
#define EXCLUDES(...) ODMCP_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
// Functions that take or release a lock.
#define ACQUIRE(...) ODMCP_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define ACQUIRE_SHARED(...) ODMCP_THREAD_ANNOTATION(acquire_shared_capability(__VA_ARGS__))
#define RELEASE(...) ODMCP_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define RELEASE_SHARED(...) ODMCP_THREAD_ANNOTATION(release_shared_capability(__VA_ARGS__))
#define RELEASE_GENERIC(...) ODMCP_THREAD_ANNOTATION(release_generic_capability(__VA_ARGS__))
#define TRY_ACQUIRE(...) ODMCP_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
// Tells the analysis the lock is held here (checked at run time elsewhere).
#define ASSERT_CAPABILITY(lock) ODMCP_THREAD_ANNOTATION(assert_capability(lock))

#endif  // ODMCP_HOST_COMMON_THREAD_ANNOTATIONS_H_
