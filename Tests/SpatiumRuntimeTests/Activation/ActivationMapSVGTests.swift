import Testing
@testable import SpatiumRuntime

@Suite("Activation map pictures")
struct ActivationMapSVGTests {
    static func occurrences(of needle: String, in text: String) -> Int {
        text.split(separator: needle, omittingEmptySubsequences: false).count - 1
    }

    /// Checks that every tag is closed in order (a small XML well-formedness check):
    /// returns nil when balanced, else a description of the first problem.
    static func tagBalanceProblem(_ svg: String) -> String? {
        var stack: [String] = []
        var rest = Substring(svg)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { return "unterminated tag" }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("?") || tag.hasPrefix("!") { continue }
            if tag.hasPrefix("/") {
                let name = String(tag.dropFirst())
                guard stack.popLast() == name else { return "unexpected </\(name)>" }
            } else if !tag.hasSuffix("/") {
                let name = String(tag.prefix { $0 != " " && $0 != "\n" })
                stack.append(name)
            }
            if tag.contains("<") { return "'<' inside a tag" }
        }
        return stack.isEmpty ? nil : "unclosed <\(stack.last ?? "")>"
    }

    @Test("64 cells, legend entries, grey dead cells, hit labels, well-formed")
    func withHits() {
        let map = ActivationLayout.checker(.relu, .tanh).map(forNeuron: 0, seed: 0)
        var hits = ActivationHitCounts()
        for cell in 0..<60 { hits.record(cell, times: UInt64(cell + 1)) }   // cells 60–63 dead
        let svg = map.svg(hits: hits, title: "v1 <neuron 0> & co")
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(Self.tagBalanceProblem(svg) == nil, "\(Self.tagBalanceProblem(svg) ?? "")")
        #expect(Self.occurrences(of: "<rect class=\"cell", in: svg) == 64)
        #expect(Self.occurrences(of: "<rect class=\"cell dead\"", in: svg) == 4)
        #expect(Self.occurrences(of: "fill=\"\(ActivationMapSVG.deadCellColor)\"", in: svg) == 4 + 1)  // + legend swatch
        #expect(Self.occurrences(of: "class=\"legend-entry\"", in: svg) == 3)   // relu, tanh, dead
        #expect(svg.contains(">relu</text></g>") && svg.contains(">tanh</text></g>") && svg.contains("dead (0 hits)"))
        #expect(Self.occurrences(of: "class=\"cell-name\"", in: svg) == 64)
        #expect(Self.occurrences(of: "class=\"cell-hits\"", in: svg) == 64)
        #expect(svg.contains(">60</text>"))                                  // cell 59's count
        #expect(Self.occurrences(of: "class=\"axis-label\"", in: svg) == 16)
        #expect(svg.contains("v1 &lt;neuron 0&gt; &amp; co"))
        #expect(!svg.contains("<neuron"))
        // The busiest cell is fully opaque, a quiet one fainter.
        #expect(svg.contains("data-row=\"7\" data-column=\"3\"") && svg.contains("fill-opacity=\"1\""))
        #expect(svg.contains("fill-opacity=\"0.25\"") == false)
        #expect(ActivationMapSVG.opacity(hits: 1, maximum: 60) < ActivationMapSVG.opacity(hits: 30, maximum: 60))
        #expect(ActivationMapSVG.opacity(hits: 60, maximum: 60) == 1)
    }

    @Test("without hits: no dead cells, no counts, colour per function kind")
    func withoutHits() throws {
        let map = try ActivationLayout.radial([.gelu, .leakyReLU(alpha: 0.2), .leakyReLU(alpha: 0.3), .sine]).map(forNeuron: 0, seed: 0)
        let svg = ActivationMapSVG(cellSize: 40).render(map)
        #expect(Self.tagBalanceProblem(svg) == nil)
        #expect(Self.occurrences(of: "<rect class=\"cell\"", in: svg) == 64)
        #expect(!svg.contains("cell dead") && !svg.contains("cell-hits"))
        #expect(Self.occurrences(of: "class=\"legend-entry\"", in: svg) == 4)
        #expect(svg.contains("leaky_relu:0.2") && svg.contains("leaky_relu:0.3"))
        // Both leaky ReLUs share the leaky colour: ring 1 (12 cells) and ring 2 (20 cells).
        let leakyColor = ActivationMapSVG.color(for: .leakyReLU(alpha: 0.01))
        #expect(Self.occurrences(of: "fill=\"\(leakyColor)\" fill-opacity", in: svg) == 12 + 20)
        #expect(Set((ActivationFunction.twelve + [.linear]).map { ActivationMapSVG.color(for: $0) }).count == 13)
        #expect(!(ActivationFunction.twelve + [.linear]).contains { ActivationMapSVG.color(for: $0) == ActivationMapSVG.deadCellColor })
    }

    @Test("every cell dead when hits are given but all zero")
    func allDead() {
        let svg = ActivationMap(uniform: .relu).svg(hits: ActivationHitCounts())
        #expect(Self.occurrences(of: "<rect class=\"cell dead\"", in: svg) == 64)
        #expect(Self.tagBalanceProblem(svg) == nil)
    }

    @Test("the balance checker itself notices broken markup")
    func checkerCatchesErrors() {
        #expect(Self.tagBalanceProblem("<svg><g></svg>") != nil)
        #expect(Self.tagBalanceProblem("<svg><rect/></svg>") == nil)
        #expect(Self.tagBalanceProblem("<svg>") != nil)
    }

    @Test("decimal formatting and escaping helpers")
    func helpers() {
        #expect(ActivationMapSVG.decimal(1) == "1")
        #expect(ActivationMapSVG.decimal(0.25) == "0.25")
        #expect(ActivationMapSVG.decimal(0.0004) == "0")
        #expect(ActivationMapSVG.decimal(0.5126) == "0.513")
        #expect(ActivationMapSVG.escaped("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&apos;")
        #expect(ActivationMapSVG(cellSize: 3).cellSize == 24)
    }
}
