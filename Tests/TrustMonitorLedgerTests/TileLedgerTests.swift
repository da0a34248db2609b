import Testing
import TrustMonitorLedger

@Suite("Ledger tiles")
struct TileLedgerTests {
    @Test("tile index paths", arguments: [
        (0, "000"), (1, "001"), (999, "999"), (1000, "x001/000"), (1234, "x001/234"),
        (1_234_067, "x001/x234/067"), (1_000_000, "x001/x000/000"),
    ])
    func paths(index: Int, path: String) {
        #expect(TilePath.encode(index: index) == path)
    }

    @Test("tile and bundle paths with partial widths")
    func fullPaths() {
        #expect(TilePath.hashTile(level: 0, index: 1234) == "tile/0/x001/234")
        #expect(TilePath.hashTile(level: 1, index: 0, width: 7) == "tile/1/000.p/7")
        #expect(TilePath.entryBundle(index: 1_234_067, width: 255) == "tile/entries/x001/x234/067.p/255")
    }

    @Test("hash tiles hold the level's subtree roots")
    func hashTiles() throws {
        let (tree, leaves) = LedgerFixtures.tree(count: 600)
        let full = try tree.tile(level: 0, index: 0, size: 600)
        #expect(full.count == 8_192)
        #expect(try HashTile.hashes(full) == Array(leaves[0..<256]))
        #expect(MerkleTree.tileWidth(level: 0, index: 2, size: 600) == 88)
        #expect(try HashTile.hashes(tree.tile(level: 0, index: 2, size: 600)) == Array(leaves[512..<600]))
        #expect(MerkleTree.tileWidth(level: 1, index: 0, size: 600) == 2)
        let level1 = try HashTile.hashes(tree.tile(level: 1, index: 0, size: 600))
        #expect(level1 == [RFC6962.rootHash(leafHashes: Array(leaves[0..<256])),
                           RFC6962.rootHash(leafHashes: Array(leaves[256..<512]))])
        #expect(throws: LedgerError.self) { try tree.tile(level: 0, index: 3, size: 600) }
        #expect(throws: LedgerError.self) { try HashTile.hashes([UInt8](repeating: 0, count: 33)) }
        #expect(throws: LedgerError.self) { try HashTile.hashes([UInt8](repeating: 0, count: 32 * 257)) }
    }

    @Test("entry bundles round trip with uint16 length prefixes")
    func bundles() throws {
        let entries: [[UInt8]] = [Array("a".utf8), [], [UInt8](repeating: 7, count: 300),
                                  [UInt8](repeating: 1, count: 65_535)]
        let bytes = try EntryBundle.encode(entries)
        #expect(Array(bytes.prefix(5)) == [0x00, 0x01, 0x61, 0x00, 0x00])
        #expect(Array(bytes[5..<7]) == [0x01, 0x2C])
        #expect(try EntryBundle.decode(bytes) == entries)
        #expect(throws: LedgerError.self) { try EntryBundle.encode([[UInt8](repeating: 0, count: 65_536)]) }
        #expect(throws: LedgerError.self) { try EntryBundle.decode(Array(bytes.dropLast())) }
        #expect(throws: LedgerError.self) { try EntryBundle.decode([0x00]) }
        #expect(throws: LedgerError.self) { try EntryBundle.encode(Array(repeating: [], count: 257)) }
    }
}

@Suite("Ledger tile path parsing") struct TilePathParseLedgerTests {
    @Test(arguments: [
        ("0/000", TilePath.Request?.some(.hashes(level: 0, index: 0, width: 256))),
        ("0/x001/234", .some(.hashes(level: 0, index: 1234, width: 256))),
        ("2/x001/x234/067.p/17", .some(.hashes(level: 2, index: 1_234_067, width: 17))),
        ("entries/005", .some(.entries(index: 5, width: 256))),
        ("entries/000.p/3", .some(.entries(index: 0, width: 3))),
        ("0/5", nil), ("0/0005", nil), ("0/x000/005", nil), ("0/001/234", nil), ("0/000.p/256", nil),
        ("0/000.p/0", nil), ("0/000.p/07", nil), ("01/000", nil), ("x/000", nil), ("entries", nil), ("", nil),
        ("0/000/", nil), ("0/-01", nil),
    ])
    func parsesOnlyCanonicalPaths(path: String, expected: TilePath.Request?) {
        #expect(TilePath.parse(Substring(path)) == expected)
    }

    @Test(arguments: [0, 1, 999, 1000, 1234, 1_234_067, 999_999_999])
    func roundTripsWithEncode(index: Int) {
        #expect(TilePath.parse(TilePath.hashTile(level: 1, index: index, width: 9).dropFirst(5)) == .hashes(level: 1, index: index, width: 9))
        #expect(TilePath.parse(TilePath.entryBundle(index: index).dropFirst(5)) == .entries(index: index, width: 256))
    }
}
