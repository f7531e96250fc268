import Testing
@testable import SpatiumRuntime

/// Every scenario of reference/feagi/DYNAMICS.md §2, in `dynamics = "feagi"`.
@Suite struct FEAGIScenarioTests {
    @Test func s01ThresholdComparisonIsAtLeast() {
        let s = Scenario()
        for name in ["src_a", "src_b", "src_c"] { s.neuron(name, thr: 1) }
        s.neuron("tgt_a", thr: 1.1).neuron("tgt_b", thr: 100).neuron("tgt_c", thr: 50)
        s.synapse("src_a", "tgt_a", w: 1, psp: 1).synapse("src_b", "tgt_b", w: 10, psp: 10).synapse("src_c", "tgt_c", w: 10, psp: 10)
        for name in ["src_a", "src_b", "src_c"] { s.input([1], name, 2) }
        s.run(3)
        for name in ["src_a", "src_b", "src_c"] { s.expectFires(name, [1]) }
        s.expectFires("tgt_a", [])
        s.expectPotential("tgt_a", after: 2, 1)
        s.expectFires("tgt_b", [2]); s.expectFirePotential("tgt_b", at: 2, 100)
        s.expectFires("tgt_c", [2]); s.expectFirePotential("tgt_c", at: 2, 100)
    }

    @Test func s02ThresholdExtremes() {
        let s = Scenario()
        s.neuron("z", thr: 0).neuron("z_idle", thr: 0).neuron("hi", thr: 1000).neuron("mx", thr: .greatestFiniteMagnitude)
        s.neuron("e", thr: 1).neuron("i", thr: 1).neuron("z_net", thr: 0)
        s.synapse("e", "z_net", w: 10, psp: 10).synapse("i", "z_net", w: 10, psp: 10, inh: true)
        s.input([1], "z", 0.1).input([1], "hi", 100).input([1], "mx", 1000).input([1], "e", 2).input([1], "i", 2)
        s.run(3)
        s.expectFires("z", [1]); s.expectFirePotential("z", at: 1, 0.1)
        s.expectFires("z_idle", []); s.expectFires("hi", []); s.expectPotential("hi", after: 1, 100)
        s.expectFires("mx", []); s.expectFires("e", [1]); s.expectFires("i", [1])
        s.expectFires("z_net", [2]); s.expectFirePotential("z_net", at: 2, 0)
    }

    @Test func s03FiringWindowInclusive() {
        let s = Scenario().power()
        s.neuron("win", thr: 100, limit: 200).neuron("lim200", thr: 100, limit: 200).neuron("lim300", thr: 100, limit: 300)
        s.synapse("_power", "lim200", w: 1, psp: 255).synapse("_power", "lim300", w: 1, psp: 255)
        for (t, v) in [(1, 99), (2, 100), (3, 150), (4, 200), (5, 201), (6, 255)] as [(Int, Float)] { s.input([t], "win", v) }
        s.run(8)
        s.expectFires("_power", Array(1...8))
        s.expectFires("win", [2, 3, 4])
        for (t, v) in [(2, 100), (3, 150), (4, 200)] as [(Int, Float)] { s.expectFirePotential("win", at: t, v) }
        for (t, v) in [(1, 99), (5, 201), (6, 255), (7, 0)] as [(Int, Float)] { s.expectPotential("win", after: t, v) }
        s.expectFires("lim200", []); s.expectFires("lim300", Array(2...8))
    }

    @Test func s04OvershootingTheLimit() {
        let s = Scenario().neuron("lock", thr: 100, limit: 150, acc: true).neuron("lockleak", thr: 100, limit: 150, leak: 0.5, acc: true)
        s.input(1...6, "lock", 90).input(1...6, "lockleak", 90).run(6)
        s.expectFires("lock", [])
        for t in 1...6 { s.expectPotential("lock", after: t, Float(90 * t)) }
        s.expectFires("lockleak", [2, 4, 6])
        for t in [2, 4, 6] { s.expectFirePotential("lockleak", at: t, 135) }
        for t in [1, 3, 5] { s.expectPotential("lockleak", after: t, 45) }
    }

