import CLua
import Synchronization
import Testing
@testable import SpatiumLua

/// A Swift object that counts its live instances.
final class Probe: LuaObject {
    static let luaTypeName: StaticString = "test.probe"
    static let live = Atomic<Int>(0)
    init() { Probe.live.add(1, ordering: .relaxed) }
    deinit { Probe.live.subtract(1, ordering: .relaxed) }
}

/// Counts `defer` blocks that ran inside Swift functions called from Lua.
let defersRan = Atomic<Int>(0)

/// `probe_fail(x)`: allocates Swift objects, then raises an argument error for a non-number.
let probeFail: LuaCFunction = { L in
    LuaFunction.run(L) { lua in
        let local = Probe()
        defer { defersRan.add(1, ordering: .relaxed) }
        LuaUserdata.push(Probe(), in: lua) // owned by Lua from here on
        _ = local
        _ = try lua.checkNumber(2)
        return 1
    }
}

let probeMake: LuaCFunction = { L in
    LuaFunction.run(L) { lua in
        LuaUserdata.push(Probe(), in: lua)
        return 1
    }
}

let probeCheck: LuaCFunction = { L in
    LuaFunction.run(L) { lua in
        _ = try LuaUserdata.check(Probe.self, at: 1, in: lua)
        lua.push(true)
        return 1
    }
}

@Suite(.serialized) struct BridgeSafetyTests {
    func interpreter() throws -> LuaInterpreter {
        let lua = try LuaInterpreter(context: LuaContext())
        LuaUserdata.register(Probe.self, in: lua.state, methods: [("check", probeCheck)])
        for (name, function) in [("probe_fail", probeFail), ("probe_make", probeMake), ("probe_check", probeCheck)] {
            lua.state.push(function: function)
            lua_setglobal(lua.state.pointer, name)
        }
        return lua
    }

    @Test func argumentErrorLeavesNoLiveObjects() throws {
        let before = Probe.live.load(ordering: .relaxed)
        let defersBefore = defersRan.load(ordering: .relaxed)
        let lua = try interpreter()
        var message = ""
        do {
            try lua.run(source: "probe_fail(1, 'not a number')", name: "=probe.lua")
        } catch { message = "\(error)" }
        #expect(message.hasPrefix("probe.lua:1: bad argument #2 to 'probe_fail' (number expected, got string)"))
        #expect(message.contains("stack traceback"))
        #expect(defersRan.load(ordering: .relaxed) == defersBefore + 1, "defer in the Swift function ran")
        // The local object died with the Swift frame; the pushed userdata is Lua's until collected.
        #expect(Probe.live.load(ordering: .relaxed) <= before + 1)
        try lua.run(source: "collectgarbage(); collectgarbage()", name: "=gc")
        #expect(Probe.live.load(ordering: .relaxed) == before, "garbage collection released every object")
        lua.close()
        #expect(Probe.live.load(ordering: .relaxed) == before)
    }

    @Test func closingTheStateReleasesLiveUserdata() throws {
        let before = Probe.live.load(ordering: .relaxed)
        let userdataBefore = LuaUserdata.liveCount
        let lua = try interpreter()
        try lua.run(source: "keep = {} for i = 1, 100 do keep[i] = probe_make() end", name: "=make")
        #expect(Probe.live.load(ordering: .relaxed) == before + 100)
        #expect(LuaUserdata.liveCount == userdataBefore + 100)
        lua.close()
        #expect(Probe.live.load(ordering: .relaxed) == before, "lua_close ran __gc once per object")
        #expect(LuaUserdata.liveCount == userdataBefore)
    }

    @Test func badSelfIsReportedLikeLua() throws {
        let lua = try interpreter()
        var message = ""
        do { try lua.run(source: "local p = probe_make(); p.check(42)", name: "=self.lua") } catch { message = "\(error)" }
        #expect(message.hasPrefix("self.lua:1: bad argument #1 to 'check' (test.probe expected, got number)"))
        do { try lua.run(source: "local p = probe_make(); local t = {check = p.check}; t:check()", name: "=self.lua") } catch { message = "\(error)" }
        #expect(message.hasPrefix("self.lua:1: calling 'check' on bad self (test.probe expected, got table)"))
    }

    @Test func errorsInsideProtectedCallsFromLuaAreCatchable() throws {
        let lua = try interpreter()
        try lua.run(source: """
            local ok, err = pcall(probe_fail, 1, {})
            assert(not ok and err:find("bad argument #2 to '", 1, true), err)
            """, name: "=pcall")
    }

    @Test func memoryLimitGivesNotEnoughMemory() throws {
        let lua = try LuaInterpreter(context: LuaContext(), memoryLimit: 2 << 20)
        var message = ""
        do {
            try lua.run(source: "local t = {} for i = 1, 1e8 do t[i] = tostring(i) end", name: "=hog")
        } catch { message = "\(error)" }
        #expect(message.contains("not enough memory"))
        // The state stays usable after the refusal.
        try lua.run(source: "collectgarbage(); x = 1 + 1", name: "=after")
    }

    @Test func swiftAllocationOverTheLimitIsDeferredToTheTrampoline() throws {
        let lua = try LuaInterpreter(context: LuaContext(), memoryLimit: 1 << 20)
        var message = ""
        do {
            // Each call allocates a big table from Swift (lua_createtable) while in_swift > 0.
            try lua.run(source: "local keep = {} for i = 1, 1e6 do keep[i] = spatium.tensor.zeros(1):to_table() end", name: "=hog")
        } catch { message = "\(error)" }
        #expect(message.contains("not enough memory"))
    }
}
