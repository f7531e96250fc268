#if canImport(Glibc)
import Glibc
#endif
import CLua
import SpatiumRuntime

/// `spatium.csv(path, columns [, {append = false}])` → a CSV writer (`spatium.csv` userdata).
///
/// ```lua
/// local m = spatium.csv(spatium.output("rates.csv"), {"burst", "area", "spikes"})
/// m:row{burst = 1, area = "v1", spikes = 12}     -- by name: every column, no other
/// m:row(2, "v1", 0.5)                           -- by position: one value per column
/// m:row{3, "v1", 7}                             -- a sequence is positional too
/// m:flush()                                     -- rows so far visible to readers
/// m:close()                                     -- flushed, synced, closed; later rows are errors
/// print(m.path, m.rows, m.closed, #m.columns)
/// ```
///
/// - The file is RFC 4180: a header row, `\n` line ends, fields quoted (with `"` doubled) when
///   they hold `,` `"` CR or LF or start or end with a space or tab.
/// - Lua integers are written exactly, floats as the shortest text that reads back to the same
///   double (`0.1`, `2.0`, `1e-07`, `nan`, `inf`), booleans as `true`/`false`, strings as they
///   are; `nil` (by position) or `""` is an empty field. Other values are errors.
/// - A named row with an unknown or missing column is an error that names the columns.
/// - `path` is used as given (relative to the current directory; `spatium.output(name)` puts
///   it under `--out`); in the sandbox it must lie under `--out`. The file is listed in the run
///   manifest.
/// - Rows are buffered and written as whole rows; the buffer is flushed by `flush`, `close`,
///   a full buffer, and when the writer is collected or the Lua state closes — also after a
///   script error or `os.exit`. `local m <close> = spatium.csv(…)` closes it at scope end.
/// - `{append = true}` adds rows to an existing file with the same header row.
enum CSVLibrary: SpatiumLibrary {
    static func install(in lua: LuaState, module: Int32) {
        CSVObject.register(in: lua)
        lua.push(function: open)
        lua.rawSet(at: module, key: "csv")
    }

    /// `spatium.csv(path, columns [, options])`.
    static let open: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let path = try lua.checkString(1)
            guard !path.isEmpty else { throw LuaError.argument(1, "non-empty file name expected") }
            try lua.checkTable(2)
            var columns: [String] = []
            let count = lua.rawLength(at: 2)
            for i in 0..<count {
                lua.rawGet(at: 2, position: i + 1)
                defer { lua.pop() }
                guard lua.type(at: -1) == .string, let name = lua.toString(at: -1) else {
                    throw LuaError.argument(2, "column \(i + 1): string expected, got \(lua.typeName(at: -1))")
                }
                columns.append(name)
            }
            let options = try LuaOptions(lua, argument: 3, known: ["append"], optional: true)
            let append = try options.boolean("append") ?? false
            let context = LuaContext.of(lua)
            let target = try context.checkWritable(path)
            let writer: CSVWriter
            do throws(CSVError) {
                writer = try CSVWriter(path: target, columns: columns, mode: append ? .append : .create)
            } catch {
                if case .noColumns = error { throw LuaError.argument(2, "at least one column expected") }
                throw LuaError.runtime(error.description)
            }
            context.recordWritten(target)
            LuaUserdata.push(CSVObject(writer: writer), in: lua)
            return 1
        }
    }

    /// A Lua value as a CSV field; `column` names it in errors.
    static func value(_ lua: LuaState, at index: Int32, argument: Int32, column: String) throws(LuaError) -> CSVValue {
        switch lua.type(at: index) {
        case .number:
            if lua.isInteger(at: index), let integer = lua.toInteger(at: index) { return .integer(integer) }
            return .double(lua.toNumber(at: index) ?? .nan)
        case .string: return .string(lua.toString(at: index) ?? "")
        case .boolean: return .bool(lua.toBoolean(at: index))
        case .nil, .none: return .empty
        default:
            throw LuaError.argument(argument, "\(column): number, string, boolean or nil expected, got \(lua.typeName(at: index))")
        }
    }

    /// A CSV error as a Lua error (Lua words for an empty field).
    static func luaError(_ error: CSVError) -> LuaError {
        if case .missingColumns(let path, let names) = error {
            return .runtime("\(path): row is missing column(s) \(names.joined(separator: ", ")) (use \"\" for an empty field)")
        }
        return .runtime(error.description)
    }
}

/// The Lua value of a CSV writer; closing happens when Lua collects it at the latest.
final class CSVObject: LuaObject {
    static let luaTypeName: StaticString = "spatium.csv"
    let writer: CSVWriter
    /// False after `close` (the writer refuses rows then).
    var isOpen = true