    @Test func s05AndS06Accumulation() {
        for acc in [false, true] {
            let s = Scenario().neuron("src", thr: 1).neuron("tgt", thr: 200, acc: acc)
            s.synapse("src", "tgt", w: 10, psp: 10).input([1, 3], "src", 2).run(4)
            s.expectFires("src", [1, 3])
            if acc {
                s.expectFires("tgt", [4]); s.expectFirePotential("tgt", at: 4, 200)
                for (t, v) in [(2, 100), (3, 100), (4, 0)] as [(Int, Float)] { s.expectPotential("tgt", after: t, v) }
            } else {
                s.expectFires("tgt", [])
                for (t, v) in [(1, 0), (2, 100), (3, 0), (4, 100)] as [(Int, Float)] { s.expectPotential("tgt", after: t, v) }
            }
        }
    }

    @Test func s07PowerDrivenAccumulation() {
        let s = Scenario().power().neuron("acc1000", thr: 1000, acc: true).neuron("noacc500", thr: 500)
        s.synapse("_power", "acc1000", w: 1, psp: 255).synapse("_power", "noacc500", w: 1, psp: 255).run(13)
        s.expectFires("acc1000", [5, 9, 13])
        for (t, v) in [(2, 255), (3, 510), (4, 765)] as [(Int, Float)] { s.expectPotential("acc1000", after: t, v) }
        s.expectFirePotential("acc1000", at: 5, 1020)
        s.expectFires("noacc500", [])
        for t in 2...13 { s.expectPotential("noacc500", after: t, 255) }
    }

    @Test func s08UnitSteps() {
        let s = Scenario().neuron("n", thr: 10, acc: true).input(1...10, "n", 1).run(11)
        s.expectFires("n", [10]); s.expectFirePotential("n", at: 10, 10)
        s.expectPotential("n", after: 9, 9); s.expectPotential("n", after: 10, 0); s.expectPotential("n", after: 11, 0)
    }

    @Test func s09LeakCoefficients() {
        let s = Scenario().neuron("l0", thr: 200, acc: true).neuron("l05", thr: 200, leak: 0.5, acc: true)
            .neuron("l1", thr: 200, leak: 1, acc: true).neuron("u45", thr: 1, leak: 0.1, refr: 5, acc: true)
        s.input([1], "l0", 100).input([1], "l05", 100).input([1], "l1", 100).input([1], "u45", 0.5).run(4)
        for name in ["l0", "l05", "l1", "u45"] { s.expectFires(name, []) }
        for t in 1...4 {
            s.expectPotential("l0", after: t, 100); s.expectPotential("l05", after: t, 50)
            s.expectPotential("l1", after: t, 0); s.expectPotential("u45", after: t, 0.45)
        }
    }

    @Test func s09PresetPotential() {
        let s = Scenario().neuron("u55", thr: 10, leak: 0.5, acc: true)
        s.brain.area(named: "u55")!.membranePotential[0] = 1
        s.input([1], "u55", 0.1).run(1)
        s.expectFires("u55", []); s.expectPotential("u55", after: 1, 0.55)
    }

    @Test func s10LazyLeak() {
        let s = Scenario().neuron("n", thr: 100, leak: 0.2, acc: true).input([1, 3], "n", 60).run(3)
        s.expectFires("n", [3]); s.expectFirePotential("n", at: 3, 108)
        s.expectPotential("n", after: 1, 48); s.expectPotential("n", after: 2, 48)
    }

    @Test func s11LeakUnderConstantDrive() {
        let s = Scenario().power().neuron("lk", thr: 500, leak: 0.5, acc: true).synapse("_power", "lk", w: 1, psp: 255).run(19)
        s.expectFires("lk", [7, 13, 19])
        for (t, v) in [(2, 127.5), (3, 191.25), (4, 223.125), (5, 239.0625), (6, 247.03125)] as [(Int, Float)] {
            s.expectPotential("lk", after: t, v)
        }
        s.expectFirePotential("lk", at: 7, 502.03125)
    }

