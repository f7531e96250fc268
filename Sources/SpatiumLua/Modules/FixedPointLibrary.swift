import CLua
import SpatiumRuntime

/// A Q format as a Lua value.
final class QFormatObject: LuaObject {
    static let luaTypeName: StaticString = "spatium.q"
    let format: QFormat
    init(_ format: QFormat) { self.format = format }
}

/// A lookup table as a Lua value.
final class LookupTableObject: LuaObject {
    static let luaTypeName: StaticString = "spatium.lut"
    let table: LookupTable
    init(_ table: LookupTable) { self.table = table }
}

/// `spatium.q(text)` (Q formats) and `spatium.lut{…}` (activation lookup tables), and the
/// `precision` option of `spatium.activation.apply`.
///
/// ```lua
/// local q = spatium.q("q8.8")
/// print(q, q:raw(1.5), q:real(384), q:min(), q:max(), q:lsb())   -- Q8.8 384 1.5 -128 127.99609375 0.00390625
/// local t = spatium.lut{fn = "tanh", format = "q8.8", mode = "tinymind", rounding = "truncate"}
/// print(t:eval(0.5), t:eval_raw(128), t:error().max_lsb, t:bytes())
/// t:export_c(spatium.output("tanh_q8_8.h"))
/// ```
enum FixedPointLibrary: SpatiumLibrary {
    static func install(in lua: LuaState, module: Int32) {
        LuaUserdata.register(QFormatObject.self, in: lua, methods: [
            ("raw", raw), ("real", real), ("min", minimum), ("max", maximum), ("lsb", lsb), ("bits", bits),
        ], metamethods: [("__tostring", describeFormat), ("__eq", equalFormats)])
        LuaUserdata.register(LookupTableObject.self, in: lua, methods: [
            ("eval", eval), ("eval_raw", evalRaw), ("values", values), ("error", errorReport),
            ("export_c", exportC), ("export_csv", exportCSV), ("bytes", bytes), ("info", info),
        ], metamethods: [("__tostring", describeTable)])
        lua.push(function: makeFormat)
        lua.rawSet(at: module, key: "q")
        lua.push(function: makeTable)
        lua.rawSet(at: module, key: "lut")
    }

    static func format(_ lua: LuaState, at index: Int32) throws(LuaError) -> QFormat {
        if let object = LuaUserdata.test(QFormatObject.self, at: index, in: lua) { return object.format }
        let text = try lua.checkString(index)
        do { return try QFormat(parsing: text) } catch { throw LuaError.argument(index, "\(error)") }
    }

