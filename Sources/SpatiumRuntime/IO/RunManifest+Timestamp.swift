#if canImport(Glibc)
import Glibc
#endif

extension RunManifest {
    /// A wall-clock instant (UTC), written as ISO 8601 with milliseconds:
    /// `2025-03-04T05:06:07.089Z`.
    ///
    /// ```swift
    /// let start = RunManifest.Timestamp.now()
    /// RunManifest.Timestamp(seconds: 0, nanoseconds: 0).iso8601     // "1970-01-01T00:00:00.000Z"
    /// ```
    public struct Timestamp: Hashable, Sendable, CustomStringConvertible {
        /// Seconds since 1970-01-01T00:00:00Z.
        public var seconds: Int64
        /// Nanoseconds within the second (0…999 999 999).
        public var nanoseconds: Int32

        public init(seconds: Int64, nanoseconds: Int32 = 0) {
            self.seconds = seconds
            self.nanoseconds = nanoseconds
        }

        /// The current time (`CLOCK_REALTIME`).
        public static func now() -> Timestamp {
            var time = timespec()
            clock_gettime(CLOCK_REALTIME, &time)
            return Timestamp(seconds: Int64(time.tv_sec), nanoseconds: Int32(time.tv_nsec))
        }

        /// Seconds from `self` to `later` (negative if `later` is earlier).
        public func seconds(until later: Timestamp) -> Double {
            Double(later.seconds - seconds) + Double(later.nanoseconds - nanoseconds) * 1e-9
        }

        /// `YYYY-MM-DDThh:mm:ss.sssZ` (UTC, milliseconds truncated).
        public var iso8601: String {
            var time = time_t(seconds)
            var parts = tm()
            guard gmtime_r(&time, &parts) != nil else { return "\(seconds)" }
            func digits(_ value: Int32, _ width: Int) -> String {
                let text = String(value)
                return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
            }
            return digits(parts.tm_year + 1900, 4) + "-" + digits(parts.tm_mon + 1, 2) + "-" + digits(parts.tm_mday, 2)
                + "T" + digits(parts.tm_hour, 2) + ":" + digits(parts.tm_min, 2) + ":" + digits(parts.tm_sec, 2)
                + "." + digits(nanoseconds / 1_000_000, 3) + "Z"
        }

        public var description: String { iso8601 }
    }
}