    @Test func s12LazyLeakEveryOtherBurst() {
        let s = Scenario().power().neuron("src", thr: 1, refr: 1).neuron("U", thr: 500, leak: 0.5, acc: true)
        s.synapse("_power", "src", w: 1, psp: 255).synapse("src", "U", w: 1, psp: 255).run(25)
        s.expectFires("src", Array(stride(from: 2, through: 24, by: 2)))
        s.expectFires("U", [13, 25])
        for (t, v) in [(3, 127.5), (4, 127.5), (5, 191.25), (6, 191.25), (7, 223.125), (9, 239.0625), (11, 247.03125), (12, 247.03125)] as [(Int, Float)] {
            s.expectPotential("U", after: t, v)
        }
        s.expectFirePotential("U", at: 13, 502.03125)
    }

    @Test func s13SubThresholdStream() {
        let s = Scenario().neuron("n", thr: 1, leak: 0.1, refr: 5, acc: true).input(1...20, "n", 0.5).run(20)
        s.expectFires("n", [3, 11, 19])
        for t in [3, 11, 19] { s.expectFirePotential("n", at: t, 1.355) }
        for (t, v) in [(1, 0.45), (2, 0.855), (3, 0), (8, 0), (9, 0.45), (10, 0.855)] as [(Int, Float)] { s.expectPotential("n", after: t, v) }
    }

    @Test func s14LeakNotClamped() {
        let s = Scenario().neuron("n", thr: 100, leak: 10, acc: true).input([1, 2, 3], "n", 5).run(3)
        s.expectFires("n", [3]); s.expectFirePotential("n", at: 3, 365)
        s.expectPotential("n", after: 1, -45); s.expectPotential("n", after: 2, 360)
    }

    @Test func s15RefractoryPeriod() {
        let s = Scenario().power().neuron("r3", thr: 1, refr: 3).neuron("r0", thr: 1).neuron("r2p", thr: 1, refr: 2)
        s.synapse("_power", "r2p", w: 1, psp: 255).input(1...12, "r3", 2).input(1...12, "r0", 2).run(12)
        s.expectFires("r3", [1, 5, 9]); s.expectFires("r0", Array(1...12)); s.expectFires("r2p", [2, 5, 8, 11])
    }

    @Test func s16InputDuringRefractoryIsDiscarded() {
        let s = Scenario().neuron("comb", thr: 100, leak: 0.1, refr: 2, acc: true).neuron("disc", thr: 100, refr: 2, acc: true)
        for (t, v) in [(1, 60), (2, 50), (3, 200), (4, 200), (5, 200)] as [(Int, Float)] { s.input([t], "comb", v) }
        for (t, v) in [(1, 150), (2, 60), (3, 60), (4, 60), (5, 60)] as [(Int, Float)] { s.input([t], "disc", v) }
        s.run(5)
        s.expectFires("comb", [2, 5]); s.expectPotential("comb", after: 1, 54)
        s.expectFirePotential("comb", at: 2, 104); s.expectFirePotential("comb", at: 5, 200)
        s.expectPotential("comb", after: 3, 0); s.expectPotential("comb", after: 4, 0)
        s.expectFires("disc", [1, 5]); s.expectPotential("disc", after: 2, 0); s.expectPotential("disc", after: 3, 0)
        s.expectPotential("disc", after: 4, 60); s.expectFirePotential("disc", at: 5, 120)
    }

    @Test func s17NoLeakWhileRefractory() {
        let s = Scenario().neuron("n", thr: 100, leak: 0.5, refr: 3, acc: true)
        s.input([1], "n", 150).input([2, 3, 4], "n", 10).input([5], "n", 50).run(5)
        s.expectFires("n", [1])
        for t in 1...4 { s.expectPotential("n", after: t, 0) }
        s.expectPotential("n", after: 5, 25)
    }

    @Test func s18CountdownTicksEveryBurst() {
        let s = Scenario().power().neuron("src", thr: 1, refr: 1).neuron("T", thr: 1, refr: 2)
        s.synapse("_power", "src", w: 1, psp: 255).synapse("src", "T", w: 1, psp: 255).run(16)
        s.expectFires("src", Array(stride(from: 2, through: 16, by: 2)))
        s.expectFires("T", [3, 7, 11, 15])
    }

