#if canImport(Glibc)
import Glibc
#endif

extension Brain {
    /// How bursts treat neurons without input (default ``Dynamics/feagi``).
    ///
    /// ```swift
    /// brain.dynamics = .dense
    /// ```
    public var dynamics: Dynamics {
        get { engine.dynamics }
        set { engine.dynamics = newValue }
    }

    /// Worker threads for bursts (results are identical for every value).
    public var threads: Int {
        get { engine.threads }
        set { engine.threads = max(newValue, 1) }
    }

    /// Bursts completed so far.
    public var burst: UInt64 { engine.burst }

    /// Runs one burst.
    ///
    /// ```swift
    /// try brain.step()
    /// ```
    public func step() throws { try engine.step() }

    /// Runs `bursts` bursts; `observer` runs after each and stops the run by returning false.
    ///
    /// ```swift
    /// try brain.run(bursts: 1000) { brain in print(brain.burst); return true }
    /// ```
    public func run(bursts: Int, observer: ((Brain) -> Bool)? = nil) throws {
        try engine.run(bursts: bursts) { _ in observer?(self) ?? true }
    }

    /// The machine's core count (the default for `--threads 0`).
    public static var coreCount: Int { max(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 1) }
}
