import CLua
import SpatiumLua
import SpatiumRuntime

final class BenchObject: LuaObject {
    static let luaTypeName: StaticString = "bench.object"
}

let benchNoop: LuaCFunction = { _ in 0 }
let benchMethod: LuaCFunction = { L in
    LuaFunction.run(L) { lua in
        _ = try LuaUserdata.check(BenchObject.self, at: 1, in: lua)
        return 0
    }
}

/// Lua → Swift function calls, userdata methods, tensor bulk operations against per-element access.
enum BridgeBenchmarks {
    static func run(_ harness: inout BenchmarkHarness) throws {
        let lua = try LuaInterpreter(context: LuaContext())
        defer { lua.close() }
        let state = lua.state
        LuaUserdata.register(BenchObject.self, in: state, methods: [("noop", benchMethod)])
        state.push(function: benchNoop)
        lua_setglobal(state.pointer, "swift_noop")
        LuaUserdata.push(BenchObject(), in: state)
        lua_setglobal(state.pointer, "object")
        try lua.run(source: "tensor1 = spatium.tensor.zeros(1, 'f32'); big = spatium.tensor.zeros(1000000, 'f32')", name: "=setup")

        let n = 2_000_000
        func loop(_ name: String, _ body: String, items: Int = n) throws {
            let source = "local n = ... for i = 1, n do \(body) end"
            guard lua.load(source: Array(source.utf8), name: "=bench") == nil else { return }
            lua_setglobal(state.pointer, "bench_chunk")
            harness.measure("bridge", name, items: items, unit: "ns/call") {
                lua_getglobal(state.pointer, "bench_chunk")
                state.push(Int64(items))
                _ = lua.protectedCall(arguments: 1, results: 0, interruptible: false)
            }
        }
        try lua.run(source: "function lua_noop() end", name: "=setup")
        try loop("empty Lua loop (baseline)", "")
        try loop("Lua → Lua call", "lua_noop()")
        try loop("Lua → C call (rawlen)", "rawlen(\"\")")
        try loop("Lua → Swift call", "swift_noop()")
        try loop("userdata method (table __index)", "object:noop()")
        try loop("tensor method t:sum() on 1 element", "tensor1:sum()")
        try loop("tensor element read t[1]", "local x = tensor1[1]")

        let elements = 1_000_000
        try lua.run(source: "function per_element(t) local s = 0 for i = 1, #t do s = s + t[i] end return s end", name: "=setup")
        harness.measure("tensor", "sum, per-element t[i] from Lua", items: elements) {
            try? lua.run(source: "per_element(big)", name: "=b")
        }
        harness.measure("tensor", "sum, bulk t:sum()", items: elements) {
            try? lua.run(source: "big:sum()", name: "=b")
        }
        let a = try! Tensor.zeros(shape: [elements], dtype: .float32)
        harness.measure("tensor", "a * 2 (Swift, f32)", items: elements) {
            blackHole(a.applying(.multiply, scalar: 2, scalarIsInteger: true))
        }
        harness.measure("tensor", "a + a (Swift, f32)", items: elements) {
            blackHole(try? a.applying(.add, a))
        }
    }
}
