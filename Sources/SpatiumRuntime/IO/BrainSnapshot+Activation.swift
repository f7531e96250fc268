/// How a snapshot describes an area's activation maps in `spatium.state` (the maps themselves
/// are the `activation_codes` tensor):
///
/// ```json
/// {"layout": {"type": "gradient", "center": "gelu", "edge": "relu"},
///  "hash": "magnitude", "resolution": 0.5, "storage": "shared", "palette": ["relu", "gelu"],
///  "neuron_hits": false}
/// ```
///
/// Layout `type`s: `uniform {function}`, `random {seed, set}`, `gradient {center, edge}`,
/// `radial {rings}`, `checker {a, b}`, `stripes {a, b, axis}`, `cells {cells}`; functions by
/// their canonical names (`"leaky_relu:0.1"`), seeds as decimal strings.
///
/// ```swift
/// let json = BrainSnapshot.encodeLayout(.gradient(center: .gelu, edge: .relu))
/// let back = try BrainSnapshot.decodeLayout(json)       // the same layout
/// ```
extension BrainSnapshot {
    /// The JSON of a layout.
    static func encodeLayout(_ layout: ActivationLayout) -> JSONValue {
        func name(_ function: ActivationFunction) -> JSONValue { .string(function.name) }
        func names(_ functions: [ActivationFunction]) -> JSONValue { .array(functions.map(name)) }
        switch layout.kind {
        case .uniform(let function):
            return ["type": "uniform", "function": name(function)]
        case .random(let seed, let set):
            return ["type": "random", "seed": .string(String(seed)), "set": names(set)]
        case .gradient(let center, let edge):
            return ["type": "gradient", "center": name(center), "edge": name(edge)]
        case .radial(let rings):
            return ["type": "radial", "rings": names(rings)]
        case .checker(let a, let b):
            return ["type": "checker", "a": name(a), "b": name(b)]
        case .stripes(let a, let b, let axis):
            return ["type": "stripes", "a": name(a), "b": name(b), "axis": .string(axis.rawValue)]
        case .cells(let cells):
            return ["type": "cells", "cells": names(cells)]
        }
    }

    /// The layout `encodeLayout` wrote; throws a phrase describing what is wrong.
    static func decodeLayout(_ value: JSONValue) throws(BrainSnapshotProblem) -> ActivationLayout {
        guard case .object(let object) = value else { throw BrainSnapshotProblem("layout must be an object, found \(value.kindDescription)") }
        func field(_ key: String) throws(BrainSnapshotProblem) -> JSONValue {
            guard let found = object[key] else { throw BrainSnapshotProblem("layout has no \"\(key)\"") }
            return found
        }
        func function(_ key: String) throws(BrainSnapshotProblem) -> ActivationFunction {
            try decodeFunction(try field(key), "layout \"\(key)\"")
        }
        func functions(_ key: String) throws(BrainSnapshotProblem) -> [ActivationFunction] {
            guard case .array(let items) = try field(key) else { throw BrainSnapshotProblem("layout \"\(key)\" must be an array of function names") }
            var result: [ActivationFunction] = []
            for item in items { result.append(try decodeFunction(item, "layout \"\(key)\"")) }
            return result
        }
        guard case .string(let type) = try field("type") else { throw BrainSnapshotProblem("layout \"type\" must be a string") }
        do {
            switch type {
            case "uniform":
                return .uniform(try function("function"))
            case "random":
                guard case .string(let text) = try field("seed"), let seed = UInt64(text) else {
                    throw BrainSnapshotProblem("layout \"seed\" must be a decimal string")
                }
                return try .random(seed: seed, set: try functions("set"))
            case "gradient":
                return .gradient(center: try function("center"), edge: try function("edge"))
            case "radial":
                return try .radial(try functions("rings"))
            case "checker":
                return .checker(try function("a"), try function("b"))
            case "stripes":
                guard case .string(let text) = try field("axis"), let axis = ActivationLayout.StripeAxis(rawValue: text) else {
                    throw BrainSnapshotProblem("layout \"axis\" must be \"rows\" or \"columns\"")
                }
                return .stripes(try function("a"), try function("b"), axis: axis)
            case "cells":
                return try .cells(try functions("cells"))
            default:
                throw BrainSnapshotProblem("unknown layout type \"\(type)\"")
            }
        } catch let error as BrainSnapshotProblem {
            throw error
        } catch {
            throw BrainSnapshotProblem("\(error)")
        }
    }

    /// A function from its canonical name.
    static func decodeFunction(_ value: JSONValue, _ what: String) throws(BrainSnapshotProblem) -> ActivationFunction {
        guard case .string(let text) = value else { throw BrainSnapshotProblem("\(what) must be a function name, found \(value.kindDescription)") }
        do { return try ActivationFunction(name: text) } catch { throw BrainSnapshotProblem("\(what): \(error)") }
    }

    /// The JSON of a pattern hash source (`resolution` only for `magnitude`).
    static func encodeHash(_ source: PatternHashSource, into object: inout JSONObject) {
        switch source {
        case .sources: object.append("hash", "sources")
        case .position: object.append("hash", "position")
        case .magnitude(let resolution):
            object.append("hash", "magnitude")
            object.append("resolution", .float(resolution))
        }
    }

    /// The hash source `encodeHash` wrote.
    static func decodeHash(_ object: JSONObject) throws(BrainSnapshotProblem) -> PatternHashSource {
        guard case .string(let name) = object["hash"] else { throw BrainSnapshotProblem("activation \"hash\" must be a string") }
        var resolution: Float?
        if let value = object["resolution"] {
            guard let number = value.doubleValue else { throw BrainSnapshotProblem("activation \"resolution\" must be a number") }
            resolution = Float(number)
        }
        do { return try PatternHashSource(name: name, resolution: resolution) } catch { throw BrainSnapshotProblem("\(error)") }
    }
}