    @Test func s19AndS20FeedbackLoops() {
        let dies = Scenario().neuron("n1", thr: 100, refr: 2).neuron("n2", thr: 100, refr: 2)
        dies.synapse("n1", "n2", w: 10, psp: 10).synapse("n2", "n1", w: 10, psp: 10).input([1], "n1", 150).run(8)
        dies.expectFires("n1", [1]); dies.expectFires("n2", [2])
        let lives = Scenario().neuron("n1", thr: 100, refr: 1).neuron("n2", thr: 100, refr: 1)
        lives.synapse("n1", "n2", w: 10, psp: 10).synapse("n2", "n1", w: 10, psp: 10).input([1], "n1", 150).run(8)
        lives.expectFires("n1", [1, 3, 5, 7]); lives.expectFires("n2", [2, 4, 6, 8])
        lives.expectFirePotential("n1", at: 1, 150); lives.expectFirePotential("n1", at: 3, 100)
    }

    @Test func s21ConsecutiveFireLimit() {
        let s = Scenario().power().neuron("c3", thr: 1, cfl: 3).neuron("unl0", thr: 1, cfl: 0).neuron("unlmax", thr: 1, cfl: 65535)
            .neuron("c3p", thr: 1, cfl: 3)
        s.synapse("_power", "c3p", w: 1, psp: 255)
        for name in ["c3", "unl0", "unlmax"] { s.input(1...12, name, 10) }
        s.run(12)
        s.expectFires("c3", [1, 2, 3, 5, 6, 7, 9, 10, 11])
        s.expectFires("unl0", Array(1...12)); s.expectFires("unlmax", Array(1...12))
        s.expectFires("c3p", [2, 3, 4, 6, 7, 8, 10, 11, 12])
    }

    @Test func s22CountResetsAfterNoFire() {
        let s = Scenario().neuron("n", thr: 5, cfl: 2).input([1, 2, 3, 7], "n", 10).run(8)
        s.expectFires("n", [1, 2, 7])
    }

    @Test func s23LimitRefractorySnooze() {
        let s = Scenario().power().neuron("sn", thr: 1, refr: 1, cfl: 3, snooze: 2).neuron("sn0", thr: 1, refr: 1, cfl: 3)
        s.synapse("_power", "sn", w: 1, psp: 255).synapse("_power", "sn0", w: 1, psp: 255).run(25)
        s.expectFires("sn", [2, 4, 6, 10, 12, 14, 18, 20, 22])
        s.expectFires("sn0", Array(stride(from: 2, through: 24, by: 2)))
    }

    @Test func s24LimitNeverBlocksWithRefractory() {
        let s = Scenario().neuron("n", thr: 1, refr: 1, cfl: 2).input(1...8, "n", 10).run(8)
        s.expectFires("n", [1, 3, 5, 7])
    }

    @Test func s25ExtendedRefractory() {
        let s = Scenario().neuron("n", thr: 1, refr: 5, cfl: 3, snooze: 10).input(1...35, "n", 2).run(35)
        s.expectFires("n", [1, 7, 13, 29, 35])
    }

    @Test func s26LimitBlockedNeuronKeepsPotential() {
        let s = Scenario().neuron("keep", thr: 10, leak: 0.5, cfl: 1, acc: true).neuron("alt", thr: 1, cfl: 1)
        s.input([1], "keep", 20).input([2], "keep", 30).input([4], "keep", 1).input(1...8, "alt", 20).run(8)
        s.expectFires("keep", [1, 4]); s.expectPotential("keep", after: 2, 30); s.expectPotential("keep", after: 3, 30)
        s.expectFirePotential("keep", at: 4, 31)
        s.expectFires("alt", [1, 3, 5, 7])
    }

