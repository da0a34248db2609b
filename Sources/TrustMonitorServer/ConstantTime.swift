/// Comparing secrets without an early exit: the time a comparison takes says nothing of how much of a guess was
/// right. (Lengths are no secret: every token of a kind has the same.)
enum ConstantTime {
    static func equal(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8), right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
