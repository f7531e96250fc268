/// Generic code over a tensor's elements, specialised per dtype by ``Tensor/accept(_:)``.
public protocol TensorVisitor {
    associatedtype Result
    func visit<T: TensorElement>(_ elements: UnsafeMutableBufferPointer<T>) -> Result
}