    @Test func s27ExcitabilityExtremes() {
        let s = Scenario().neuron("e0", thr: 1, exc: 0).neuron("e0acc", thr: 1, leak: 0.5, acc: true, exc: 0)
            .neuron("e1", thr: 1, exc: 1).neuron("e999", thr: 1, exc: 0.999)
        s.input([1], "e0", 100).input([1, 2], "e0acc", 100).input(1...10, "e1", 2).input(1...10, "e999", 2).run(10)
        s.expectFires("e0", []); s.expectPotential("e0", after: 1, 100); s.expectPotential("e0", after: 2, 0)
        s.expectFires("e0acc", []); s.expectPotential("e0acc", after: 1, 50); s.expectPotential("e0acc", after: 2, 75)
        s.expectFires("e1", Array(1...10)); s.expectFires("e999", Array(1...10))
    }

    @Test func s28ExcitabilityHashRaster() {
        let s = Scenario().power()
        for id in 1...12 {
            switch id {
            case 7: s.neuron("x7", thr: 1, exc: 0.5)
            case 11: s.neuron("x11", thr: 1, exc: 0.5)
            case 12: s.neuron("xacc", thr: 10, acc: true, exc: 0.5)
            default: s.neuron("filler\(id)", thr: 1)
            }
        }
        s.synapse("_power", "x7", w: 1, psp: 255).synapse("_power", "x11", w: 1, psp: 255).input(1...20, "xacc", 10).run(40)
        s.expectFires("x7", [2, 3, 5, 7, 8, 10, 12, 15, 16, 18, 19, 20, 22, 27, 29, 31, 32, 34, 35, 36, 38, 40])
        s.expectFires("x11", [2, 4, 6, 8, 9, 11, 12, 15, 16, 18, 20, 24, 26, 27, 29, 30, 32, 33, 36, 37, 39])
        let xacc = [1, 5, 7, 9, 10, 12, 15, 18, 20]
        #expect(s.firesIn("xacc") == xacc)
        for (t, v) in zip(xacc, [10, 40, 20, 20, 10, 20, 30, 30, 20] as [Float]) { s.expectFirePotential("xacc", at: t, v) }
    }

    @Test func s29ToS31SynapseSign() {
        let s = Scenario().neuron("e", thr: 1).neuron("i", thr: 1).neuron("tgt", thr: 100)
            .neuron("e2", thr: 1, refr: 5, acc: true).neuron("i2", thr: 1, refr: 5, acc: true).neuron("tgt2", thr: 1, refr: 5, acc: true)
        s.synapse("e", "tgt", w: 10, psp: 10).synapse("i", "tgt", w: 10, psp: 10, inh: true)
        s.synapse("e2", "tgt2", w: 128, psp: 255).synapse("i2", "tgt2", w: 128, psp: 255, inh: true)
        for name in ["e", "i", "e2", "i2"] { s.input([1], name, 2) }
        s.run(2)
        s.expectFires("tgt", []); s.expectFires("tgt2", [])
        s.expectPotential("tgt", after: 2, 0); s.expectPotential("tgt2", after: 2, 0)

        let mixed = Scenario().neuron("e", thr: 1).neuron("i", thr: 1).neuron("tgt", thr: 100)
        mixed.synapse("e", "tgt", w: 20, psp: 10).synapse("i", "tgt", w: 5, psp: 10, inh: true).input([1], "e", 2).input([1], "i", 2).run(2)
        mixed.expectFires("tgt", [2]); mixed.expectFirePotential("tgt", at: 2, 150)

        let negative = Scenario().neuron("i", thr: 1).neuron("e", thr: 1).neuron("tgt", thr: 100, acc: true)
        negative.synapse("i", "tgt", w: 10, psp: 10, inh: true).synapse("e", "tgt", w: 15, psp: 10)
        negative.input([1], "i", 2).input([3, 5], "e", 2).run(6)
        negative.expectFires("tgt", [6]); negative.expectFirePotential("tgt", at: 6, 200)
        for (t, v) in [(2, -100), (3, -100), (4, 50), (5, 50)] as [(Int, Float)] { negative.expectPotential("tgt", after: t, v) }
    }

