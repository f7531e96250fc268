import Testing
@testable import SpatiumRuntime

@Suite("FEAGI area ids")
struct FEAGIAreaIDTests {
    @Test func base64IdsDecodeToThe2xIds() {
        // Every id of vision_genome.v3.json and its 2.x counterpart.
        let pairs = [
            ("X19fZGVhdGg=", "_death"), ("X19fcG93ZXI=", "_power"), ("Y080TTNfX18=", "cO4M3_"), ("Y0lITW90X18=", "cIHMot"),
            ("Y0pXTTNfX18=", "cJWM3_"), ("Y0tRTTJfX18=", "cKQM2_"), ("Y0tZTTJfX18=", "cKYM2_"), ("Y0xXTTRfX18=", "cLWM4_"),
            ("Y19fYmFjX18=", "c__bac"), ("Y19fZm9yX18=", "c__for"), ("Y19fbGVmX18=", "c__lef"), ("Y19fcmlnX18=", "c__rig"),
            ("Y1JTTW90X18=", "cRSMot"), ("Y1RHTTRfX18=", "cTGM4_"), ("aXN2aQkAAAA=", "iic000"), ("aXN2aRkAAAA=", "iic100"),
            ("aXN2aSkAAAA=", "iic200"), ("aXN2aTkAAAA=", "iic300"), ("aXN2aUkAAAA=", "iic400"), ("aXN2aVkAAAA=", "iic500"),
            ("aXN2aWkAAAA=", "iic600"), ("aXN2aXkAAAA=", "iic700"), ("aXN2aYkAAAA=", "iic800"), ("b21vdAUAAAA=", "omot00"),
            ("b2dhegIAAAA=", "ogaz00"),
        ]
        for (encoded, legacy) in pairs { #expect(FEAGIAreaID.decode(encoded) == legacy, "\(encoded)") }
    }

    @Test func otherIdsAreUnchangedOrDecodedReadably() {
        #expect(FEAGIAreaID.decode("iic400") == "iic400")
        #expect(FEAGIAreaID.decode("c_avoid") == "c_avoid")
        #expect(FEAGIAreaID.decode("not!base64!!") == "not!base64!!")
        #expect(FEAGIAreaID.decode("aXRlbgoAAAA=") == "iten_0a000000")     // an IO id without a legacy name
        #expect(FEAGIAreaID.decode("Y2JlbmFhX18=") == "cbenaa")            // GENOME.md's example: cbenaa__
    }

    @Test func base64DecoderIsStrict() {
        #expect(FEAGIAreaID.base64Decode("X19fcG93ZXI=") == Array("___power".utf8))
        #expect(FEAGIAreaID.base64Decode("YWI=") == Array("ab".utf8))
        #expect(FEAGIAreaID.base64Decode("YQ==") == Array("a".utf8))
        #expect(FEAGIAreaID.base64Decode("YQ=") == nil)
        #expect(FEAGIAreaID.base64Decode("Y=Q=") == nil)
        #expect(FEAGIAreaID.base64Decode("****") == nil)
    }

    @Test func idsAreDerivedDeterministically() {
        #expect(FEAGIAreaID.isValid("c__for") && FEAGIAreaID.isValid("_power") && FEAGIAreaID.isValid("iic400"))
        #expect(!FEAGIAreaID.isValid("retina") && !FEAGIAreaID.isValid("c_for") && !FEAGIAreaID.isValid("c-for1"))
        #expect(FEAGIAreaID.derive(from: "retina", taken: []) == "cretin")
        #expect(FEAGIAreaID.derive(from: "v1", taken: []) == "cv1___")
        #expect(FEAGIAreaID.derive(from: "my area", taken: []) == "cmy_ar")
        #expect(FEAGIAreaID.derive(from: "c__for", taken: []) == "c__for")
        let clash = FEAGIAreaID.derive(from: "retina2", taken: ["cretin"])
        #expect(FEAGIAreaID.isValid(clash) && clash.hasPrefix("cre") && clash != "cretin")
        #expect(FEAGIAreaID.derive(from: "retina2", taken: ["cretin"]) == clash)
        let second = FEAGIAreaID.derive(from: "retina2", taken: ["cretin", clash])
        #expect(second != clash && FEAGIAreaID.isValid(second))
    }
}