    static let makeFormat: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            LuaUserdata.push(QFormatObject(try format(lua, at: 1)), in: lua)
            return 1
        }
    }

    static func object(_ lua: LuaState) throws(LuaError) -> QFormat {
        try LuaUserdata.check(QFormatObject.self, at: 1, in: lua).format
    }

    static let raw: LuaCFunction = { L in
        LuaFunction.run(L) { lua in lua.push(try object(lua).raw(try lua.checkNumber(2))); return 1 }
    }
    static let real: LuaCFunction = { L in
        LuaFunction.run(L) { lua in lua.push(try object(lua).real(try lua.checkInteger(2))); return 1 }
    }
    static let minimum: LuaCFunction = { L in
        LuaFunction.run(L) { lua in let f = try object(lua); lua.push(f.real(f.minRaw)); return 1 }
    }
    static let maximum: LuaCFunction = { L in
        LuaFunction.run(L) { lua in let f = try object(lua); lua.push(f.real(f.maxRaw)); return 1 }
    }
    static let lsb: LuaCFunction = { L in
        LuaFunction.run(L) { lua in lua.push(try object(lua).lsb); return 1 }
    }
    static let bits: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let f = try object(lua)
            lua.push(f.integerBits); lua.push(f.fractionalBits); lua.push(f.storageBits)
            return 3
        }
    }
    static let describeFormat: LuaCFunction = { L in
        LuaFunction.run(L) { lua in lua.push(try object(lua).description); return 1 }
    }
    static let equalFormats: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let a = LuaUserdata.test(QFormatObject.self, at: 1, in: lua), b = LuaUserdata.test(QFormatObject.self, at: 2, in: lua)
            lua.push(a != nil && a?.format == b?.format)
            return 1
        }
    }

    // MARK: spatium.lut

    static let tableKeys = ["fn", "format", "mode", "rounding", "entries", "domain", "max_error_lsb"]

    static let makeTable: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let options = try LuaOptions(lua, argument: 1, known: tableKeys)
            guard let name = try options.string("fn") else { throw LuaError.argument(1, "field 'fn': string expected, got nil") }
            let function: LUTFunction
            do { function = try LUTFunction(name: name) } catch { throw LuaError.argument(1, "field 'fn': \(error)") }
            let format: QFormat = try options.with("format") { (type) throws(LuaError) -> QFormat in
                if type.isAbsent { return .q8_8 }
                do { return try FixedPointLibrary.format(lua, at: lua.absolute(-1)) } catch let error as LuaError {
                    if case .argument(_, let message) = error { throw LuaError.argument(1, "field 'format': \(message)") }
                    throw error
                } catch {
                    throw LuaError.argument(1, "field 'format': \(error)")
                }
            }
            var modeText = try options.string("mode") ?? "spatium"
            if let rounding = try options.string("rounding") {
                guard modeText == "tinymind" else { throw LuaError.argument(1, "field 'rounding' applies to mode = \"tinymind\" only") }
                guard rounding == "truncate" || rounding == "roundup" else {
                    throw LuaError.argument(1, "field 'rounding': 'truncate' or 'roundup' expected, got '\(rounding)'")
                }
                modeText += ":" + rounding
            }
            let mode: LUTMode
            do { mode = try LUTMode(parsing: modeText) } catch { throw LuaError.argument(1, "field 'mode': \(error)") }
            let domain = try options.numbers("domain")
            if let domain, domain.count != 2 { throw LuaError.argument(1, "field 'domain': {low, high} expected") }
            let entries = try options.integer("entries")
            let maxError = try options.number("max_error_lsb")
            do {
                let table = try LookupTable(function, format: format, mode: mode, domain: domain.map { ($0[0], $0[1]) },
                                            entries: entries.map(Int.init), maxErrorLSB: maxError)
                LuaUserdata.push(LookupTableObject(table), in: lua)
            } catch {
                throw LuaError.argument(1, "\(error)")
            }
            return 1
        }
    }

    static func table(_ lua: LuaState) throws(LuaError) -> LookupTable {
        try LuaUserdata.check(LookupTableObject.self, at: 1, in: lua).table
    }

    /// `t:eval(x)`: real in, real out, for a number or a tensor (a new f64 tensor).
    static let eval: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let t = try table(lua)
            if let tensor = LuaUserdata.test(Tensor.self, at: 2, in: lua) {
                let result = tensor.copy(as: .float64)
                let values = result.buffer(of: Double.self)
                for i in values.indices { values[i] = t.eval(values[i]) }
                TensorLibrary.push(result, in: lua)
            } else {
                lua.push(t.eval(try lua.checkNumber(2)))
            }
            return 1
        }
    }

    static let evalRaw: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let t = try table(lua)
            if let tensor = LuaUserdata.test(Tensor.self, at: 2, in: lua) {
                let result = tensor.copy(as: .int64)
                let values = result.buffer(of: Int64.self)
                for i in values.indices { values[i] = t.eval(raw: values[i]) }
                TensorLibrary.push(result, in: lua)
            } else {
                lua.push(t.eval(raw: try lua.checkInteger(2)))
            }
            return 1
        }
    }

    static let values: LuaCFunction = { L in
        LuaFunction.run(L) { lua in TensorLibrary.push(Tensor(values: try table(lua).values), in: lua); return 1 }
    }

    static let bytes: LuaCFunction = { L in
        LuaFunction.run(L) { lua in lua.push(try table(lua).bytes); return 1 }
    }

    static let info: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let t = try table(lua)
            lua.newTable()
            lua.push(t.function.name); lua.rawSet(at: -2, key: "fn")
            lua.push(t.format.description); lua.rawSet(at: -2, key: "format")
            lua.push(t.mode.description); lua.rawSet(at: -2, key: "mode")
            lua.push(t.entries); lua.rawSet(at: -2, key: "entries")
            lua.push(t.spacing); lua.rawSet(at: -2, key: "spacing")
            lua.newTable(arrayCount: 2)
            lua.push(t.domain.lo); lua.rawSet(at: -2, position: 1)
            lua.push(t.domain.hi); lua.rawSet(at: -2, position: 2)
            lua.rawSet(at: -2, key: "domain")
            return 1
        }
    }

    static let errorReport: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let report = try table(lua).errorReport()
            lua.newTable()
            lua.push(report.maxErrorLSB); lua.rawSet(at: -2, key: "max_lsb")
            lua.push(report.meanErrorLSB); lua.rawSet(at: -2, key: "mean_lsb")
            lua.push(report.maxError); lua.rawSet(at: -2, key: "max")
            lua.push(report.meanError); lua.rawSet(at: -2, key: "mean")
            lua.push(report.rmsErrorLSB); lua.rawSet(at: -2, key: "rms_lsb")
            lua.push(report.rmsError); lua.rawSet(at: -2, key: "rms")
            lua.push(report.maxErrorInput); lua.rawSet(at: -2, key: "at")
            lua.push(report.maxErrorInputRaw); lua.rawSet(at: -2, key: "at_raw")
            lua.push(report.isMonotone); lua.rawSet(at: -2, key: "monotone")
            lua.push(report.inputCount); lua.rawSet(at: -2, key: "inputs")
            lua.push(report.isExhaustive); lua.rawSet(at: -2, key: "exhaustive")
            return 1
        }
    }

    static let exportC: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let t = try table(lua)
            let path = try lua.checkString(2)
            let text: String
            do { text = try t.cHeader(name: try lua.optionalString(3)) } catch { throw LuaError.runtime("\(error)") }
            try ActivationLibrary.writeText(text, to: path, in: lua)
            lua.push(path)
            return 1
        }
    }

    static let exportCSV: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let t = try table(lua)
            let path = try lua.checkString(2)
            try ActivationLibrary.writeText(t.csv(), to: path, in: lua)
            lua.push(path)
            return 1
        }
    }

    static let describeTable: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let t = try table(lua)
            lua.push("lut(\(t.function.name), \(t.format), \(t.mode), \(t.entries) entries, \(t.bytes) bytes)")
            return 1
        }
    }
}

