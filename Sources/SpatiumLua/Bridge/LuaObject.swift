import CLua
import Synchronization

/// A Swift class whose instances Lua holds as full userdata.
///
/// The userdata stores one retained `Unmanaged` reference; `__gc` releases it exactly once.
///
/// ```swift
/// final class Counter: LuaObject {
///     static let luaTypeName: StaticString = "demo.counter"
///     var value = 0
/// }
/// LuaUserdata.push(Counter(), in: lua)
/// let counter = try LuaUserdata.check(Counter.self, at: 1, in: lua)
/// ```
public protocol LuaObject: AnyObject {
    /// The metatable's registry name, also Lua's `__name` for messages (`"spatium.tensor"`).
    static var luaTypeName: StaticString { get }
}

extension StaticString {
    @inlinable var cString: UnsafePointer<CChar> {
        UnsafeRawPointer(utf8Start).assumingMemoryBound(to: CChar.self)
    }
}

/// Pushing, checking and registering ``LuaObject`` userdata.
public enum LuaUserdata {
    static let live = Atomic<Int>(0)

    /// How many Swift objects Lua currently keeps alive (for leak tests).
    public static var liveCount: Int { live.load(ordering: .relaxed) }

    /// Pushes `object` as userdata with its type's metatable (registered with ``register(_:in:methods:metamethods:index:)``).
    public static func push<T: LuaObject>(_ object: T, in lua: LuaState) {
        let slot = spatium_newuserdata(lua.pointer, MemoryLayout<UnsafeMutableRawPointer?>.size)!
        slot.storeBytes(of: Unmanaged.passRetained(object as AnyObject).toOpaque(), as: UnsafeMutableRawPointer?.self)
        live.add(1, ordering: .relaxed)
        luaL_setmetatable(lua.pointer, T.luaTypeName.cString)
    }

    /// The object at `index` if it is a `T` userdata that is still alive.
    @inlinable
    public static func test<T: LuaObject>(_ type: T.Type, at index: Int32, in lua: LuaState) -> T? {
        guard let slot = luaL_testudata(lua.pointer, index, T.luaTypeName.cString),
              let reference = slot.load(as: UnsafeMutableRawPointer?.self) else { return nil }
        return Unmanaged<AnyObject>.fromOpaque(reference).takeUnretainedValue() as? T
    }

    /// The object at `index`, or an argument error naming the expected type.
    @inlinable
    public static func check<T: LuaObject>(_ type: T.Type, at index: Int32, in lua: LuaState) throws(LuaError) -> T {
        if let object = test(type, at: index, in: lua) { return object }
        throw lua.expected(String(describing: T.luaTypeName), at: index)
    }

    /// Creates `T`'s metatable: `__index` is the methods table; with `index`, a C dispatcher that
    /// looks methods up first and calls `index` for any other key (`t[1]`, `t.shape`).
    /// `__gc` releases the Swift object, `__name` is the type name.
    public static func register<T: LuaObject>(
        _ type: T.Type, in lua: LuaState,
        methods: [(String, LuaCFunction)],
        metamethods: [(String, LuaCFunction)] = [],
        index: LuaCFunction? = nil
    ) {
        guard luaL_newmetatable(lua.pointer, T.luaTypeName.cString) != 0 else {
            lua.pop()
            return
        }
        lua.newTable(recordCount: Int32(methods.count))
        for (name, function) in methods {
            lua.push(function: function)
            lua.rawSet(at: -2, key: name)
        }
        if let index {
            spatium_pushindexdispatch(lua.pointer, index)
        }
        lua.rawSet(at: -2, key: "__index")
        lua.push(function: collect)
        lua.rawSet(at: -2, key: "__gc")
        for (name, function) in metamethods {
            lua.push(function: function)
            lua.rawSet(at: -2, key: name)
        }
        lua.pop()
    }

    /// `__gc`: releases the Swift object once and clears the slot.
    static let collect: LuaCFunction = { L in
        guard let slot = lua_touserdata(L, 1),
              let reference = slot.load(as: UnsafeMutableRawPointer?.self) else { return 0 }
        slot.storeBytes(of: nil, as: UnsafeMutableRawPointer?.self)
        Unmanaged<AnyObject>.fromOpaque(reference).release()
        live.subtract(1, ordering: .relaxed)
        return 0
    }
}
