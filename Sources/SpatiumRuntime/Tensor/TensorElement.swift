/// A Swift type that can be a ``Tensor`` element: `Float`, `Double`, `Int32`, `Int64`, `UInt8`.
public protocol TensorElement: Numeric, Comparable, Sendable {
    /// The dtype this Swift type stores as.
    static var dtype: TensorDType { get }
    /// The value as a `Double` (exact for every element type but the widest integers).
    var doubleValue: Double { get }
    /// The value as an `Int64` (floats truncate toward zero; NaN and out-of-range saturate to 0 / the bound).
    var int64Value: Int64 { get }
    /// The element nearest to `value`: floats convert, integers truncate toward zero and saturate.
    init(converting value: Double)
    /// The element for an integer: integers wrap to their width, floats convert.
    init(convertingInteger value: Int64)
}

@inline(__always)
func saturatingInteger<T: FixedWidthInteger>(_ value: Double, as: T.Type) -> T {
    if value.isNaN { return 0 }
    if value <= Double(T.min) { return T.min }
    if value >= Double(T.max) { return T.max }
    return T(value.rounded(.towardZero))
}

extension Float: TensorElement {
    public static var dtype: TensorDType { .float32 }
    public var doubleValue: Double { Double(self) }
    public var int64Value: Int64 { saturatingInteger(Double(self), as: Int64.self) }
    public init(converting value: Double) { self = Float(value) }
    public init(convertingInteger value: Int64) { self = Float(value) }
}

extension Double: TensorElement {
    public static var dtype: TensorDType { .float64 }
    public var doubleValue: Double { self }
    public var int64Value: Int64 { saturatingInteger(self, as: Int64.self) }
    public init(converting value: Double) { self = value }
    public init(convertingInteger value: Int64) { self = Double(value) }
}

extension Int32: TensorElement {
    public static var dtype: TensorDType { .int32 }
    public var doubleValue: Double { Double(self) }
    public var int64Value: Int64 { Int64(self) }
    public init(converting value: Double) { self = saturatingInteger(value, as: Int32.self) }
    public init(convertingInteger value: Int64) { self = Int32(truncatingIfNeeded: value) }
}

extension Int64: TensorElement {
    public static var dtype: TensorDType { .int64 }
    public var doubleValue: Double { Double(self) }
    public var int64Value: Int64 { self }
    public init(converting value: Double) { self = saturatingInteger(value, as: Int64.self) }
    public init(convertingInteger value: Int64) { self = value }
}

extension UInt8: TensorElement {
    public static var dtype: TensorDType { .uint8 }
    public var doubleValue: Double { Double(self) }
    public var int64Value: Int64 { Int64(self) }
    public init(converting value: Double) { self = saturatingInteger(value, as: UInt8.self) }
    public init(convertingInteger value: Int64) { self = UInt8(truncatingIfNeeded: value) }
}
