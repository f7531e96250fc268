/// FEAGI cortical-area ids: decoding 3.0's base64 ids to the 6-character 2.x form, and
/// deriving 6-character ids from Spatium area names.
///
/// **Decoding** (GENOME.md; the migration in feagi-core): an id of 12 characters that is base64
/// of 8 bytes is decoded.
/// - Printable ids lose their 2 padding underscores: core ids are padded at the start
///   (`X19fcG93ZXI=` = `___power` → `_power`), all others at the end
///   (`Y080TTNfX18=` = `cO4M3___` → `cO4M3_`).
/// - Binary IO ids (4 ASCII letters + flag bytes) map back to their legacy names: `isvi` with
///   unit N in the high nibble of byte 4 → `iic<N>00` (segmented vision); `omot` → `omot<NN>`,
///   `ogaz` → `ogaz<NN>`. Any other binary id becomes `<4 letters>_<hex of bytes 4…7>`.
///
/// Anything else is returned unchanged.
///
/// **Deriving** (for export): a name that is already a FEAGI id (6 characters from
/// `[A-Za-z0-9_]`, first one of `c m i o _`) is kept; otherwise `c` + the first 5 name
/// characters (others than `[A-Za-z0-9_]` become `_`), padded with `_`; on a clash `c` + 2
/// characters + 3 base-36 digits of a hash of the name (probing deterministically).
///
/// ```swift
/// FEAGIAreaID.decode("X19fcG93ZXI=")        // "_power"
/// FEAGIAreaID.decode("aXN2aUkAAAA=")        // "iic400"
/// FEAGIAreaID.derive(from: "retina", taken: [])   // "cretin"
/// ```
public enum FEAGIAreaID {
    /// Decodes a 3.0 base64 id to the 6-character form; other ids are returned unchanged.
    ///
    /// ```swift
    /// FEAGIAreaID.decode("Y19fbGVmX18=")        // "c__lef"
    /// ```
    public static func decode(_ id: String) -> String {
        guard id.utf8.count == 12, let bytes = base64Decode(id), bytes.count == 8 else { return id }
        let printable = bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        if printable {
            let text = String(decoding: bytes, as: UTF8.self)
            if text.hasPrefix("___") { return String(text.dropFirst(2)) }
            if text.hasSuffix("__") { return String(text.dropLast(2)) }
            return text
        }
        let head = bytes.prefix(4)
        guard head.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) }) else { return id }
        let subtype = String(decoding: head, as: UTF8.self)
        let unit = Int(bytes[4] >> 4)
        let restZero = bytes[5] == 0 && bytes[6] == 0 && bytes[7] == 0
        if restZero {
            switch subtype {
            case "isvi" where unit <= 8: return "iic\(unit)00"
            case "omot", "ogaz": return subtype + (unit < 10 ? "0\(unit)" : String(unit))
            default: break
            }
        }
        let hex = bytes[4...].map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined()
        return subtype + "_" + hex
    }

    /// Whether `id` is a usable FEAGI 2.x id: 6 characters from `[A-Za-z0-9_]`, first
    /// character `c`, `m`, `i`, `o` or `_`.
    ///
    /// ```swift
    /// FEAGIAreaID.isValid("c__for")              // true
    /// FEAGIAreaID.isValid("retina")              // false (first character)
    /// ```
    public static func isValid(_ id: String) -> Bool {
        let u = Array(id.utf8)
        guard u.count == 6, let first = u.first, "cmio_".utf8.contains(first) else { return false }
        return u.allSatisfy(isIDByte)
    }

    private static func isIDByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
    }

    /// A 6-character id for `name` that is not in `taken` (see the type's rules).
    ///
    /// ```swift
    /// FEAGIAreaID.derive(from: "v1", taken: [])          // "cv1___"
    /// ```
    public static func derive(from name: String, taken: Set<String>) -> String {
        if isValid(name) && !taken.contains(name) { return name }
        let cleaned = name.utf8.map { isIDByte($0) ? $0 : UInt8(ascii: "_") }
        var first = [UInt8(ascii: "c")] + cleaned.prefix(5)
        while first.count < 6 { first.append(UInt8(ascii: "_")) }
        let candidate = String(decoding: first, as: UTF8.self)
        if !taken.contains(candidate) { return candidate }
        // FNV-1a of the name, then SplitMix64 probing: deterministic for a given order of names.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in name.utf8 { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        var prefix = [UInt8(ascii: "c")] + cleaned.prefix(2)
        while prefix.count < 3 { prefix.append(UInt8(ascii: "_")) }
        // c + 2 name characters + 3 base-36 digits; then c + 5 digits; both spaces are probed
        // in a hash-defined order, so the result depends only on the name and `taken`.
        for (head, digitCount, space) in [(prefix, 3, 46_656), ([UInt8(ascii: "c")], 5, 60_466_176)] {
            for probe in 0..<UInt64(space) {
                var h = SplitMix64.mix(hash &+ probe)
                var tail = [UInt8](repeating: 0, count: digitCount)
                for i in (0..<digitCount).reversed() {
                    tail[i] = digits[Int(h % 36)]
                    h /= 36
                }
                let id = String(decoding: head + tail, as: UTF8.self)
                if !taken.contains(id) { return id }
            }
        }
        return candidate           // unreachable in practice: 60 million ids taken
    }

    /// Standard base64 (with `=` padding) to bytes; `nil` for anything else.
    ///
    /// ```swift
    /// FEAGIAreaID.base64Decode("X19fcG93ZXI=")   // Array("___power".utf8)
    /// ```
    public static func base64Decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 4 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt32? {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(c - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(c - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"): 62
            case UInt8(ascii: "/"): 63
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 4 * 3)
        var i = 0
        while i < chars.count {
            let last = i + 4 == chars.count
            var padding = 0
            var group: UInt32 = 0
            for j in 0..<4 {
                let c = chars[i + j]
                if c == UInt8(ascii: "=") {
                    guard last, j >= 2 else { return nil }
                    padding += 1
                    group <<= 6
                } else {
                    guard padding == 0, let v = value(c) else { return nil }
                    group = group << 6 | v
                }
            }
            out.append(UInt8(truncatingIfNeeded: group >> 16))
            if padding < 2 { out.append(UInt8(truncatingIfNeeded: group >> 8)) }
            if padding < 1 { out.append(UInt8(truncatingIfNeeded: group)) }
            i += 4
        }
        return out
    }
}
