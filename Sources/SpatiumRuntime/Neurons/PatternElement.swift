/// One axis of a FEAGI pattern morphology: how a source coordinate is matched, or how
/// destination coordinates are produced from the source coordinate `s`.
///
/// As a **source** element only `.index` filters (the source coordinate must equal it);
/// every other element matches any source coordinate. As a **destination** element:
///
/// | element | JSON | destination coordinates on an axis of size n |
/// |---|---|---|
/// | `.index(i)` | `i` | `i`, if `0 ≤ i < n` |
/// | `.any` | `"*"` | every `0..<n` |
/// | `.same` | `"?"` | `s`, if `s < n` |
/// | `.notSame` | `"!"` | every `0..<n` except `s` |
/// | `.above` / `.below` | `"?+"` / `"?-"` | `s+1..<n` / `0..<s` |
/// | `.atOrAbove` / `.atOrBelow` | `"?+="` / `"?-="` | `s..<n` / `0...s` |
/// | `.offset(d)` | `"?+d"`, `"?-d"` | `s + d`, if inside |
/// | `.range(lo, hi)` | `"?-a:?+b"` | `s+lo ... s+hi`, clipped to `0..<n` |
///
/// ```swift
/// let e = PatternElement(json: "?+2")       // .offset(2)
/// print(e?.jsonText ?? "invalid")           // ?+2
/// ```
public enum PatternElement: Hashable, Sendable, CustomStringConvertible {
    /// An absolute coordinate.
    case index(Int)
    /// `"*"`: every coordinate.
    case any
    /// `"?"`: the source coordinate.
    case same
    /// `"!"`: every coordinate but the source's.
    case notSame
    /// `"?+"`: coordinates above the source's.
    case above
    /// `"?-"`: coordinates below the source's.
    case below
    /// `"?+="`: the source's and above.
    case atOrAbove
    /// `"?-="`: the source's and below.
    case atOrBelow
    /// `"?±d"`: source + d.
    case offset(Int)
    /// `"?-a:?+b"`: source + lo … source + hi.
    case range(Int, Int)

    /// Parses FEAGI's string spelling (`"*"`, `"?"`, `"!"`, `"?+"`, `"?-="`, `"?+3"`,
    /// `"?-1:?+1"`, or a decimal integer); `nil` when the text is none of them.
    ///
    /// ```swift
    /// PatternElement(json: "*")                 // .any
    /// ```
    public init?(json text: String) {
        switch text {
        case "*": self = .any
        case "?": self = .same
        case "!": self = .notSame
        case "?+": self = .above
        case "?-": self = .below
        case "?+=": self = .atOrAbove
        case "?-=": self = .atOrBelow
        default:
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 2 {
                guard let lo = Self.relativeOffset(parts[0]), let hi = Self.relativeOffset(parts[1]) else { return nil }
                self = .range(lo, hi)
            } else if let offset = Self.relativeOffset(Substring(text)) {
                self = .offset(offset)
            } else if let value = Int(text) {
                self = .index(value)
            } else {
                return nil
            }
        }
    }

    private static func relativeOffset(_ text: Substring) -> Int? {
        guard text.first == "?" else { return nil }
        let rest = text.dropFirst()
        guard let sign = rest.first, sign == "+" || sign == "-", rest.count > 1 else { return nil }
        return Int(rest)
    }

    /// The FEAGI JSON spelling: an integer for `.index`, otherwise a string.
    ///
    /// ```swift
    /// PatternElement.same.jsonText              // "?"
    /// ```
    public var jsonText: String {
        switch self {
        case .index(let i): String(i)
        case .any: "*"
        case .same: "?"
        case .notSame: "!"
        case .above: "?+"
        case .below: "?-"
        case .atOrAbove: "?+="
        case .atOrBelow: "?-="
        case .offset(let d): d < 0 ? "?\(d)" : "?+\(d)"
        case .range(let lo, let hi): (lo < 0 ? "?\(lo)" : "?+\(lo)") + ":" + (hi < 0 ? "?\(hi)" : "?+\(hi)")
        }
    }

    /// Same as ``jsonText``.
    public var description: String { jsonText }

    /// Whether a source coordinate passes this element used on the source side.
    ///
    /// ```swift
    /// PatternElement.index(0).matchesSource(0)  // true
    /// ```
    @inlinable
    public func matchesSource(_ coordinate: Int) -> Bool {
        if case .index(let i) = self { return coordinate == i }
        return true
    }

    /// The destination coordinates (ascending) this element produces on an axis of
    /// `size` voxels for source coordinate `source`.
    ///
    /// ```swift
    /// PatternElement.notSame.destinations(source: 1, size: 3)   // [0, 2]
    /// ```
    public func destinations(source s: Int, size n: Int) -> [Int] {
        guard n > 0 else { return [] }
        func clipped(_ lo: Int, _ hi: Int) -> [Int] {
            let a = max(lo, 0), b = min(hi, n - 1)
            return a <= b ? Array(a...b) : []
        }
        func plus(_ d: Int) -> Int {                 // saturating: genome offsets may be huge
            let (r, overflow) = s.addingReportingOverflow(d)
            return overflow ? (d > 0 ? Int.max : Int.min) : r
        }
        switch self {
        case .index(let i): return (0..<n).contains(i) ? [i] : []
        case .any: return Array(0..<n)
        case .same: return (0..<n).contains(s) ? [s] : []
        case .notSame: return (0..<n).filter { $0 != s }
        case .above: return clipped(plus(1), n - 1)
        case .below: return clipped(0, plus(-1))
        case .atOrAbove: return clipped(s, n - 1)
        case .atOrBelow: return clipped(0, s)
        case .offset(let d): return (0..<n).contains(plus(d)) ? [plus(d)] : []
        case .range(let lo, let hi): return clipped(plus(lo), plus(hi))
        }
    }
}
