/// The comparison in a condition.
///
/// Gatus finds it by looking for ` == `, ` != `, ` <= `, ` >= `, ` > `, ` < ` in that order, each with one space
/// on either side, and splits there; the first that occurs wins. So `[BODY] == pat(*a < b*)` is an equality,
/// and `[STATUS]==200` has no operator at all.
enum ConditionOperator: String, Sendable, Hashable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case lessOrEqual = "<="
    case greaterOrEqual = ">="
    case greater = ">"
    case less = "<"

    /// Gatus's search order: the two-character operators before the one-character ones they contain.
    static let searchOrder: [ConditionOperator] = [.equal, .notEqual, .lessOrEqual, .greaterOrEqual, .greater, .less]

    /// `==` and `!=` compare text (or integers); the others compare numbers and durations.
    var isOrdering: Bool {
        switch self {
        case .equal, .notEqual: false
        case .lessOrEqual, .greaterOrEqual, .greater, .less: true
        }
    }

    /// The operator as it must appear in a condition, spaces included.
    var spaced: [Character] { Array(" \(rawValue) ") }

    /// Whether `order` (-1, 0, 1: left compared with right) satisfies an ordering operator.
    func holds(forOrder order: Int) -> Bool {
        switch self {
        case .less: order < 0
        case .lessOrEqual: order <= 0
        case .greater: order > 0
        case .greaterOrEqual: order >= 0
        case .equal: order == 0
        case .notEqual: order != 0
        }
    }
}