    init(writer: CSVWriter) { self.writer = writer }

    /// Collected (or the state closed): flush and close; a failure can only be reported.
    deinit {
        do throws(CSVError) { try writer.close() } catch {
            ScriptWarning.write("could not close '\(writer.path)': \(error)")
        }
    }

    static func check(_ lua: LuaState, _ index: Int32) throws(LuaError) -> CSVObject {
        try LuaUserdata.check(CSVObject.self, at: index, in: lua)
    }

    static func register(in lua: LuaState) {
        LuaUserdata.register(CSVObject.self, in: lua, methods: [
            ("row", row), ("flush", flush), ("close", close),
        ], metamethods: [("__tostring", describe), ("__close", close)], index: field)
    }

    /// `w.path`, `w.columns`, `w.rows`, `w.closed`.
    static let field: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try check(lua, 1)
            let writer = object.writer
            switch lua.toString(at: 2) {
            case "path": lua.push(writer.path)
            case "rows": lua.push(writer.rowCount)
            case "closed": lua.push(!object.isOpen)
            case "columns":
                lua.newTable(arrayCount: Int32(writer.columns.count))
                for (i, name) in writer.columns.enumerated() {
                    lua.push(name)
                    lua.rawSet(at: -2, position: i + 1)
                }
            default: lua.pushNil()
            }
            return 1
        }
    }

    /// `w:row{name = value, …}`, `w:row{v1, v2, …}` or `w:row(v1, v2, …)`.
    static let row: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let writer = try check(lua, 1).writer
            var named: [String: CSVValue]?
            var values: [CSVValue] = []
            if lua.top == 2 && lua.type(at: 2) == .table {
                var names: [String: CSVValue] = [:]
                var positional: [Int: CSVValue] = [:]
                var failure: LuaError?
                lua.forEachPair(in: 2) {
                    guard failure == nil else { return }
                    do throws(LuaError) {
                        if lua.type(at: -2) == .string, let name = lua.toString(at: -2) {
                            names[name] = try CSVLibrary.value(lua, at: -1, argument: 2, column: "field '\(name)'")
                        } else if lua.type(at: -2) == .number, lua.isInteger(at: -2), let i = lua.toInteger(at: -2), i >= 1 {
                            positional[Int(i)] = try CSVLibrary.value(lua, at: -1, argument: 2, column: "field \(i)")
                        } else {
                            throw LuaError.argument(2, "fields must be column names or positions 1, 2, …, got a \(lua.typeName(at: -2)) key")
                        }
                    } catch { failure = error }
                }
                if let failure { throw failure }
                if positional.isEmpty {
                    named = names
                } else {
                    guard names.isEmpty else {
                        throw LuaError.argument(2, "a row is either named ({name = value}) or positional ({v1, v2}), not both")
                    }
                    let count = positional.keys.max() ?? 0
                    values = (1...count).map { positional[$0] ?? .empty }
                }
            } else if lua.top >= 2 {
                values.reserveCapacity(Int(lua.top - 1))
                for index in 2...lua.top {
                    values.append(try CSVLibrary.value(lua, at: index, argument: index, column: "value"))
                }
            }
            do throws(CSVError) {
                if let named { try writer.row(named) } else { try writer.row(values) }
            } catch {
                throw CSVLibrary.luaError(error)
            }
            return 0
        }
    }

    /// `w:flush()`: buffered rows to the file.
    static let flush: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let writer = try check(lua, 1).writer
            do throws(CSVError) { try writer.flush() } catch { throw CSVLibrary.luaError(error) }
            return 0
        }
    }

    /// `w:close()`: flush, sync, close (again: nothing).
    static let close: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try check(lua, 1)
            object.isOpen = false
            do throws(CSVError) { try object.writer.close() } catch { throw CSVLibrary.luaError(error) }
            return 0
        }
    }

    static let describe: LuaCFunction = { L in
        LuaFunction.run(L) { lua in
            let object = try check(lua, 1)
            let writer = object.writer
            let rows = writer.rowCount
            lua.push("csv '\(writer.path)' (\(writer.columns.count) column\(writer.columns.count == 1 ? "" : "s"), \(rows) row\(rows == 1 ? "" : "s")\(object.isOpen ? "" : ", closed"))")
            return 1
        }
    }
}

/// Warnings that cannot be raised as Lua errors (from `__gc`, while the state closes).
enum ScriptWarning {
    /// `spatium-script: warning: <message>` on standard error.
    static func write(_ message: String) {
        var text = "spatium-script: warning: \(message)\n"
        text.withUTF8 { bytes in _ = fwrite(bytes.baseAddress, 1, bytes.count, stderr) }
        fflush(stderr)
    }
}
