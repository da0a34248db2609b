import Testing
import TrustMonitorLedger

@Suite("Ledger Merkle hashing")
struct MerkleHashLedgerTests {
    @Test("the empty root is SHA-256 of no bytes (LEDGER.md)")
    func emptyRoot() {
        #expect(RFC6962.emptyRoot.base64 == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
        #expect(RFC6962.rootHash(leafHashes: []) == RFC6962.emptyRoot)
        #expect(MerkleTree().rootHash == RFC6962.emptyRoot)
    }

    @Test("MTH of the leaves a, b, c (LEDGER.md vector)")
    func threeLeaves() throws {
        let leaves = ["a", "b", "c"].map { RFC6962.leafHash(entry: Array($0.utf8)) }
        let expected = "36642e73c2540ab121e3a6bf9545b0a24982cd830eb13d3cd19de3ce6c021ec1"
        #expect(RFC6962.rootHash(leafHashes: leaves).hex == expected)
        #expect(MerkleTree(leafHashes: leaves).rootHash.hex == expected)
    }

    /// The eight leaves and the roots of their prefixes, from transparency-dev/merkle `proof/verify_test.go`
    /// (`leaves` and `roots`), the vectors Go's RFC 6962 implementation and certificate-transparency share.
    static let referenceLeaves: [[UInt8]] = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ].map(LedgerFixtures.bytes)

    static let referenceRoots: [(size: Int, root: String)] = [
        (1, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
        (2, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
        (3, "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77"),
        (4, "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        (5, "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4"),
        (6, "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef"),
        (7, "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c"),
        (8, "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"),
    ]

    static var referenceTree: MerkleTree {
        var tree = MerkleTree()
        for leaf in referenceLeaves { tree.append(entry: leaf) }
        return tree
    }

    @Test("roots of the reference tree's prefixes", arguments: referenceRoots)
    func referenceRoot(size: Int, root: String) throws {
        let leaves = Self.referenceLeaves.prefix(size).map { RFC6962.leafHash(entry: $0) }
        #expect(RFC6962.rootHash(leafHashes: leaves).hex == root)
        #expect(try Self.referenceTree.rootHash(size: size).hex == root)
    }

    @Test("the incremental tree agrees with the recursive definition at every size up to 300")
    func incrementalMatchesRecursive() throws {
        let (tree, leaves) = LedgerFixtures.tree(count: 300)
        for size in 0...300 {
            #expect(try tree.rootHash(size: size) == RFC6962.rootHash(leafHashes: Array(leaves.prefix(size))))
        }
        #expect(throws: LedgerError.self) { try tree.rootHash(size: 301) }
        #expect(throws: LedgerError.self) { try tree.leafHash(at: 300) }
        #expect(try tree.leafHash(at: 299) == leaves[299])
    }

    @Test("hash text forms reject wrong lengths and non-canonical base64", arguments: [
        "", "00", String(repeating: "00", count: 31), String(repeating: "00", count: 33),
        String(repeating: "zz", count: 32),
    ])
    func rejectsBadHex(hex: String) {
        #expect(MerkleHash(hex: hex) == nil)
    }

    @Test("base64 hashes are canonical only", arguments: [
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU", // no padding
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV=", // non-zero trailing bits
        " 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", // whitespace
        "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU=", // URL alphabet
        "AAAA",
    ])
    func rejectsBadBase64(text: String) {
        #expect(MerkleHash(base64: text) == nil)
        #expect(MerkleHash(base64: "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=") == RFC6962.emptyRoot)
    }
}
