// swift-tools-version: 6.1
import PackageDescription
#if canImport(Glibc)
import Glibc
#endif

/// The runtime's kernels are compiled for the building machine's vector unit when it has
/// AVX2 and FMA (x86-64 since 2013: Haswell, Zen): 8-wide float vectors instead of 4.
/// `SPATIUM_PORTABLE=1` builds for any x86-64. No floating-point contraction is enabled, so
/// results are bit-identical either way.
let vectorFlags: [String] = {
    guard Context.environment["SPATIUM_PORTABLE"] == nil else { return [] }
    #if arch(x86_64) && canImport(Glibc)
    guard let file = fopen("/proc/cpuinfo", "r") else { return [] }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 8192)
    while fgets(&line, Int32(line.count), file) != nil {
        let length = line.firstIndex(of: 0) ?? line.count
        let text = String(decoding: line[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard text.hasPrefix("flags") else { continue }
        let flags = Set(text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init))
        return flags.isSuperset(of: ["avx2", "fma", "bmi2", "movbe"]) ? ["-target-cpu", "haswell"] : []
    }
    #endif
    return []
}()

/// Spatium: spatially organised spiking neurons in Swift, scripted in Lua 5.4.
///
/// Layers (one way only): `spatium-script` → `SpatiumLua` → `SpatiumRuntime`, with `CLua`
/// (and `CEditLine` for the REPL) as thin C shims over Debian's system libraries.
let package = Package(
    name: "Spatium",
    products: [
        .library(name: "SpatiumRuntime", targets: ["SpatiumRuntime"]),
        .library(name: "SpatiumLua", targets: ["SpatiumLua"]),
        .executable(name: "spatium-script", targets: ["spatium-script"]),
    ],
    targets: [
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .target(
            name: "SpatiumRuntime",
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"] + vectorFlags)]
        ),
        .target(
            name: "SpatiumLua",
            dependencies: ["CLua", "SpatiumRuntime"],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .executableTarget(
            name: "spatium-script",
            dependencies: ["SpatiumLua", "SpatiumRuntime", "CEditLine"],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .testTarget(
            name: "SpatiumRuntimeTests",
            dependencies: ["SpatiumRuntime"]
        ),
        .testTarget(
            name: "SpatiumLuaTests",
            dependencies: ["SpatiumLua", "SpatiumRuntime", "CLua"],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .testTarget(
            name: "SpatiumScriptTests",
            dependencies: ["spatium-script"]
        ),
    ]
)

// Tools build only on request (scripts/bench and scripts/check-tinymind-golden set
// SPATIUM_TOOLS=1 and use their own build folder), so `swift build` and `swift test` never pay.
if Context.environment["SPATIUM_TOOLS"] != nil {
    package.targets.append(
        .executableTarget(
            name: "check-golden",
            dependencies: ["SpatiumRuntime"],
            path: "Tools/check-golden"
        )
    )
    package.targets.append(
        .executableTarget(
            name: "spatium-bench",
            dependencies: ["SpatiumRuntime", "SpatiumLua", "CLua"],
            path: "Benchmarks/Sources/spatium-bench",
            swiftSettings: [.swiftLanguageMode(.v5), .unsafeFlags(["-enforce-exclusivity=unchecked"] + vectorFlags)]
        )
    )
}
