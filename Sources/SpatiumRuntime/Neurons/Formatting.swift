/// Number formatting for messages and summaries (no Foundation).
///
/// ```swift
/// Formatting.grouped(4194304)        // "4,194,304"
/// Formatting.bytes(100_663_296)      // "96.0 MiB"
/// ```
public enum Formatting {
    /// An integer with thousands separators.
    ///
    /// ```swift
    /// Formatting.grouped(-1234)          // "-1,234"
    /// ```
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return value < 0 ? "-" + out : out
    }

    /// A byte count in binary units with one decimal (`B`, `KiB`, `MiB`, `GiB`, `TiB`, `PiB`, `EiB`).
    ///
    /// ```swift
    /// Formatting.bytes(1536)             // "1.5 KiB"
    /// ```
    public static func bytes(_ value: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var v = Double(value)
        var unit = 0
        while v >= 1024 && unit < units.count - 1 {
            v /= 1024
            unit += 1
        }
        if unit == 0 { return "\(value) B" }
        let tenths = Int((v * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }
}