    @Test func s32ToS35PSPDistribution() {
        let s = Scenario().neuron("sA", thr: 1, uniform: false).neuron("sB", thr: 1, uniform: true).neuron("sC", thr: 1, uniform: false)
        for name in ["a1", "a2"] { s.neuron(name, thr: 50) }
        for name in ["b1", "b2", "c1", "c2"] { s.neuron(name, thr: 100) }
        for (src, targets) in [("sA", ["a1", "a2"]), ("sB", ["b1", "b2"]), ("sC", ["c1", "c2"])] {
            for t in targets { s.synapse(src, t, w: 10, psp: 10) }
            s.input([1], src, 2)
        }
        s.run(2)
        for n in ["a1", "a2"] { s.expectFires(n, [2]); s.expectFirePotential(n, at: 2, 50) }
        for n in ["b1", "b2"] { s.expectFires(n, [2]); s.expectFirePotential(n, at: 2, 100) }
        for n in ["c1", "c2"] { s.expectFires(n, []); s.expectPotential(n, after: 2, 50) }

        let pairs = Scenario().neuron("sT", thr: 1, uniform: true).neuron("sF", thr: 1, uniform: false)
            .neuron("tT", thr: 200).neuron("tF", thr: 200)
        pairs.synapse("sT", "tT", w: 10, psp: 10).synapse("sT", "tT", w: 10, psp: 10)
        pairs.synapse("sF", "tF", w: 10, psp: 10).synapse("sF", "tF", w: 10, psp: 10)
        pairs.input([1], "sT", 2).input([1], "sF", 2).run(2)
        pairs.expectFires("tT", [2]); pairs.expectFirePotential("tT", at: 2, 200)
        pairs.expectFires("tF", []); pairs.expectPotential("tF", after: 2, 100)

        let fan = Scenario().neuron("sF", thr: 1, acc: true, uniform: false).neuron("sT", thr: 1, acc: true, uniform: true)
        for k in 0..<5 {
            fan.neuron("f\(k)", thr: 1, acc: true).neuron("t\(k)", thr: 1, acc: true)
            fan.synapse("sF", "f\(k)", w: 255, psp: 10).synapse("sT", "t\(k)", w: 255, psp: 10)
        }
        fan.input([1], "sF", 2).input([1], "sT", 2).run(2)
        for k in 0..<5 {
            fan.expectFires("f\(k)", [2]); fan.expectFirePotential("f\(k)", at: 2, 510)
            fan.expectFires("t\(k)", [2]); fan.expectFirePotential("t\(k)", at: 2, 2550)
        }

        let projector = Scenario().neuron("A", thr: 10, uniform: false).neuron("A2", thr: 10, uniform: true).neuron("A3", thr: 10, uniform: false)
        for k in 0..<10 {
            projector.neuron("B\(k)", thr: 10).neuron("C\(k)", thr: 10).neuron("D\(k)", thr: 10)
            projector.synapse("A", "B\(k)", w: 1, psp: 1).synapse("A2", "C\(k)", w: 1, psp: 1).synapse("A3", "D\(k)", w: 10, psp: 10)
        }
        projector.input([1], "A", 20).input([1], "A2", 20).input([1], "A3", 20).run(2)
        projector.expectFires("A", [1])
        for k in 0..<10 {
            projector.expectFires("B\(k)", []); projector.expectPotential("B\(k)", after: 2, 0.1)
            projector.expectFires("C\(k)", []); projector.expectPotential("C\(k)", after: 2, 1)
            projector.expectFires("D\(k)", [2]); projector.expectFirePotential("D\(k)", at: 2, 10)
        }
    }

