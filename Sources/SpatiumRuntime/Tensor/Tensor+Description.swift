extension Tensor: CustomStringConvertible {
    /// `tensor(f32, {3}) [1, 2, 3]`; tensors over 12 elements show the first and last 5.
    public var description: String {
        var text = "tensor(\(dtype.name), \(Tensor.describe(shape: shape))) ["
        func element(_ i: Int) -> String {
            dtype.isInteger ? String(int64(at: i)) : Tensor.format(double(at: i), single: dtype == .float32)
        }
        if count <= 12 {
            text += (0..<count).map(element).joined(separator: ", ")
        } else {
            text += (0..<5).map(element).joined(separator: ", ") + ", …, "
            text += (count - 5..<count).map(element).joined(separator: ", ")
        }
        return text + "]"
    }

    /// Shortest round-trip text of a float element (`Float` precision when `single`).
    public static func format(_ value: Double, single: Bool) -> String {
        single ? Float(value).description : value.description
    }
}
