/// A set of whole UTC seconds as sorted, disjoint, non-touching half-open spans `[lower, upper)` of Unix seconds.
///
/// SLA figures are unions, clips and differences of time spans (incidents that overlap, windows that recur); doing
/// that arithmetic on integers keeps every figure exact to the second and additive: the seconds of a period are the
/// sum of the seconds of its days, which is what lets a verifier add up daily summaries and get the report's figure.
public struct SecondSpans: Sendable, Equatable {
    public private(set) var spans: [Range<Int64>]

    public static let empty = SecondSpans([])

    /// The union of `ranges`, in any order, overlapping or not; empty ranges are dropped.
    public init(_ ranges: some Sequence<Range<Int64>>) {
        var merged: [Range<Int64>] = []
        for range in ranges.filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        spans = merged
    }

    public var seconds: Int64 { spans.reduce(0) { $0 + Int64($1.count) } }
    public var isEmpty: Bool { spans.isEmpty }

    /// The part inside `range`.
    public func clamped(to range: Range<Int64>) -> SecondSpans {
        SecondSpans(spans.compactMap { span in
            let lower = max(span.lowerBound, range.lowerBound), upper = min(span.upperBound, range.upperBound)
            return lower < upper ? lower..<upper : nil
        })
    }

    /// How many of the seconds in `range` are in the set.
    public func seconds(in range: Range<Int64>) -> Int64 { clamped(to: range).seconds }

    /// The seconds in this set and not in `other`.
    public func subtracting(_ other: SecondSpans) -> SecondSpans {
        var result: [Range<Int64>] = []
        var index = 0
        for span in spans {
            var lower = span.lowerBound
            while index < other.spans.count, other.spans[index].upperBound <= lower { index += 1 }
            var probe = index
            while probe < other.spans.count, other.spans[probe].lowerBound < span.upperBound {
                let cut = other.spans[probe]
                if cut.lowerBound > lower { result.append(lower..<cut.lowerBound) }
                lower = max(lower, cut.upperBound)
                probe += 1
            }
            if lower < span.upperBound { result.append(lower..<span.upperBound) }
        }
        return SecondSpans(result)
    }

    /// The seconds in both sets.
    public func intersection(_ other: SecondSpans) -> SecondSpans {
        subtracting(subtracting(other))
    }
}