/// `spatium.activation.apply(name, x, {precision = "q8.8"})`: evaluation through the
/// fixed-point layer (lookup tables, exact integer functions), real values in and out.
enum PrecisionBridge {
    static func evaluate(_ lua: LuaState, function: ActivationFunction, precision text: String, derivative: Bool,
                         optionsArgument: Int32) throws -> Int32 {
        let precision: Precision
        do { precision = try Precision(parsing: text) } catch {
            throw LuaError.argument(optionsArgument, "field 'precision': \(error)")
        }
        guard !derivative else {
            throw LuaError.argument(optionsArgument, "field 'precision': derivatives are evaluated in f32 only (derivative tables: spatium.lut{fn = \"tanh_derivative\", …})")
        }
        let evaluator: ActivationEvaluator
        do { evaluator = try ActivationEvaluator(function, precision: precision) } catch {
            throw LuaError.argument(optionsArgument, "\(error)")
        }
        if let tensor = LuaUserdata.test(Tensor.self, at: 2, in: lua) {
            let input = tensor.copy(as: .float32)
            let result = try Tensor.zeros(shape: tensor.shape, dtype: .float32)
            try evaluator.apply(UnsafeBufferPointer(input.buffer(of: Float.self)), into: result.buffer(of: Float.self))
            TensorLibrary.push(result, in: lua)
        } else {
            lua.push(Double(evaluator.apply(Float(try lua.checkNumber(2)))))
        }
        return 1
    }
}
