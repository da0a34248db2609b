/// Stable string ids with a type prefix (`inc_3f9a…`), random so two replicas never collide.
enum Identifiers {
    static func make(_ prefix: String) -> String {
        var random = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return prefix + "_" + String((0..<16).map { _ in digits[Int(random.next() % 16)] })
    }
}