    @Test func s36ChangingPSPRewritesSynapses() throws {
        let s = Scenario().neuron("src", thr: 1).neuron("tgt", thr: 10)
        try s.brain.connect("src", "tgt", morphology: .oneToOne, weight: 1) // psp from the source area
        let engine = BurstEngine(brain: s.brain)
        var fires: [Int] = [], potentials: [Float] = []
        let src = s.brain.area(named: "src")!, tgt = s.brain.area(named: "tgt")!
        for t in 1...4 {
            if t == 1 || t == 3 { engine.inject(area: src, local: 0, value: 2) }
            if t == 3 {
                var parameters = src.parameters
                parameters.psp = 20
                _ = try src.set(parameters)
            }
            try engine.step()
            if !engine.fired(in: tgt).isEmpty { fires.append(t); potentials.append(engine.firedPotentials(in: tgt)[0]) }
            if t == 2 { #expect(tgt.membranePotential[0] == 1) }
        }
        #expect(fires == [4])
        #expect(potentials == [20])
    }

    @Test func s37OneBurstDelayPerHop() {
        let s = Scenario().neuron("n1", thr: 1).neuron("n2", thr: 100).neuron("n3", thr: 100)
        for name in ["m1", "m2", "m3", "m4"] { s.neuron(name, thr: 1, refr: 5, acc: true) }
        s.synapse("n1", "n2", w: 10, psp: 10).synapse("n2", "n3", w: 10, psp: 10)
        s.synapse("m1", "m2", w: 255, psp: 255).synapse("m2", "m3", w: 255, psp: 255).synapse("m3", "m4", w: 255, psp: 255)
        s.input([1], "n1", 2).input([1], "m1", 2).run(6)
        s.expectFires("n1", [1]); s.expectFires("n2", [2]); s.expectFires("n3", [3]); s.expectFirePotential("n2", at: 2, 100)
        for (k, name) in ["m1", "m2", "m3", "m4"].enumerated() { s.expectFires(name, [k + 1]) }
        for (k, name) in ["m2", "m3", "m4"].enumerated() { s.expectFirePotential(name, at: k + 2, 65025) }
    }

    @Test func s38AndS39ConvergenceDivergence() {
        let s = Scenario()
        for name in ["s1", "s2", "s3", "s4"] { s.neuron(name, thr: 1) }
        s.neuron("tgt", thr: 200).neuron("tgt3", thr: 200).neuron("tgt4", thr: 150)
        s.synapse("s1", "tgt", w: 10, psp: 10).synapse("s2", "tgt", w: 10, psp: 10).synapse("s3", "tgt3", w: 10, psp: 10).synapse("s4", "tgt4", w: 10, psp: 10)
        for name in ["s1", "s2", "s3", "s4"] { s.input([1], name, 2) }
        s.input([2], "tgt4", 50).run(2)
        s.expectFires("tgt", [2]); s.expectFirePotential("tgt", at: 2, 200)
        s.expectFires("tgt3", []); s.expectPotential("tgt3", after: 2, 100)
        s.expectFires("tgt4", [2]); s.expectFirePotential("tgt4", at: 2, 150)

        let d = Scenario().neuron("s1", thr: 1).neuron("s2", thr: 1).neuron("hub", thr: 200, uniform: true).neuron("hubF", thr: 200, uniform: false)
        for name in ["t1", "t2", "u1", "u2"] { d.neuron(name, thr: 100) }
        for src in ["s1", "s2"] { d.synapse(src, "hub", w: 10, psp: 10).synapse(src, "hubF", w: 10, psp: 10) }
        d.synapse("hub", "t1", w: 10, psp: 10).synapse("hub", "t2", w: 10, psp: 10)
        d.synapse("hubF", "u1", w: 10, psp: 10).synapse("hubF", "u2", w: 10, psp: 10)
        d.input([1], "s1", 2).input([1], "s2", 2).run(4)
        d.expectFires("hub", [2]); d.expectFirePotential("hub", at: 2, 200)
        d.expectFires("hubF", [2]); d.expectFirePotential("hubF", at: 2, 200)
        d.expectFires("t1", [3]); d.expectFires("t2", [3]); d.expectFirePotential("t1", at: 3, 100)
        d.expectFires("u1", []); d.expectFires("u2", [])
    }

    @Test func s40ThreeLayerNetwork() {
        func network() -> Scenario {
            let s = Scenario().neuron("_power", thr: 1, leak: 0.1, refr: 5, acc: true)
            let layers = [(0..<5).map { "I\($0)" }, (0..<5).map { "H\($0)" }, (0..<3).map { "O\($0)" }]
            for layer in layers { for name in layer { s.neuron(name, thr: 1, leak: 0.1, refr: 5, acc: true) } }
            for i in layers[0] { for h in layers[1] { s.synapse(i, h, w: 200, psp: 255) } }
            for h in layers[1] { for o in layers[2] { s.synapse(h, o, w: 200, psp: 255) } }
            return s
        }
        let a = network().input(1...10, "I0", 1).input(1...10, "I1", 1).run(10)
        a.expectFires("_power", [1, 7]); a.expectFires("I0", [1, 7]); a.expectFires("I1", [1, 7]); a.expectFires("I2", [])
        for k in 0..<5 { a.expectFires("H\(k)", [2, 8]); a.expectFirePotential("H\(k)", at: 2, 102000) }
        for k in 0..<3 { a.expectFires("O\(k)", [3, 9]); a.expectFirePotential("O\(k)", at: 3, 255000) }
        let b = network().input([2], "I0", 1.5).input([2], "I1", 1.5).run(6)
        b.expectFires("_power", [1]); b.expectFires("I0", [2]); b.expectFires("H0", [3]); b.expectFires("O0", [4])
    }

    @Test func s41ZeroWeightStillMakesACandidate() {
        let s = Scenario().neuron("src", thr: 1).neuron("tgt", thr: 1).neuron("src2", thr: 1)
            .neuron("z", thr: 100, leak: 0.5, acc: true).neuron("ctrl", thr: 100, leak: 0.5, acc: true)
        s.synapse("src", "tgt", w: 0, psp: 10).synapse("src2", "z", w: 0, psp: 10)
        s.input([1], "src", 2).input([1], "z", 40).input([1], "ctrl", 40).input([2], "src2", 2).run(3)
        s.expectFires("tgt", []); s.expectPotential("tgt", after: 2, 0)
        for (t, v) in [(1, 20), (2, 20), (3, 10)] as [(Int, Float)] { s.expectPotential("z", after: t, v) }
        for t in 1...3 { s.expectPotential("ctrl", after: t, 20) }
    }

    @Test func s42MaximumContribution() {
        let s = Scenario().neuron("src", thr: 1).neuron("tgt", thr: 10000).neuron("srci", thr: 1).neuron("tinh", thr: 1, acc: true)
        s.synapse("src", "tgt", w: 255, psp: 255).synapse("srci", "tinh", w: 255, psp: 255, inh: true)
        s.input([1], "src", 2).input([1], "srci", 2).run(2)
        s.expectFires("tgt", [2]); s.expectFirePotential("tgt", at: 2, 65025)
        s.expectFires("tinh", []); s.expectPotential("tinh", after: 2, -65025)
    }

    @Test func s43PowerNeuron() {
        let core = Scenario().neuron("_power", thr: 1, leak: 0.1, refr: 5, acc: true).run(20)
        core.expectFires("_power", [1, 7, 13, 19])
        let genome = Scenario().power().neuron("tgt", thr: 1).synapse("_power", "tgt", w: 1, psp: 255).run(6)
        genome.expectFires("_power", Array(1...6)); genome.expectFirePotential("_power", at: 1, 1)
        genome.expectFires("tgt", Array(2...6)); genome.expectFirePotential("tgt", at: 2, 255)
    }

    @Test func excitabilityHashMatchesReferenceValues() {
        #expect(ExcitabilityHash.pcg(42) == 1_223_963_391)
        #expect(ExcitabilityHash.pcg(0) == 129_708_002)
        let samples: [(Int, UInt64, UInt32)] = [(0, 1, 0x3F00_7631), (1, 1, 0x3F6E_0841), (2, 1, 0x3EF8_17D8), (0, 2, 0x3ED0_FA2D),
                                                (1, 2, 0x3F50_9E40), (3, 5, 0x3F38_6061), (7, 12, 0x3DDE_6A9B), (11, 10, 0x3F0F_0749),
                                                (42, 100, 0x3F3D_93DA), (42, 101, 0x3EE0_DD18)]
        for (neuron, burst, bits) in samples {
            #expect(ExcitabilityHash.random(neuron: neuron, burst: burst).bitPattern == bits, "r(\(neuron), \(burst))")
        }
    }
}
