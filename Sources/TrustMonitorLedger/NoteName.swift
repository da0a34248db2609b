/// The rule C2SP signed-note sets for key names and tlog-checkpoint for origins: non-empty, no Unicode spaces,
/// no '+', no control characters. A name breaking it would make a signature line or a vkey ambiguous.
enum NoteName {
    static func isValid(_ name: String) -> Bool {
        !name.isEmpty
            && !name.unicodeScalars.contains { scalar in
                scalar == "+" || scalar.properties.isWhitespace || scalar.value < 0x20 || scalar.value == 0x7F
            }
    }
}
