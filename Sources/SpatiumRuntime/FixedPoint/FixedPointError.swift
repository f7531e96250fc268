/// Everything that can go wrong when building Q formats, lookup tables and fixed-point
/// activations. Each description says what is wrong, where, and what was expected.
///
/// ```swift
/// do { _ = try QFormat(parsing: "q8.9") }
/// catch let error as FixedPointError { print(error) }   // invalid Q format "q8.9": I + F = 17 …
/// ```
public enum FixedPointError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A Q-format string or bit split that is not a valid signed Q format.
    case invalidFormat(text: String, reason: String)
    /// A format that TinyMind's lookup cannot handle (it silently computes garbage there).
    case unsupportedTinyMindFormat(format: String, rounding: String, reason: String)
    /// A function that exists only in Spatium's own (`spatium`) mode.
    case notATinyMindTable(function: String)
    /// A function name that is not known.
    case unknownFunction(name: String, valid: [String])
    /// A table option (domain, entries, maxErrorLSB, …) that cannot be honoured.
    case invalidTableOption(option: String, reason: String)
    /// `maxErrorLSB` cannot be met with a uniform table of reasonable size.
    case maxErrorUnreachable(function: String, format: String, maxErrorLSB: Double, reason: String)
    /// An output buffer shorter than its input buffer.
    case bufferSizeMismatch(inputCount: Int, outputCount: Int)
    /// A precision string that is neither a float precision nor a Q format.
    case invalidPrecision(text: String, reason: String)
    /// A lookup-table mode string that is not known.
    case invalidMode(text: String)
    /// A name that is not a valid C identifier (for header export).
    case invalidCIdentifier(name: String)
    /// A `.float32` evaluation without a float provider, or raw (integer) data given to a float precision.
    case floatPrecisionNeedsProvider(reason: String)

    /// What is wrong, where, and what was expected.
    ///
    /// ```swift
    /// print(FixedPointError.invalidMode(text: "fast"))
    /// ```
    public var description: String {
        switch self {
        case let .invalidFormat(text, reason):
            return "invalid Q format \"\(text)\": \(reason); expected \"q<I>.<F>\" (or \"Q<I>.<F>\") with I ≥ 1 integer bits"
                + " counting the sign bit, F ≥ 0 fractional bits and I + F ∈ {8, 16, 32, 64},"
                + " e.g. q8.8, q16.16, q4.12, q1.15, q32.32"
        case let .unsupportedTinyMindFormat(format, rounding, reason):
            return "lookup mode tinymind (\(rounding)) cannot use \(format): \(reason); TinyMind's lookup is only"
                + " correct for I ≥ 4 and 3 ≤ F ≤ 33 (RoundUp: F ≤ 31), e.g. q8.8, q16.16, q4.12, q24.8, q32.32;"
                + " use mode spatium for any other format"
        case let .notATinyMindTable(function):
            return "TinyMind has no \(function) table (its tables are sigmoid, tanh, exp, log, sin, cos);"
                + " use mode spatium for \(function)"
        case let .unknownFunction(name, valid):
            return "unknown function \"\(name)\"; expected one of: \(valid.joined(separator: ", "))"
        case let .invalidTableOption(option, reason):
            return "invalid lookup-table option \(option): \(reason)"
        case let .maxErrorUnreachable(function, format, maxErrorLSB, reason):
            return "cannot build a \(function) table in \(format) within \(maxErrorLSB) LSB: \(reason)"
        case let .bufferSizeMismatch(inputCount, outputCount):
            return "output buffer holds \(outputCount) elements but the input has \(inputCount);"
                + " expected an output at least as long as the input"
        case let .invalidPrecision(text, reason):
            return "invalid precision \"\(text)\": \(reason); expected \"f32\" (or \"float32\") or a Q format"
                + " such as \"q8.8\", optionally followed by a lookup mode: \"q8.8:spatium\","
                + " \"q8.8:tinymind\", \"q8.8:tinymind:roundup\""
        case let .invalidMode(text):
            return "invalid lookup-table mode \"\(text)\"; expected \"spatium\", \"tinymind\","
                + " \"tinymind:truncate\" or \"tinymind:roundup\""
        case let .invalidCIdentifier(name):
            return "\"\(name)\" is not a valid C identifier; expected letters, digits and underscores,"
                + " not starting with a digit"
        case let .floatPrecisionNeedsProvider(reason):
            return "float32 precision: \(reason)"
        }
    }
}
