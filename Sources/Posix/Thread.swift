#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSystemShims

/// A joinable pthread running a `Sendable` body. Lives outside main.swift on purpose:
/// closures written there are main-actor isolated and trap on another thread.
public final class Thread: Sendable {
    private final class Box: Sendable {
        let name: String
        let body: @Sendable () -> Void
        init(name: String, body: @escaping @Sendable () -> Void) { self.name = name; self.body = body }
    }

    // @unchecked-free: pthread_t is a plain integer, written once before the object is shared.
    private let id: pthread_t

    public init(name: String, _ body: @escaping @Sendable () -> Void) {
        var id = pthread_t()
        let box = Unmanaged.passRetained(Box(name: name, body: body)).toOpaque()
        let rc = pthread_create(&id, nil, { argument in
            let box = Unmanaged<Box>.fromOpaque(argument!).takeRetainedValue()
            box.name.withCString { cw_set_thread_name($0) }
            box.body()
            return nil
        }, box)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        self.id = id
    }

    public func join() {
        pthread_join(id, nil)
    }

    /// The kernel thread id of the caller, for owner-thread assertions.
    public static var currentID: Int32 { cw_gettid() }
}
